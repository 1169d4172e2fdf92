// The desk's live state from the /desk namespace: the PBX, the operator's presence, the screen pop (with the
// ring alert), wrap-up, the live call's control state, and transcripts arriving for the message list.
import { ref } from 'vue';
import type { ScreenPop } from '../../desk/screen-pop.ts';
import type { AgentPresence } from '../../queues/agent-state.ts';
import type { WrapUpState } from '../../queues/wrap-up.ts';
import type { DeskServerEvents } from '../../realtime/desk-events.ts';
import { useLiveSocket } from '../shared/live-socket.ts';
import { alertIncoming, stopAlert } from './call/call-alert.ts';
import type { CallControlState } from './call/call-control-state.ts';

type Events = DeskServerEvents & { 'call-control': (state: CallControlState | null) => void };

export function useDesk(options: { ringText: (pop: ScreenPop) => string }) {
  const { socket, connected, pbx, pbxUp } = useLiveSocket<Events>('/desk');
  const presence = ref<AgentPresence | null>(null);
  const pop = ref<ScreenPop | null>(null);
  const wrapUp = ref<WrapUpState | null>(null);
  const callControl = ref<CallControlState | null>(null);
  /** Bumped when something the lists show changed elsewhere (a transcript arrived). */
  const version = ref(0);
  socket.on('agent-state', (state) => (presence.value = state));
  socket.on('screen-pop', (next) => {
    const isNewRing = next.state === 'ringing' && pop.value?.callId !== next.callId;
    pop.value = next;
    if (isNewRing) alertIncoming(options.ringText(next));
    if (next.state === 'talking') stopAlert();
  });
  socket.on('wrap-up', (state) => {
    wrapUp.value = state;
    if (state) stopAlert();
  });
  socket.on('call-control', (state) => (callControl.value = state));
  socket.on('message:transcribed', () => version.value++);
  return { connected, pbx, pbxUp, presence, pop, wrapUp, callControl, version };
}
