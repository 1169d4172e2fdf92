// Socket.IO event maps of the /desk namespace, shared by server and browser code.
import type { CallControlState } from '../calls/call-control-model.ts';
import type { ScreenPop } from '../desk/screen-pop.ts';
import type { ConnectionStatus } from '../pbx/connection-status.ts';
import type { AgentPresence } from '../queues/agent-state.ts';
import type { WrapUpState } from '../queues/wrap-up.ts';

export interface PbxStatus {
  ami: ConnectionStatus;
  ari: ConnectionStatus;
}

export interface TranscribedMessage {
  caseNumber: string;
  voicemailId: number;
  lang: 'zh' | 'en';
  transcript: string;
  engine: string;
}

export interface DeskServerEvents {
  'screen-pop': (pop: ScreenPop) => void;
  /** The popped call was answered on the operator's phone (talking) or their part in it is over (ended). */
  'call-state': (update: { callId: string; state: 'talking' | 'ended' }) => void;
  'agent-state': (presence: AgentPresence) => void;
  'pbx-status': (status: PbxStatus) => void;
  /** Wrap-up after a call began (with when it ends by itself) or ended (null). */
  'wrap-up': (state: WrapUpState | null) => void;
  /** A message's transcript is on its case (every desk: the operators' message list). */
  'message:transcribed': (message: TranscribedMessage) => void;
  /** The operator's own call as Asterisk has it (held, consult, three-way), or null when their phone has no call; sent on connect too. */
  'call-control': (state: CallControlState | null) => void;
  /** The session behind this socket ended (logout, disabled, expired); the socket closes next. */
  'session-ended': (reason: string) => void;
}

export type DeskClientEvents = Record<string, never>;
