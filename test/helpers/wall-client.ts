// A /wall client for the tests: keeps the state the wallboard would show (snapshot, then deltas) and
// when each update arrived — an update per message, or (`frames`) as the web wallboard takes them.
import { io, type Socket } from 'socket.io-client';
import type { AgentView, CallerView, KpiView, OverdueView, QueueView, WallSnapshot } from '../../src/live/wall-views.ts';
import { WALL_FRAMES_AUTH, type WallServerEvents, type WallUpdate } from '../../src/realtime/wall-events.ts';
import { applyWallUpdate } from '../../src/realtime/wall-updates.ts';
import { waitFor } from './hotline-server.ts';

export async function wallClient(baseUrl: string, token: string, { frames = false } = {}) {
  const socket: Socket<WallServerEvents> = io(`${baseUrl}/wall`, { auth: { token, ...(frames && WALL_FRAMES_AUTH) }, transports: ['websocket'] });
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
    /** How many frames came (each holding updates that are in the log one by one). */
    frames: 0,
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
  // the maps are replaced on each snapshot: the current ones each time
  const apply = (update: WallUpdate) => {
    note(update.event, update.data);
    const { queues, callers, agents } = state;
    applyWallUpdate({ queues, callers, agents, setKpis: (kpis) => (state.kpis = kpis), setOverdue: (overdue) => (state.overdue = overdue) }, update);
  };
  socket.on('queue:update', (data) => apply({ event: 'queue:update', data }));
  socket.on('caller:update', (data) => apply({ event: 'caller:update', data }));
  socket.on('agent:update', (data) => apply({ event: 'agent:update', data }));
  socket.on('kpi:update', (data) => apply({ event: 'kpi:update', data }));
  socket.on('overdue:update', (data) => apply({ event: 'overdue:update', data }));
  socket.on('updates', (frame) => {
    state.frames++;
    frame.forEach(apply);
  });
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
