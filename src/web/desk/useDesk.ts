// The desk's live state from the /desk namespace: the PBX, the operator's presence, the screen pop.
import { ref } from 'vue';
import type { ScreenPop } from '../../desk/screen-pop.ts';
import type { AgentPresence } from '../../queues/agent-state.ts';
import type { DeskServerEvents } from '../../realtime/desk-events.ts';
import { useLiveSocket } from '../shared/live-socket.ts';

export function useDesk() {
  const { socket, connected, pbx, pbxUp } = useLiveSocket<DeskServerEvents>('/desk');
  const presence = ref<AgentPresence | null>(null);
  const pop = ref<ScreenPop | null>(null);
  socket.on('agent-state', (state) => (presence.value = state));
  socket.on('screen-pop', (next) => (pop.value = next));
  return { connected, pbx, pbxUp, presence, pop };
}
