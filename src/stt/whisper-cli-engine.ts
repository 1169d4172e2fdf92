// whisper.cpp's command line (HOTLINE_STT_WHISPER_BIN with HOTLINE_STT_WHISPER_MODEL): Mandarin and English,
// offline, in a child process, on the message resampled to 16 kHz as whisper requires.
import { basename } from 'node:path';
import type { Language } from '../config.ts';
import { audioSeconds, run, withWav16k } from './audio.ts';
import { TranscriptionError, type Transcriber, type Transcript } from './transcriber.ts';

export class WhisperCliEngine implements Transcriber {
  readonly engine = 'whisper-cli';
  readonly model: string;

  constructor(
    private readonly bin: string,
    private readonly modelFile: string,
  ) {
    this.model = basename(modelFile);
  }

  async transcribe(file: string, lang: Language, signal: AbortSignal): Promise<Transcript> {
    await audioSeconds(file, signal);
    const { stdout } = await withWav16k(file, signal, (wav) => run(this.bin, ['-m', this.modelFile, '-f', wav, '-l', lang, '-nt', '-np'], signal)).catch((error: unknown) => {
      if (signal.aborted || error instanceof TranscriptionError) throw error;
      // a missing binary or model will not appear by retrying
      const missing = (error as { code?: string }).code === 'ENOENT';
      throw new TranscriptionError(`whisper-cli failed: ${(error as Error).message}`, !missing);
    });
    return { text: stdout.replace(/\s+/g, ' ').trim(), engine: this.engine, model: this.model };
  }
}
