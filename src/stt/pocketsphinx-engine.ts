// PocketSphinx (Debian's pocketsphinx + pocketsphinx-en-us): English, offline, in a child process. Its
// acoustic model is for 16 kHz speech, so the 8 kHz message is resampled (the missing upper band costs
// accuracy: see the README for what to expect).
import type { Language } from '../config.ts';
import { audioSeconds, run, withWav16k } from './audio.ts';
import { TranscriptionError, type Transcriber, type Transcript } from './transcriber.ts';

export class PocketsphinxEngine implements Transcriber {
  readonly engine = 'pocketsphinx';
  readonly model = 'en-us (CMU Sphinx, 16 kHz)';

  constructor(private readonly bin = 'pocketsphinx_continuous') {}

  async transcribe(file: string, lang: Language, signal: AbortSignal): Promise<Transcript> {
    if (lang !== 'en') throw new TranscriptionError(`pocketsphinx has only an English model; the message is ${lang}`, false);
    await audioSeconds(file, signal);
    const { stdout } = await withWav16k(file, signal, (wav) => run(this.bin, ['-infile', wav, '-logfn', '/dev/null'], signal)).catch((error: unknown) => {
      if (signal.aborted || error instanceof TranscriptionError) throw error;
      // a missing program will not appear by retrying
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new TranscriptionError(`${this.bin} is not installed here (apt-get install pocketsphinx pocketsphinx-en-us), or set HOTLINE_STT_EN`, false);
      }
      throw new TranscriptionError(`pocketsphinx failed: ${(error as Error).message}`, true);
    });
    // one line per utterance
    const text = stdout
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' ');
    return { text, engine: this.engine, model: this.model };
  }
}
