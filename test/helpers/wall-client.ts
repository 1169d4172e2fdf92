// A /wall client for the tests: keeps the state the wallboard would show (snapshot, then deltas) and
// when each update arrived.
import { io, type Socket } from 'socket.io-client';
import type { AgentView, CallerView, KpiView, OverdueView, QueueView, WallSnapshot } from '../../src/live/wall-views.ts';
import type { WallServerEvents } from '../../src/realtime/wall-events.ts';
import { waitFor } from './hotline-server.ts';

export async function wallClient(baseUrl: string, token: string) {
  const socket: Socket<WallServerEvents> = io(`${baseUrl}/wall`, { auth: { token }, transports: ['websocket'] });
  const state = {
    snapshots: 0,
    queues: new Map<string, QueueView>(),
    callers: new Map<string, CallerView>(),
    agents: new Map<string, AgentView>(),
    kpis: undefined as KpiView | undefined,
    overdue: undefined as OverdueView | undefined,
    masked: false,
    /** Every update as it arrived: [event, receivedAt (epoch ms)]. */
    log: [] as { event: string; at: number; body: unknown }[],
  };
  const note = (event: string, body: unknown) => state.log.push({ event, at: performance.timeOrigin + performance.now(), body });
  socket.on('snapshot', (snapshot: WallSnapshot) => {
    note('snapshot', snapshot);
    state.snapshots++;
    state.queues = new Map(snapshot.queues.map((queue) => [queue.queue, queue]));
    state.callers = new Map(snapshot.callers.map((caller) => [caller.uniqueid, caller]));
    state.agents = new Map(snapshot.agents.map((agent) => [agent.agentInterface, agent]));
    state.kpis = snapshot.kpis;
    state.overdue = snapshot.overdue;
    state.masked = snapshot.masked;
  });
  socket.on('queue:update', (queue) => (note('queue:update', queue), state.queues.set(queue.queue, queue)));
  socket.on('caller:update', (caller) => {
    note('caller:update', caller);
    if ('gone' in caller) state.callers.delete(caller.uniqueid);
    else state.callers.set(caller.uniqueid, caller);
  });
  socket.on('agent:update', (agent) => (note('agent:update', agent), state.agents.set(agent.agentInterface, agent)));
  socket.on('kpi:update', (kpis) => (note('kpi:update', kpis), (state.kpis = kpis)));
  socket.on('overdue:update', (overdue) => (note('overdue:update', overdue), (state.overdue = overdue)));
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    state,
    /** Waiting callers of a queue, in order. */
    waiting: (queue: string) => [...state.callers.values()].filter((caller) => caller.queue === queue).sort((a, b) => a.position - b.position),
    agent: (extension: string) => state.agents.get(`PJSIP/${extension}`),
    today: () => state.kpis?.windows.today?.all,
    until: <T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000) => waitFor(what, () => probe() || undefined, timeoutMs, 25),
    close: () => socket.close(),
  };
}
