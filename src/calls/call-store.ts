// The one-row-per-call record, as the domain needs it.
import type { Language } from '../config.ts';

export type CallOutcome = 'in-progress' | 'answered' | 'abandoned' | 'ended-in-ivr';

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
}

export type CallChanges = Partial<Pick<CallRecord, 'lang' | 'queue' | 'intent' | 'queuedAt' | 'ringAt' | 'answeredAt' | 'endedAt' | 'agentUserId' | 'outcome'>>;

export interface CallStore {
  /** Inserts the call if it is new; returns the stored row either way. */
  ensure(call: { uniqueid: string; linkedid: string; caller: string; enteredAt: string }): CallRecord;
  byUniqueid(uniqueid: string): CallRecord | undefined;
  update(uniqueid: string, changes: CallChanges): void;
  /** Sets a timestamp only if it is still empty (AgentCalled repeats while the queue retries). */
  setOnce(uniqueid: string, field: 'queuedAt' | 'ringAt' | 'answeredAt' | 'endedAt', at: string): void;
  appendPath(uniqueid: string, step: string): void;
}
