// Values → prompt-id sequences that the IVR engine plays one after another in the caller's
// language. Pure functions; every id they can return is in SPEECH_PROMPT_IDS (and the catalogue).
//
// How things are read:
//   - digit strings (case numbers, phone numbers): one `digit-N` per digit; in Mandarin digit-1 is
//     幺 (yāo), as Chinese read phone and case numbers;
//   - 0..99: one `number-N` (零, 一 … 九十九 / zero … ninety-nine);
//   - 100..9999 are read as years:
//       zh digit by digit with the plain numerals: 2026 → 二零二六 (number-2 number-0 number-2
//          number-6; 一 not 幺, as in 一九九九年);
//       en in pairs: 2026 → "twenty twenty-six", 1999 → "nineteen ninety-nine", 2010 → "twenty ten";
//          a round thousand → "two thousand"; a thousand plus 1..9 → "two thousand five";
//          a round hundred → "nineteen hundred"; otherwise 1..9 after the hundreds → "nineteen oh five";
//   - dates (YYYY-MM-DD, already in Beijing time):
//       zh 二零二六年十一月二十一日 (year, word-year, month-M, ordinal-D);
//       en "November twenty-first, twenty twenty-six" (month-M, ordinal-D, year).
import { CASE_STATUSES, type CaseStatus } from '../cases/case-model.ts';

export type SpeechLanguage = 'zh' | 'en';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every prompt id the functions below can return. */
export const SPEECH_PROMPT_IDS: readonly string[] = [
  ...range(0, 9).map((d) => `digit-${d}`),
  ...range(0, 99).map((n) => `number-${n}`),
  'word-hundred',
  'word-thousand',
  'word-oh',
  'word-year',
  ...range(1, 12).map((m) => `month-${m}`),
  ...range(1, 31).map((d) => `ordinal-${d}`),
  ...CASE_STATUSES.map((s) => `status-${s}`),
];

/** One `digit-N` per character of a string of digits (a case number, the last four digits of a phone). */
export function digitPrompts(digits: string): string[] {
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`digitPrompts: expected digits 0-9, got "${digits}"`);
  return [...digits].map((d) => `digit-${d}`);
}

/**
 * A whole number as prompt ids: 0..99 → [`number-n`] in either language; 100..9999 are read as a
 * year, which differs by language (see the top of this file), so `lang` is required for them.
 */
export function numberPrompts(n: number, lang?: SpeechLanguage): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`numberPrompts: expected a whole number 0..9999, got ${n}`);
  if (n <= 99) return [`number-${n}`];
  if (lang === 'zh') return [...String(n)].map((d) => `number-${d}`);
  if (lang !== 'en') throw new RangeError(`numberPrompts: ${n} is read as a year, which needs a language (zh or en), got ${String(lang)}`);
  const high = Math.floor(n / 100);
  const low = n % 100;
  if (high % 10 === 0) {
    // 1000, 2000, 2005: "two thousand", "two thousand five"
    const thousand = [`number-${high / 10}`, 'word-thousand'];
    if (low === 0) return thousand;
    if (low < 10) return [...thousand, `number-${low}`];
  }
  if (low === 0) return [`number-${high}`, 'word-hundred']; // 1900: "nineteen hundred"
  if (low < 10) return [`number-${high}`, 'word-oh', `number-${low}`]; // 1905: "nineteen oh five"
  return [`number-${high}`, `number-${low}`]; // 2026: "twenty twenty-six"; 2010: "twenty ten"
}

/** A day (YYYY-MM-DD, already in Beijing time; years 1000..9999) as prompt ids in the caller's language. */
export function datePrompts(day: string, lang: SpeechLanguage): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`datePrompts: expected YYYY-MM-DD, got "${day}"`);
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, date));
  if (year < 1000 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new RangeError(`datePrompts: "${day}" is not a calendar date`);
  }
  if (lang === 'zh') return [...numberPrompts(year, 'zh'), 'word-year', `month-${month}`, `ordinal-${date}`];
  if (lang === 'en') return [`month-${month}`, `ordinal-${date}`, ...numberPrompts(year, 'en')];
  throw new RangeError(`datePrompts: unknown language "${String(lang)}"`);
}

/** A case status as its prompt id (已受理 / "registered" …), to follow `case-status-is`. */
export function statusPrompt(status: CaseStatus): string {
  if (!(CASE_STATUSES as readonly string[]).includes(status)) throw new RangeError(`statusPrompt: unknown case status "${String(status)}"`);
  return `status-${status}`;
}
