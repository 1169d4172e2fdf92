// The port the IVR engine drives; pbx/ari-ivr-channel.ts implements it over ARI.
import type { Language } from '../config.ts';

export interface PromptRef {
  prompt: string;
  lang: Language;
}

export class CallerHungUp extends Error {
  constructor(uniqueid: string) {
    super(`caller ${uniqueid} hung up`);
    this.name = 'CallerHungUp';
  }
}

/** The server lost its hold on the call (ARI went away); the dialplan or a reconnect takes over. */
export class IvrDetached extends Error {
  constructor(uniqueid: string) {
    super(`IVR lost the connection to call ${uniqueid}`);
    this.name = 'IvrDetached';
  }
}

export interface RecordedMessage {
  /** Asterisk's recording name (unique per message). */
  name: string;
  audio: Buffer;
  durationMs: number;
}

export interface IvrChannel {
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly caller: string;
  /** Plays prompts in order; a key press stops them (barge-in) and is kept for takeDigit. */
  play(prompts: PromptRef[]): Promise<'finished' | 'interrupted'>;
  /** The next key the caller pressed (also during prompts), or null after `timeoutMs` of silence. */
  takeDigit(timeoutMs: number): Promise<string | null>;
  /** Marks the call's language for Asterisk (inherited by the operator's leg) and for the prompts. */
  setLanguage(lang: Language): Promise<void>;
  /** Marks what the caller asked for (HOTLINE_INTENT, inherited by the operator's leg). */
  setIntent(intent: string): Promise<void>;
  /**
   * Records a message after a beep until `#`, silence, the time limit or a hang-up. Resolves with the
   * audio even if the caller hung up during the recording; null when nothing was recorded.
   */
  record(options: { maxSeconds: number; silenceSeconds: number }): Promise<RecordedMessage | null>;
  /** Drops keys pressed ahead (before a recording, so a stray # does not end it at once). */
  clearDigits(): void;
  /** Hands the caller to the language's queue in the dialplan: at the end of the line, or at `position`. */
  toQueue(lang: Language, position?: number): Promise<void>;
  /** Hands the caller to the dialplan's own message recording (the path for when the IVR cannot take it). */
  toMessage(lang: Language): Promise<void>;
  hangup(): Promise<void>;
}
