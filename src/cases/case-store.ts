// A case as a line in a list (a caller's history on the screen pop), and the caller's phone as stored.
import type { Language } from '../config.ts';
import type { CaseKind, CaseStatus, Colour } from './case-model.ts';

export interface CaseSummary {
  number: string;
  status: CaseStatus;
  kind: CaseKind | null;
  lang: Language;
  createdAt: string;
  dueAt: string | null;
  colour: Colour | null;
}

/** Withheld or unknown caller numbers carry no history. */
export function citizenPhone(callerIdNum: string): string | null {
  const digits = callerIdNum.trim();
  return /^\+?\d{3,20}$/.test(digits) ? digits : null;
}
