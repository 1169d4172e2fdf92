// The desk's live state from the /desk namespace: the PBX, the operator's presence, the screen pop, wrap-up.
import { ref } from 'vue';
import type { ScreenPop } from '../../desk/screen-pop.ts';
import type { AgentPresence } from '../../queues/agent-state.ts';
import type { WrapUpState } from '../../queues/wrap-up.ts';
import type { DeskServerEvents } from '../../realtime/desk-events.ts';
import { useLiveSocket } from '../shared/live-socket.ts';

export function useDesk() {
  const { socket, connected, pbx, pbxUp } = useLiveSocket<DeskServerEvents>('/desk');
  const presence = ref<AgentPresence | null>(null);
  const pop = ref<ScreenPop | null>(null);
  socket.on('agent-state', (state) => (presence.value = state));
  const wrapUp = ref<WrapUpState | null>(null);
  socket.on('screen-pop', (next) => (pop.value = next));
  socket.on('wrap-up', (state) => (wrapUp.value = state));
  return { connected, pbx, pbxUp, presence, pop, wrapUp };
}
