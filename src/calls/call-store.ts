// The one-row-per-call record, as the domain needs it.
import type { Language } from '../config.ts';

/** overflowed: left the queue unanswered without hanging up (the longest wait ran out, no operator): offered a message. */
export const CALL_OUTCOMES = ['in-progress', 'answered', 'abandoned', 'overflowed', 'ended-in-ivr'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRecord {
  id: number;
  uniqueid: string;
  linkedid: string;
  caller: string;
  lang: Language | null;
  queue: string | null;
  intent: string | null;
  path: string;
  enteredAt: string;
  queuedAt: string | null;
  ringAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  agentUserId: number | null;
  outcome: CallOutcome;
  leftQueueAt: string | null;
  holdSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  direction: 'inbound' | 'callback';
  noCaseNeeded: boolean;
}

export type CallChanges = Partial<
  Pick<CallRecord, 'lang' | 'queue' | 'intent' | 'queuedAt' | 'ringAt' | 'answeredAt' | 'endedAt' | 'agentUserId' | 'outcome' | 'leftQueueAt' | 'holdSeconds' | 'talkSeconds' | 'wrapUpSeconds' | 'direction' | 'noCaseNeeded'>
>;

export interface CallStore {
  /** Inserts the call if it is new; returns the stored row either way. */
  ensure(call: { uniqueid: string; linkedid: string; caller: string; enteredAt: string }): CallRecord;
  byUniqueid(uniqueid: string): CallRecord | undefined;
  update(uniqueid: string, changes: CallChanges): void;
  /** Sets a timestamp only if it is still empty (AgentCalled repeats while the queue retries). */
  setOnce(uniqueid: string, field: 'queuedAt' | 'ringAt' | 'answeredAt' | 'endedAt' | 'leftQueueAt', at: string): void;
  appendPath(uniqueid: string, step: string): void;
  /** The writes `work` makes as one commit: the log written once for an event, not once per statement. */
  inOneCommit<T>(work: () => T): T;
}
