// What the IVR needs from the rest of the hotline, as a port (wired in main.ts).
import type { CallbackSource } from '../callbacks/callback-model.ts';
import type { CaseStatus } from '../cases/case-model.ts';
import type { Language } from '../config.ts';
import type { Intent } from './flow.ts';
import type { RecordedMessage } from './ivr-channel.ts';

export interface CaseProgress {
  status: CaseStatus;
  dueAt: string | null;
  phone: string | null;
  confidential: boolean;
}

export interface IvrServices {
  isOpen(at: Date): boolean;
  caseProgress(caseNumber: string): CaseProgress | undefined;
  /**
   * Where a caller joining the language's queue stands: 'end' of the line, a number for one who stood in line
   * before (their place again), or 'full' when the line holds its most callers (line settings' maxWaiting).
   */
  placeInLine(uniqueid: string, lang: Language): 'end' | 'full' | number;
  /** Books a call-back (merged into an open one for the number); from the queue it keeps the caller's place. */
  bookCallback(request: { uniqueid: string; number: string; lang: Language; intent: Intent | null; source: CallbackSource }): { keepsPlace: boolean };
  /** Keeps the audio durably and registers a voicemail case; resolves with its number (null: kept in Asterisk, registered later). */
  storeMessage(message: { uniqueid: string; caller: string; lang: Language; recording: RecordedMessage }): Promise<{ caseNumber: string | null }>;
  readonly messageMaxSeconds: number;
}

export interface IvrObserver {
  step(uniqueid: string, node: string): void;
  languageChosen(uniqueid: string, lang: Language): void;
  intentChosen(uniqueid: string, intent: Intent): void;
}

/** Digits only, without a +86 / 0086 country prefix, so a stored phone and a caller id compare. */
export function samePhone(a: string, b: string): boolean {
  const normal = (phone: string) => phone.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
  const left = normal(a);
  return left.length > 0 && left === normal(b);
}
