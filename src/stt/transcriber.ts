// The transcriber port: a message's audio in, its text out. Engines (src/stt/*-engine.ts) are adapters
// chosen per language by configuration; the job queue (transcription-queue.ts) never knows which.
import type { Language } from '../config.ts';

export interface Transcript {
  text: string;
  engine: string;
  model: string;
  /** 0..1 where the engine says how sure it is. */
  confidence?: number;
  segments?: { startMs: number; endMs: number; text: string }[];
}

export interface Transcriber {
  readonly engine: string;
  readonly model: string;
  /** `file` is the archived message (8 kHz telephone WAV); `signal` aborts at the job's timeout. */
  transcribe(file: string, lang: Language, signal: AbortSignal): Promise<Transcript>;
}

/**
 * A transcription that failed. `retry: false` when trying again cannot help (not audio, a refused key):
 * the job is failed at once with the reason, instead of a retry storm.
 */
export class TranscriptionError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
    this.name = 'TranscriptionError';
  }
}
