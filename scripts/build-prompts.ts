// Builds the IVR prompts from prompts/catalogue.json.
//
//   npx tsx scripts/build-prompts.ts [--out DIR] [--force]
//
// For every prompt id and language:
//   - prompts/recorded/<lang>/<id>.wav exists → a recorded human prompt wins (converted to the
//     format below if needed);
//   - otherwise it is synthesised with espeak-ng: English with voice `en`, Mandarin by turning the
//     Hanzi into tone-numbered pinyin (pinyin-pro) read by voice `cmn-latn-pinyin` (voice `cmn`
//     reads tone digits as English words).
// Output: DIR/<lang>/<id>.wav (default DIR = prompts/generated), 8000 Hz mono 16-bit signed PCM, the
// only .wav flavour Asterisk plays. A <id>.hash file beside each output records what it was built
// from, so only changed prompts are rebuilt.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pinyin } from 'pinyin-pro';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROMPTS = join(REPO, 'prompts');
/** Bump when the synthesis pipeline changes, to force a rebuild of every generated prompt. */
const PIPELINE_VERSION = 'espeak-ng+sox 8k/1ch/16bit gain -n -3, v1';

export type Catalogue = Record<string, Record<string, string>>;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Arabic digits → Chinese digits, read one by one; in numbers of 3+ digits 1 is 幺 (yāo), as for phone numbers. */
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

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr?.trim()}`);
  }
}

function toTelephoneWav(input: string, output: string, normalise: boolean): void {
  run('sox', [input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', output, ...(normalise ? ['gain', '-n', '-3'] : [])]);
}

function check(output: string): void {
  const info = (flag: string) => execFileSync('soxi', [flag, output], { encoding: 'utf8' }).trim();
  const [rate, channels, bits, samples] = [info('-r'), info('-c'), info('-b'), Number(info('-s'))];
  if (rate !== '8000' || channels !== '1' || bits !== '16' || !(samples > 0)) {
    throw new Error(`${output}: expected 8000 Hz, 1 channel, 16 bit, non-empty; got ${rate} Hz, ${channels} ch, ${bits} bit, ${samples} samples`);
  }
}

export interface BuildResult { built: string[]; kept: string[]; outDir: string }

export function buildPrompts(outDir = join(PROMPTS, 'generated'), force = false, log = (s: string) => console.log(s)): BuildResult {
  const missing = ['espeak-ng', 'sox', 'soxi'].filter((c) => !have(c));
  if (missing.length) {
    const pkgs = [...new Set(missing.map((c) => (c === 'soxi' ? 'sox' : c)))];
    throw new Error(`build-prompts: ${missing.join(', ')} not found; install with: sudo apt-get install -y ${pkgs.join(' ')}`);
  }
  const catalogue = JSON.parse(readFileSync(join(PROMPTS, 'catalogue.json'), 'utf8')) as Catalogue;
  const tmp = mkdtempSync(join(tmpdir(), 'hotline-prompts-'));
  const result: BuildResult = { built: [], kept: [], outDir };
  try {
    for (const [id, texts] of Object.entries(catalogue)) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`build-prompts: bad prompt id "${id}" (use a-z, 0-9, -)`);
      for (const [lang, text] of Object.entries(texts)) {
        if (!/^[a-z]{2,3}$/.test(lang)) throw new Error(`build-prompts: bad language "${lang}" for prompt ${id}`);
        const dir = join(outDir, lang);
        const out = join(dir, `${id}.wav`);
        const hashFile = join(dir, `${id}.hash`);
        const recorded = join(PROMPTS, 'recorded', lang, `${id}.wav`);
        const source = existsSync(recorded)
          ? { kind: 'recorded', file: recorded, sha: createHash('sha256').update(readFileSync(recorded)).digest('hex') }
          : { kind: 'tts', text, spoken: lang === 'zh' ? toEspeakPinyin(text) : text, pipeline: PIPELINE_VERSION };
        const hash = createHash('sha256').update(JSON.stringify({ id, lang, source })).digest('hex');
        if (!force && existsSync(out) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash && statSync(out).size > 44) {
          result.kept.push(`${lang}/${id}`);
          continue;
        }
        mkdirSync(dir, { recursive: true });
        if (source.kind === 'recorded') {
          toTelephoneWav(recorded, out, false);
        } else {
          const raw = join(tmp, `${lang}-${id}.wav`);
          if (lang === 'zh') run('espeak-ng', ['-v', 'cmn-latn-pinyin', '-s', '150', '-w', raw, source.spoken as string]);
          else if (lang === 'en') run('espeak-ng', ['-v', 'en', '-s', '155', '-w', raw, text]);
          else run('espeak-ng', ['-v', lang, '-w', raw, text]);
          toTelephoneWav(raw, out, true);
        }
        check(out);
        writeFileSync(hashFile, `${hash}\n`);
        writeFileSync(join(dir, `${id}.txt`), `${text}\n${source.kind === 'tts' && lang === 'zh' ? `${source.spoken}\n` : ''}`);
        result.built.push(`${lang}/${id}`);
        log(`prompt ${lang}/${id}: ${source.kind === 'recorded' ? 'recorded' : 'synthesised'} → ${out}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return result;
}

function main(argv: string[]): void {
  let out: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--force') force = true;
    else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: npx tsx scripts/build-prompts.ts [--out DIR] [--force]');
      return;
    } else throw new Error(`build-prompts: unknown argument ${argv[i]}`);
  }
  const r = buildPrompts(out, force);
  console.log(`prompts: ${r.built.length} built, ${r.kept.length} up to date in ${r.outDir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
