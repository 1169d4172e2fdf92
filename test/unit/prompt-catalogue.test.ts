// The prompt catalogue (prompts/catalogue.json), the flows that use it, and the audio built from it
// by scripts/build-prompts.ts: every prompt exists in both languages as a wav Asterisk can play.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompts, digitsToChinese, toEspeakPinyin, type BuildResult } from '../../scripts/build-prompts.ts';
import { SPEECH_PROMPT_IDS } from '../../src/ivr/speech.ts';

const PROMPTS = resolve(import.meta.dirname, '../../prompts');
const GENERATED = join(PROMPTS, 'generated');
const LANGS = ['zh', 'en'] as const;
const catalogue = JSON.parse(readFileSync(join(PROMPTS, 'catalogue.json'), 'utf8')) as Record<string, Record<string, string>>;
const ids = Object.keys(catalogue);

/**
 * Every prompt id a flow file references: the entries of any `prompts`/`…Prompts` array (a string or
 * {prompt}) and any `prompt`/`…Prompt` string (`invalidPrompt` …).
 */
function flowPromptIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => flowPromptIds(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (/prompt$/i.test(key) && typeof v === 'string') into.add(v);
      else if (/prompts$/i.test(key) && Array.isArray(v)) {
        for (const use of v) {
          if (typeof use === 'string') into.add(use);
          else flowPromptIds(use, into);
        }
      } else flowPromptIds(v, into);
    }
  }
  return into;
}

interface Wav { format: number; channels: number; sampleRate: number; bits: number; samples: Int16Array }

