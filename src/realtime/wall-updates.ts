// What a wallboard does with an update, one by one or from a frame: shared by the web wallboard and the tests' client.
import type { AgentView, CallerView, KpiView, OverdueView, QueueView } from '../live/wall-views.ts';
import type { WallUpdate } from './wall-events.ts';

export interface WallState {
  queues: Map<string, QueueView>;
  callers: Map<string, CallerView>;
  agents: Map<string, AgentView>;
  setKpis(kpis: KpiView): void;
  setOverdue(overdue: OverdueView): void;
}

export function applyWallUpdate(state: WallState, update: WallUpdate): void {
  switch (update.event) {
    case 'queue:update':
      state.queues.set(update.data.queue, update.data);
      break;
    case 'caller:update':
      if ('gone' in update.data) state.callers.delete(update.data.uniqueid);
      else state.callers.set(update.data.uniqueid, update.data);
      break;
    case 'agent:update':
      state.agents.set(update.data.agentInterface, update.data);
      break;
    case 'kpi:update':
      state.setKpis(update.data);
      break;
    case 'overdue:update':
      state.setOverdue(update.data);
      break;
  }
}
