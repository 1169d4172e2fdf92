// The desk's live state from the /desk namespace: the PBX, the operator's presence, the screen pop.
import { io, type Socket } from 'socket.io-client';
import { computed, onUnmounted, ref } from 'vue';
import type { ScreenPop } from '../../desk/screen-pop.ts';
import type { AgentPresence } from '../../queues/agent-state.ts';
import type { DeskClientEvents, DeskServerEvents, PbxStatus } from '../../realtime/desk-events.ts';

export function useDesk(onSessionEnded: () => void) {
  const connected = ref(false);
  const pbx = ref<PbxStatus | null>(null);
  const presence = ref<AgentPresence | null>(null);
  const pop = ref<ScreenPop | null>(null);
  const socket: Socket<DeskServerEvents, DeskClientEvents> = io('/desk', { transports: ['websocket'] });
  socket.on('connect', () => (connected.value = true));
  socket.on('disconnect', () => (connected.value = false));
  socket.on('connect_error', (error) => {
    if (/unauthorized|forbidden/.test(error.message)) onSessionEnded();
  });
  socket.on('session-ended', () => onSessionEnded());
  socket.on('pbx-status', (status) => (pbx.value = status));
  socket.on('agent-state', (state) => (presence.value = state));
  socket.on('screen-pop', (next) => (pop.value = next));
  onUnmounted(() => socket.close());
  const pbxUp = computed(() => pbx.value?.ami.state === 'connected' && pbx.value?.ari.state === 'connected');
  return { connected, pbx, pbxUp, presence, pop };
}
