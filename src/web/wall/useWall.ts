// The wallboard's live state from the /wall namespace: a snapshot on every (re)connect, then deltas.
import { computed, reactive, ref } from 'vue';
import type { AgentView, CallerView, KpiView, OverdueView, QueueView, WallSnapshot } from '../../live/wall-views.ts';
import { WALL_FRAMES_AUTH, type WallServerEvents } from '../../realtime/wall-events.ts';
import { applyWallUpdate } from '../../realtime/wall-updates.ts';
import { useLiveSocket } from '../shared/live-socket.ts';

export function useWall() {
  const { socket, connected, pbx, pbxUp } = useLiveSocket<WallServerEvents>('/wall', WALL_FRAMES_AUTH);
  const offsetMs = ref(0);
  const queues = reactive(new Map<string, QueueView>());
  const callers = reactive(new Map<string, CallerView>());
  const agents = reactive(new Map<string, AgentView>());
  const kpis = ref<KpiView | null>(null);
  const overdue = ref<OverdueView>({ red: 0, yellow: 0 });
  const settings = ref<WallSnapshot['settings']>({ slSeconds: 15, shortAbandonSeconds: 5 });
  const masked = ref(false);

  socket.on('snapshot', (snapshot) => {
    offsetMs.value = snapshot.serverNow - Date.now();
    queues.clear();
    for (const queue of snapshot.queues) queues.set(queue.queue, queue);
    callers.clear();
    for (const caller of snapshot.callers) callers.set(caller.uniqueid, caller);
    agents.clear();
    for (const agent of snapshot.agents) agents.set(agent.agentInterface, agent);
    kpis.value = snapshot.kpis;
    overdue.value = snapshot.overdue;
    settings.value = snapshot.settings;
    masked.value = snapshot.masked;
  });
  // the updates come in frames (those due at one moment), applied in order
  const state = { queues, callers, agents, setKpis: (view: KpiView) => (kpis.value = view), setOverdue: (view: OverdueView) => (overdue.value = view) };
  socket.on('updates', (frame) => frame.forEach((update) => applyWallUpdate(state, update)));
  const waitingIn = (queue: string) => [...callers.values()].filter((caller) => caller.queue === queue).sort((a, b) => a.position - b.position);
  const agentList = computed(() => [...agents.values()].sort((a, b) => (a.extension ?? a.agentInterface).localeCompare(b.extension ?? b.agentInterface)));

  return { connected, pbx, pbxUp, offsetMs, queues, waitingIn, agentList, kpis, overdue, settings, masked };
}