/** Parses a RIFF/WAVE file independently of the build script. */
function parseWav(file: string): Wav {
  const b = readFileSync(file);
  expect(b.toString('ascii', 0, 4), `${file} RIFF`).toBe('RIFF');
  expect(b.toString('ascii', 8, 12), `${file} WAVE`).toBe('WAVE');
  let fmt: Omit<Wav, 'samples'> | undefined;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = { format: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), sampleRate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) };
    if (id === 'data') {
      if (!fmt) throw new Error(`${file}: data before fmt`);
      const bytes = Math.min(size, b.length - at - 8);
      const data = b.subarray(at + 8, at + 8 + bytes - (bytes % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { ...fmt, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

const peak = (samples: Int16Array) => samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);

function expectPlayable(file: string, minSeconds = 0.2): Wav {
  expect(existsSync(file), `${file} exists`).toBe(true);
  const wav = parseWav(file);
  expect({ format: wav.format, channels: wav.channels, sampleRate: wav.sampleRate, bits: wav.bits }, file).toEqual({ format: 1, channels: 1, sampleRate: 8000, bits: 16 });
  expect(wav.samples.length / 8000, `${file} seconds`).toBeGreaterThanOrEqual(minSeconds);
  expect(peak(wav.samples), `${file} peak amplitude`).toBeGreaterThan(3000); // about -20 dBFS: not silence
  return wav;
}

describe('prompt catalogue', () => {
  it('has Chinese and English text, and nothing else, for every prompt', () => {
    expect(ids.length).toBeGreaterThan(150);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(Object.keys(catalogue[id]!).sort(), id).toEqual(['en', 'zh']);
      for (const lang of LANGS) expect(catalogue[id]![lang]?.trim(), `${id} ${lang}`).toBeTruthy();
    }
  });

  it('has every prompt the speech functions can return', () => {
    expect(SPEECH_PROMPT_IDS.filter((id) => !catalogue[id])).toEqual([]);
  });

  it('has every prompt the flows use', () => {
    const flowsDir = join(PROMPTS, 'flows');
    const files = readdirSync(flowsDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const used = new Set<string>();
    for (const f of files) flowPromptIds(JSON.parse(readFileSync(join(flowsDir, f), 'utf8')), used);
    expect(used.size).toBeGreaterThan(0);
    expect(flowPromptIds({ a: { invalidPrompt: 'x', prompts: ['y', { prompt: 'z', lang: 'en' }] } })).toEqual(new Set(['x', 'y', 'z']));
    expect([...used].filter((id) => !catalogue[id])).toEqual([]);
  });

  it('reads digits the Chinese way: a lone 1 is 一, in a number 1 is 幺; numerals become clean pinyin', () => {
    expect(toEspeakPinyin('请按1')).toBe('qing3 an4 yi1');
    expect(digitsToChinese('拨打12365')).toBe('拨打幺二三六五');
    expect(toEspeakPinyin(catalogue['digit-1']!.zh!)).toBe('yao1');
    expect(toEspeakPinyin(catalogue['number-1']!.zh!)).toBe('yi1');
    expect(toEspeakPinyin(catalogue['number-21']!.zh!)).toBe('er4 shi2 yi1');
    expect(toEspeakPinyin(catalogue['ordinal-1']!.zh!)).toBe('yi1 ri4'); // not the sandhi yi2
    expect(toEspeakPinyin(catalogue['main-menu']!.zh!)).toContain('an4 yi1, tou2 su4');
    for (const id of ids) {
      const syllables = toEspeakPinyin(catalogue[id]!.zh!).replace(/[,.]/g, ' ').split(/\s+/).filter(Boolean);
      expect(syllables.filter((s) => !/^[a-z]+[1-4]?$/.test(s)), id).toEqual([]);
    }
  });
});

describe('built prompts (scripts/build-prompts.ts)', () => {
  let result: BuildResult;
  beforeAll(async () => {
    result = await buildPrompts(GENERATED, false, () => {});
  }, 240_000);

  it('built or reused every prompt in both languages', () => {
    expect(result.built.length + result.kept.length).toBe(ids.length * LANGS.length);
  });

  it('are 8 kHz mono 16-bit PCM wavs of at least 0.2 s that are not silent', () => {
    for (const id of ids) for (const lang of LANGS) expectPlayable(join(GENERATED, lang, `${id}.wav`));
  });

  it('have plausible durations for short Mandarin prompts', () => {
    const seconds = (lang: string, id: string) => parseWav(join(GENERATED, lang, `${id}.wav`)).samples.length / 8000;
    for (const id of ['number-21', 'number-7', 'digit-1', 'ordinal-1', 'month-11', 'word-year']) {
      expect(seconds('zh', id), id).toBeGreaterThan(0.25);
      expect(seconds('zh', id), id).toBeLessThan(1.5);
    }
    expect(seconds('zh', 'main-menu')).toBeGreaterThan(seconds('zh', 'goodbye'));
  });

  it('leave no temporary files behind', () => {
    for (const lang of LANGS) expect(readdirSync(join(GENERATED, lang)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('build-prompts with a recorded prompt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-prompts-test-'));
  const promptsDir = join(dir, 'prompts');
  const out = join(dir, 'out');
  const recorded = join(promptsDir, 'recorded', 'en', 'greeting.wav');
  const quiet = () => {};

  beforeAll(() => {
    mkdirSync(join(promptsDir, 'recorded', 'en'), { recursive: true });
    writeFileSync(join(promptsDir, 'catalogue.json'), JSON.stringify({ greeting: { zh: '您好。', en: 'Hello.' }, 'number-21': { zh: '二十一', en: 'twenty-one' } }));
    // A "studio" recording: 44.1 kHz stereo, 0.75 s of a 440 Hz tone.
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', recorded, 'synth', '0.75', 'sine', '440', 'gain', '-6']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wins over synthesis, converted to 8 kHz mono', async () => {
    const first = await buildPrompts(out, false, quiet, { promptsDir });
    expect(first.built.sort()).toEqual(['en/greeting', 'en/number-21', 'zh/greeting', 'zh/number-21']);
    const wav = expectPlayable(join(out, 'en', 'greeting.wav'));
    expect(wav.samples.length).toBe(6000); // exactly the recording's 0.75 s, not espeak's "hello"
    expectPlayable(join(out, 'zh', 'greeting.wav'));

    const again = await buildPrompts(out, false, quiet, { promptsDir });
    expect(again.built).toEqual([]);
    expect(again.kept).toHaveLength(4);

    rmSync(recorded); // without the recording, the prompt is synthesised again
    const third = await buildPrompts(out, false, quiet, { promptsDir });
    expect(third.built).toEqual(['en/greeting']);
    expect(expectPlayable(join(out, 'en', 'greeting.wav')).samples.length).not.toBe(6000);
  });

  it('survives two builds at once into the same directory', async () => {
    const [a, b] = await Promise.all([buildPrompts(out, true, quiet, { promptsDir }), buildPrompts(out, true, quiet, { promptsDir })]);
    expect(a.built).toHaveLength(4);
    expect(b.built).toHaveLength(4);
    for (const lang of LANGS) {
      expect(readdirSync(join(out, lang)).filter((f) => f.includes('.tmp'))).toEqual([]);
      for (const id of ['greeting', 'number-21']) expectPlayable(join(out, lang, `${id}.wav`));
    }
    expect((await buildPrompts(out, false, quiet, { promptsDir })).built).toEqual([]);
  });

  it('refuses a catalogue entry without text', async () => {
    writeFileSync(join(promptsDir, 'catalogue.json'), JSON.stringify({ empty: { zh: '', en: 'x' } }));
    await expect(buildPrompts(join(dir, 'out2'), false, quiet, { promptsDir })).rejects.toThrow(/empty has no zh text/);
  });
});
