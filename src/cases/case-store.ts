// What the desk needs of cases at ring time: a draft for the call and the caller's history.
import type { Language } from '../config.ts';
import type { CaseKind } from './case-model.ts';

export interface CaseSummary {
  number: string;
  status: string;
  kind: CaseKind | null;
  lang: Language;
  createdAt: string;
}

export interface CaseStore {
  /** The call's draft case, created (with a new case number) if the call has none yet. */
  draftForCall(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }): CaseSummary;
  /** Earlier cases of the same phone, newest first. */
  historyForPhone(phone: string, excludeNumber: string, limit: number): CaseSummary[];
}

/** Withheld or unknown caller numbers carry no history. */
export function citizenPhone(callerIdNum: string): string | null {
  const digits = callerIdNum.trim();
  return /^\+?\d{3,20}$/.test(digits) ? digits : null;
}
