// The transcriber of each language, from the speech configuration; `none` keeps a message untranscribed.
import type { Language } from '../config.ts';
import { HttpEngine } from './http-engine.ts';
import { PocketsphinxEngine } from './pocketsphinx-engine.ts';
import type { SpeechConfig } from './stt-config.ts';
import type { Transcriber } from './transcriber.ts';
import { WhisperCliEngine } from './whisper-cli-engine.ts';

export function transcribers(config: SpeechConfig): Record<Language, Transcriber | null> {
  const make = (lang: Language): Transcriber | null => {
    switch (config.engines[lang]) {
      case 'http':
        return new HttpEngine(config.http!.url, config.http!.model, config.http!.apiKey);
      case 'whisper-cli':
        return new WhisperCliEngine(config.whisper!.bin, config.whisper!.model);
      case 'pocketsphinx':
        return new PocketsphinxEngine();
      case 'none':
        return null;
    }
  };
  return { zh: make('zh'), en: make('en') };
}
