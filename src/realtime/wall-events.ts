// Socket.IO event maps of the /wall namespace, shared by the server and the wallboard in the browser.
import type { AgentView, CallerView, KpiView, OverdueView, QueueView, WallSnapshot } from '../live/wall-views.ts';
import type { PbxStatus } from './desk-events.ts';

export interface WallServerEvents {
  /** Everything, on connect (and on every reconnect). */
  snapshot: (snapshot: WallSnapshot) => void;
  'queue:update': (queue: QueueView) => void;
  /** A waiting caller changed place, or left the queues (`gone`). */
  'caller:update': (caller: CallerView | { uniqueid: string; gone: true }) => void;
  'agent:update': (agent: AgentView) => void;
  'kpi:update': (kpis: KpiView) => void;
  'overdue:update': (overdue: OverdueView) => void;
  'pbx-status': (status: PbxStatus) => void;
  'session-ended': (reason: string) => void;
  /**
   * To a wallboard that asked for frames (`auth: { updates: 'frames' }`): the updates above that fell due
   * at one moment, in order, as one message (no later than they would have gone one by one).
   */
  updates: (frame: WallUpdate[]) => void;
}

/** The item updates, as they travel one by one or in a frame. */
type ItemEvent = 'queue:update' | 'caller:update' | 'agent:update' | 'kpi:update' | 'overdue:update';
export type WallUpdate = { [E in ItemEvent]: { event: E; data: Parameters<WallServerEvents[E]>[0] } }[ItemEvent];

/** What a wallboard puts in its handshake's `auth` to get its updates in frames. */
export const WALL_FRAMES_AUTH = { updates: 'frames' } as const;

export type WallClientEvents = Record<string, never>;

/** At most one update per item per this window (a burst of events is coalesced). */
export const WALL_COALESCE_MS = 250;
