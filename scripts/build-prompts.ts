// Builds the IVR prompts from prompts/catalogue.json.
//
//   npx tsx scripts/build-prompts.ts [--out DIR] [--force]
//
// For every prompt id and language:
//   - prompts/recorded/<lang>/<id>.wav exists → a recorded human prompt wins (converted to the
//     format below if needed);
//   - otherwise it is synthesised with espeak-ng: English with voice `en`, Mandarin by turning the
//     Hanzi into tone-numbered pinyin (pinyin-pro) read by voice `cmn-latn-pinyin` (voice `cmn`
//     reads tone digits as English words). espeak's leading and trailing silence is trimmed to a
//     short pad, so prompts played one after another (a date, a case number) do not drag.
// Output: DIR/<lang>/<id>.wav (default DIR = prompts/generated), 8000 Hz mono 16-bit signed PCM, the
// only .wav flavour Asterisk plays. A <id>.hash file beside each output records what it was built
// from, so only changed prompts are rebuilt. Up to two espeak-ng | sox pipelines run at once, and
// every file is written to a temporary name in its directory and renamed into place, so two builds
// running at once (the tests and the sandbox) never leave a half-written prompt behind.
import { createHash, randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { customPinyin, pinyin } from 'pinyin-pro';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROMPTS = join(REPO, 'prompts');
/** Bump when the synthesis pipeline changes, to force a rebuild of every generated prompt. */
const PIPELINE_VERSION = 'espeak-ng|sox 8k/1ch/16bit trim-silence pad 0.03/0.08 gain -n -3, rate 165/170, v3';
/** sox effects after the format conversion of a synthesised prompt: trim espeak's silence, keep a short pad, normalise. */
const TTS_EFFECTS = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse', 'pad', '0.03', '0.08', 'gain', '-n', '-3'];

// pinyin-pro applies the 一 tone sandhi to "一日" (yí rì), but as a date, the first, it is yī rì.
customPinyin({ 一日: 'yī rì' });

export type Catalogue = Record<string, Record<string, string>>;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * Arabic digits → Chinese digits, read one by one. A lone digit ("请按1") is 一 (yī); in runs of 3+
 * digits (phone and case numbers) 1 is 幺 (yāo), as Chinese read them out.
 */
export function digitsToChinese(text: string): string {
  return text.replace(/[0-9]+/g, (run) =>
    [...run].map((d) => (d === '1' && run.length >= 3 ? '幺' : DIGITS[Number(d)])).join(''),
  );
}

/** Mandarin text → the tone-numbered pinyin that espeak-ng's `cmn-latn-pinyin` voice reads, e.g. "nin2 hao3, huan1 ying2 …". */
export function toEspeakPinyin(text: string): string {
  const syllables = pinyin(digitsToChinese(text), { toneType: 'num', type: 'array', v: true, nonZh: 'consecutive' });
  const out: string[] = [];
  for (const raw of syllables) {
    const s = raw.trim();
    if (!s) continue;
    if (/^[，,、；;：:]+$/.test(s)) out.push(',');
    else if (/^[。.！!？?…]+$/.test(s)) out.push('.');
    else if (/^[a-z]+[0-5]$/i.test(s)) out.push(s.replace(/0$/, '').toLowerCase()); // neutral tone: bare syllable
    else out.push(s.replace(/[，、；：]/g, ',').replace(/[。！？]/g, '.'));
  }
  return out.join(' ').replace(/ ([,.])/g, '$1').trim();
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The tools the build needs that are not on PATH. */
export function missingTools(): string[] {
  return ['espeak-ng', 'sox'].filter((c) => !have(c));
}

function describe(cmd: string, args: string[]): string {
  return `${cmd} ${args.map((a) => (/^[\w./%:=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
}

/** Runs `cmd args`, or `first.cmd first.args | cmd args` when first is given; rejects with stderr on failure. */
function runPipeline(cmd: string, args: string[], first?: { cmd: string; args: string[] }): Promise<void> {
  const wait = (c: string, a: string[], proc: ChildProcess) =>
    new Promise<string | undefined>((done) => {
      let stderr = '';
      let settled = false;
      const settle = (problem: string | undefined) => {
        if (!settled) done(problem);
        settled = true;
      };
      proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      proc.on('error', (error) => settle(`${describe(c, a)}: ${error.message}`));
      proc.on('close', (code, signal) => settle(code === 0 ? undefined : `${describe(c, a)} failed (${code ?? signal}): ${stderr.trim()}`));
    });
  const consumer = spawn(cmd, args, { stdio: [first ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  const waits = [wait(cmd, args, consumer)];
  if (first) {
    const producer = spawn(first.cmd, first.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    consumer.stdin!.on('error', () => {}); // EPIPE when sox dies first: its exit status tells
    producer.stdout!.pipe(consumer.stdin!);
    waits.unshift(wait(first.cmd, first.args, producer));
  }
  return Promise.all(waits).then((problems) => {
    const failures = problems.filter((p): p is string => p !== undefined);
    if (failures.length) throw new Error(failures.join('\n'));
  });
}

export interface WavInfo { format: number; channels: number; sampleRate: number; bitsPerSample: number; dataBytes: number; dataOffset: number }

/** Reads a RIFF/WAVE header: the fmt chunk and where the data chunk is. Throws when it is not one. */
export function readWavInfo(buffer: Buffer): WavInfo {
  if (buffer.length < 12 || buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let fmt: Omit<WavInfo, 'dataBytes' | 'dataOffset'> | undefined;
  for (let at = 12; at + 8 <= buffer.length; ) {
    const id = buffer.toString('ascii', at, at + 4);
    const size = buffer.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 24 <= buffer.length) {
      fmt = { format: buffer.readUInt16LE(at + 8), channels: buffer.readUInt16LE(at + 10), sampleRate: buffer.readUInt32LE(at + 12), bitsPerSample: buffer.readUInt16LE(at + 22) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before the fmt chunk');
      return { ...fmt, dataOffset: at + 8, dataBytes: Math.min(size, buffer.length - at - 8) };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(fmt ? 'no data chunk' : 'no fmt chunk');
}

function check(output: string): void {
  const info = readWavInfo(readFileSync(output));
  if (info.format !== 1 || info.channels !== 1 || info.sampleRate !== 8000 || info.bitsPerSample !== 16 || info.dataBytes < 2) {
    throw new Error(`${output}: expected PCM 8000 Hz, 1 channel, 16 bit, non-empty; got format ${info.format}, ${info.sampleRate} Hz, ${info.channels} ch, ${info.bitsPerSample} bit, ${info.dataBytes} data bytes`);
  }
}

/** A temporary name beside `file`, unique to this build; sox picks the format from the extension, so it keeps it. */
function tempBeside(file: string): string {
  const ext = file.slice(file.lastIndexOf('.'));
  return join(dirname(file), `.${basename(file, ext)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp${ext}`);
}

function writeAtomically(file: string, content: string): void {
  const tmp = tempBeside(file);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export interface BuildOptions {
  /** The prompts directory holding catalogue.json and recorded/<lang>/<id>.wav (default: the repository's prompts/). */
  promptsDir?: string;
  /** How many espeak-ng | sox pipelines run at once (default: 2, at most the CPU count). */
  concurrency?: number;
}

export interface BuildResult { built: string[]; kept: string[]; outDir: string; seconds: number }

interface Job { lang: string; id: string; text: string; out: string; hash: string; source: { kind: 'recorded'; file: string } | { kind: 'tts'; spoken: string } }

async function buildOne(job: Job): Promise<void> {
  const tmp = tempBeside(job.out);
  const convert = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp];
  try {
    if (job.source.kind === 'recorded') {
      await runPipeline('sox', [job.source.file, ...convert]);
    } else {
      const voice = job.lang === 'zh' ? ['-v', 'cmn-latn-pinyin', '-s', '165'] : job.lang === 'en' ? ['-v', 'en', '-s', '170'] : ['-v', job.lang];
      await runPipeline('sox', ['-t', 'wav', '-', ...convert, ...TTS_EFFECTS], { cmd: 'espeak-ng', args: [...voice, '--stdout', job.source.spoken] });
    }
    check(tmp);
    renameSync(tmp, job.out);
  } finally {
    rmSync(tmp, { force: true });
  }
  // The hash last: a build interrupted before it leaves a prompt that the next build redoes.
  const dir = dirname(job.out);
  writeAtomically(join(dir, `${job.id}.txt`), `${job.text}\n${job.source.kind === 'tts' && job.lang === 'zh' ? `${job.source.spoken}\n` : ''}`);
  writeAtomically(join(dir, `${job.id}.hash`), `${job.hash}\n`);
}

export async function buildPrompts(outDir = join(PROMPTS, 'generated'), force = false, log = (s: string) => console.log(s), options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const missing = missingTools();
  if (missing.length) {
    throw new Error(`build-prompts: ${missing.join(' and ')} not found on PATH; install with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const promptsDir = options.promptsDir ?? PROMPTS;
  const catalogue = JSON.parse(readFileSync(join(promptsDir, 'catalogue.json'), 'utf8')) as Catalogue;
  const result: BuildResult = { built: [], kept: [], outDir, seconds: 0 };
  const jobs: Job[] = [];
  for (const [id, texts] of Object.entries(catalogue)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`build-prompts: bad prompt id "${id}" (use a-z, 0-9, -)`);
    for (const [lang, text] of Object.entries(texts)) {
      if (!/^[a-z]{2,3}$/.test(lang)) throw new Error(`build-prompts: bad language "${lang}" for prompt ${id}`);
      if (typeof text !== 'string' || !text.trim()) throw new Error(`build-prompts: prompt ${id} has no ${lang} text`);
      const dir = join(outDir, lang);
      const out = join(dir, `${id}.wav`);
      const hashFile = join(dir, `${id}.hash`);
      const recorded = join(promptsDir, 'recorded', lang, `${id}.wav`);
      const source: Job['source'] = existsSync(recorded) ? { kind: 'recorded', file: recorded } : { kind: 'tts', spoken: lang === 'zh' ? toEspeakPinyin(text) : text };
      const what = source.kind === 'recorded'
        ? { kind: 'recorded', sha: createHash('sha256').update(readFileSync(recorded)).digest('hex') }
        : { kind: 'tts', text, spoken: source.spoken, pipeline: PIPELINE_VERSION };
      const hash = createHash('sha256').update(JSON.stringify({ id, lang, source: what })).digest('hex');
      if (!force && existsSync(out) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash && statSync(out).size > 44) {
        result.kept.push(`${lang}/${id}`);
        continue;
      }
      mkdirSync(dir, { recursive: true });
      jobs.push({ lang, id, text, out, hash, source });
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency ?? 2, cpus().length || 1, jobs.length));
  let next = 0;
  let failed: Error | undefined;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!failed && next < jobs.length) {
        const job = jobs[next++]!;
        try {
          await buildOne(job);
        } catch (error) {
          failed ??= new Error(`build-prompts: ${job.lang}/${job.id}: ${(error as Error).message}`);
          return;
        }
        result.built.push(`${job.lang}/${job.id}`);
        log(`prompt ${job.lang}/${job.id}: ${job.source.kind === 'recorded' ? 'recorded' : 'synthesised'} → ${job.out}`);
      }
    }),
  );
  if (failed) throw failed;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function main(argv: string[]): Promise<void> {
  let out: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      const dir = argv[++i];
      if (!dir) throw new Error('build-prompts: --out needs a directory');
      out = resolve(dir);
    } else if (argv[i] === '--force') force = true;
    else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: npx tsx scripts/build-prompts.ts [--out DIR] [--force]');
      return;
    } else throw new Error(`build-prompts: unknown argument ${argv[i]}`);
  }
  const r = await buildPrompts(out, force);
  console.log(`prompts: built ${r.built.length}, reused ${r.kept.length}, in ${r.seconds.toFixed(1)} s → ${r.outDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
