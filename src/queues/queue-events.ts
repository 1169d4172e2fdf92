// Queue and call events as the domain sees them; pbx/ami-events.ts maps Asterisk's events onto these.
import type { Language } from '../config.ts';

interface CallerSide {
  /** The caller channel's uniqueid (equals the ARI channel id). */
  uniqueid: string;
  linkedid: string;
  caller: string;
  queue: string;
  lang?: Language;
  /** What the caller chose in the IVR (HOTLINE_INTENT on the channel), if anything. */
  intent?: string;
  /** A call-back's placeholder (HOTLINE_CALLBACK on the channel): the request it serves. */
  callbackId?: number;
}

export type QueueEvent =
  | ({ type: 'caller-joined'; position: number } & CallerSide)
  | ({ type: 'agent-called'; agentInterface: string; memberName: string } & CallerSide)
  | ({ type: 'agent-connected'; agentInterface: string; holdSeconds: number; ringSeconds: number } & CallerSide)
  | ({ type: 'agent-completed'; agentInterface: string; talkSeconds: number; reason: string } & CallerSide)
  | ({ type: 'agent-ring-no-answer'; agentInterface: string; ringMs: number } & CallerSide)
  | ({ type: 'caller-abandoned'; position: number; holdSeconds: number } & CallerSide)
  | ({ type: 'caller-left'; position: number } & CallerSide)
  | { type: 'hangup'; uniqueid: string; linkedid: string; cause: number }
  /** The call-back dialplan's UserEvent: DIALLING, a Dial() result (ANSWER, NOANSWER, BUSY…), or QUEUE-<status>. */
  | { type: 'callback-status'; callbackId: number; status: string }
  | MemberEvent;

export interface QueueMember {
  queue: string;
  agentInterface: string;
  memberName: string;
  paused: boolean;
  pausedReason: string;
  /** Asterisk device state: 1 not in use, 2 in use, 5 unavailable, 6 ringing… */
  deviceStatus: number;
  inCall: boolean;
}

export type MemberEvent =
  | ({ type: 'member-added' } & QueueMember)
  | ({ type: 'member-removed' } & QueueMember)
  | ({ type: 'member-paused' } & QueueMember)
  | ({ type: 'member-status' } & QueueMember);

export const isMemberEvent = (event: QueueEvent): event is MemberEvent => event.type.startsWith('member-');
