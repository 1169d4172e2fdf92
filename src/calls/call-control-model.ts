// Call control's vocabulary: where a call can be sent, what the operator's desk is shown, the channel events
// Asterisk confirms actions with, and the refusals (each with the HTTP status the desk gets).

export const TRANSFER_QUEUES = ['hotline-zh', 'hotline-en'] as const;
export type TransferQueue = (typeof TRANSFER_QUEUES)[number];

/** Another operator's phone, a language queue, or a number outside (allow-listed). */
export type TransferTarget =
  | { kind: 'operator'; extension: string }
  | { kind: 'queue'; queue: TransferQueue }
  | { kind: 'external'; number: string };

export const describeTarget = (target: TransferTarget): string =>
  target.kind === 'operator' ? target.extension : target.kind === 'queue' ? target.queue : target.number;

/** The desk's `call-control` event and GET /api/calls/current: the operator's live call as Asterisk has it. */
export interface CallControlState {
  /** calls.id of a citizen's call to the line (direction inbound), or the dial-out's id (direction outbound). */
  callId: number | null;
  direction: 'inbound' | 'outbound';
  caseNumber: string | null;
  /** The citizen's number. */
  citizen: string;
  /** dialling: a click-to-call whose citizen has not answered yet. */
  state: 'dialling' | 'talking';
  /** The citizen hears music on hold (Asterisk's MusicOnHoldStart on their channel). */
  held: boolean;
  consult: { target: TransferTarget; state: 'dialling' | 'talking' } | null;
  /** Operator, citizen and a third party in one bridge (三方通话). */
  conference: boolean;
}

/** The channel and bridge events call control follows (mapped from AMI by src/pbx/ami-call-control-events.ts). */
export type ChannelState = 'down' | 'ringing' | 'up';
export type ChannelEvent =
  | { type: 'channel-new' | 'channel-state'; uniqueid: string; name: string; state: ChannelState; callerNumber: string }
  | { type: 'channel-gone'; uniqueid: string; name: string; cause: number }
  | { type: 'channel-renamed'; uniqueid: string; name: string }
  | { type: 'bridge-enter' | 'bridge-leave'; uniqueid: string; name: string; bridgeId: string }
  | { type: 'hold' | 'unhold' | 'moh-start' | 'moh-stop'; uniqueid: string; name: string }
  | { type: 'attended-transfer'; success: boolean; threeway: boolean; transfererUniqueids: string[]; bridgeId: string }
  | { type: 'blind-transfer'; success: boolean; result: string; transfererUniqueid: string; extension: string }
  | { type: 'originate-response'; uniqueid: string; success: boolean; reason: string }
  | { type: 'dial-end'; uniqueid: string; destUniqueid: string; dialStatus: string };

/** A channel as Asterisk listed it (CoreShowChannels), for the rebuild after a (re)connect. */
export interface ListedChannel {
  uniqueid: string;
  name: string;
  state: ChannelState;
  callerNumber: string;
  bridgeId: string | null;
}

/** A refusal with the status the desk gets: 400 bad input, 403 not allowed, 404 unknown, 409 wrong state, 503 PBX away or refusing, 504 no confirmation in time. */
export class CallControlError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 409 | 503 | 504,
    message: string,
  ) {
    super(message);
    this.name = 'CallControlError';
  }
}
