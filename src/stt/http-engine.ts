// An OpenAI-compatible transcription endpoint (POST {url}/v1/audio/transcriptions, multipart: file, model,
// language, response_format=verbose_json): how self-hosted whisper and FunASR servers are reached. The API
// key goes only in the Authorization header (logs redact it).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Language } from '../config.ts';
import { audioSeconds } from './audio.ts';
import { TranscriptionError, type Transcriber, type Transcript } from './transcriber.ts';

interface VerboseJson {
  text?: string;
  segments?: { start: number; end: number; text: string; avg_logprob?: number }[];
}

/** Answers that trying again cannot change (a refused key, a request the server will never take). */
const FINAL = new Set([400, 401, 403, 404, 413, 415, 422]);

export class HttpEngine implements Transcriber {
  readonly engine = 'http';

  constructor(
    private readonly url: string,
    readonly model: string,
    private readonly apiKey: string | null,
  ) {}

  async transcribe(file: string, lang: Language, signal: AbortSignal): Promise<Transcript> {
    await audioSeconds(file, signal);
    const form = new FormData();
    form.append('file', new Blob([await readFile(file)], { type: 'audio/wav' }), basename(file));
    form.append('model', this.model);
    form.append('language', lang);
    form.append('response_format', 'verbose_json');
    let response: Response;
    try {
      response = await fetch(`${this.url}/v1/audio/transcriptions`, {
        method: 'POST',
        body: form,
        headers: this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {},
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new TranscriptionError(`the speech endpoint could not be reached: ${(error as Error).message}`, true);
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
      throw new TranscriptionError(`the speech endpoint answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, !FINAL.has(response.status));
    }
    const body = (await response.json().catch(() => null)) as VerboseJson | null;
    if (!body || typeof body.text !== 'string') throw new TranscriptionError('the speech endpoint answered without a text', true);
    const segments = body.segments?.map((segment) => ({ startMs: Math.round(segment.start * 1000), endMs: Math.round(segment.end * 1000), text: segment.text.trim() }));
    const logprobs = body.segments?.map((segment) => segment.avg_logprob).filter((p): p is number => typeof p === 'number') ?? [];
    return {
      text: body.text.trim(),
      engine: this.engine,
      model: this.model,
      ...(segments ? { segments } : {}),
      ...(logprobs.length > 0 ? { confidence: Math.exp(logprobs.reduce((a, b) => a + b, 0) / logprobs.length) } : {}),
    };
  }
}
