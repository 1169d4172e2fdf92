// Which speech engine transcribes each language, parsed once from the environment (a wrong value stops the
// start naming the variable). Default: English → pocketsphinx (offline, Debian), Mandarin → none until an
// engine is configured.
import { ConfigError, type Language } from '../config.ts';

export const STT_ENGINES = ['http', 'whisper-cli', 'pocketsphinx', 'none'] as const;
export type SttEngine = (typeof STT_ENGINES)[number];

export interface SpeechConfig {
  engines: Record<Language, SttEngine>;
  http: { url: string; model: string; apiKey: string | null } | null;
  whisper: { bin: string; model: string } | null;
  /** Transcriptions at once (each engine run is a child process or an HTTP request, never the event loop). */
  concurrency: number;
  timeoutSeconds: number;
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long. */
  retryBaseSeconds: number;
}

type Env = Record<string, string | undefined>;
const value = (env: Env, name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new ConfigError(name, `"${raw}" is out of range`, `use a whole number from ${min} to ${max}`);
  return parsed;
}

export function loadSpeechConfig(env: Env): SpeechConfig {
  const engineOf = (lang: Language, fallback: SttEngine): SttEngine => {
    const name = `HOTLINE_STT_${lang.toUpperCase()}`;
    const raw = value(env, name) ?? fallback;
    if (!(STT_ENGINES as readonly string[]).includes(raw)) throw new ConfigError(name, `"${raw}" is not a speech engine`, `use one of ${STT_ENGINES.join(', ')}`);
    return raw as SttEngine;
  };
  const engines = { zh: engineOf('zh', 'none'), en: engineOf('en', 'pocketsphinx') };
  const used = new Set(Object.values(engines));
  let http: SpeechConfig['http'] = null;
  if (used.has('http')) {
    const url = value(env, 'HOTLINE_STT_HTTP_URL');
    if (!url) throw new ConfigError('HOTLINE_STT_HTTP_URL', 'missing while an engine is http', 'give the OpenAI-compatible base URL, e.g. http://127.0.0.1:8000 (POST {url}/v1/audio/transcriptions)');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('HOTLINE_STT_HTTP_URL', `"${url}" is not a URL`, 'write it like http://127.0.0.1:8000');
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new ConfigError('HOTLINE_STT_HTTP_URL', `scheme ${parsed.protocol} is not supported`, 'use http or https');
    http = { url: url.replace(/\/+$/, ''), model: value(env, 'HOTLINE_STT_HTTP_MODEL') ?? 'whisper-1', apiKey: value(env, 'HOTLINE_STT_HTTP_API_KEY') ?? null };
  }
  let whisper: SpeechConfig['whisper'] = null;
  if (used.has('whisper-cli')) {
    const bin = value(env, 'HOTLINE_STT_WHISPER_BIN');
    const model = value(env, 'HOTLINE_STT_WHISPER_MODEL');
    if (!bin) throw new ConfigError('HOTLINE_STT_WHISPER_BIN', 'missing while an engine is whisper-cli', 'give the whisper.cpp binary, e.g. /opt/whisper.cpp/build/bin/whisper-cli');
    if (!model) throw new ConfigError('HOTLINE_STT_WHISPER_MODEL', 'missing while an engine is whisper-cli', 'give the model file, e.g. /opt/whisper.cpp/models/ggml-small.bin');
    whisper = { bin, model };
  }
  return {
    engines,
    http,
    whisper,
    concurrency: whole(env, 'HOTLINE_STT_CONCURRENCY', 2, 1, 16),
    timeoutSeconds: whole(env, 'HOTLINE_STT_TIMEOUT_SECONDS', 300, 5, 3600),
    maxAttempts: whole(env, 'HOTLINE_STT_MAX_ATTEMPTS', 5, 1, 20),
    retryBaseSeconds: whole(env, 'HOTLINE_STT_RETRY_SECONDS', 30, 1, 3600),
  };
}
