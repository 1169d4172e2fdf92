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


export function useDesk(options: { ringText: (pop: ScreenPop) => string }) {
  const { socket, connected, pbx, pbxUp } = useLiveSocket<DeskServerEvents>('/desk');
  const presence = ref<AgentPresence | null>(null);
  const pop = ref<ScreenPop | null>(null);
  const wrapUp = ref<WrapUpState | null>(null);
  const callControl = ref<CallControlState | null>(null);
  /** Bumped when something the lists show changed elsewhere (a transcript arrived). */
  const version = ref(0);
  /** The call whose part on this phone is over (the pop stays up while the case is finished). */
  const ended = ref<string | null>(null);
  socket.on('agent-state', (state) => (presence.value = state));
  socket.on('screen-pop', (next) => {
    const isNewRing = next.state === 'ringing' && pop.value?.callId !== next.callId;
    pop.value = next;
    if (ended.value !== next.callId) ended.value = null;
    if (isNewRing) alertIncoming(options.ringText(next));
    if (next.state === 'talking') stopAlert();
  });
  // answered: the pop shows the call as talking; over: the pop stays (the case is still being written) but
  // its controls no longer apply
  socket.on('call-state', (update) => {
    if (pop.value?.callId !== update.callId) return;
    stopAlert();
    if (update.state === 'talking') pop.value = { ...pop.value, state: 'talking' };
    else ended.value = update.callId;
  });
  socket.on('wrap-up', (state) => {
    wrapUp.value = state;
    if (state) stopAlert();
  });
  socket.on('call-control', (state) => (callControl.value = state));
  socket.on('message:transcribed', () => version.value++);
  return { connected, pbx, pbxUp, presence, pop, wrapUp, callControl, version, ended };
}
