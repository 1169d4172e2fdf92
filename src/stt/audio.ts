// Audio hygiene for the engines: a message must be real, non-empty audio before an engine sees it, and each
// engine gets the format it needs (telephone audio is 8 kHz; PocketSphinx and whisper want 16 kHz mono).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TranscriptionError } from './transcriber.ts';

/**
 * Runs a program to its end (never a shell); aborting `signal` kills it. Engines and conversions run at the
 * lowest CPU priority (nice 19): on a small machine Asterisk, the calls and the screen pops come first.
 * A program that is not installed rejects with code ENOENT.
 */
export function run(file: string, args: string[], signal: AbortSignal, maxBuffer = 16 * 1024 * 1024): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('nice', ['-n', '19', file, ...args], { signal, maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        // nice says 127 when the program itself is missing
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as { code?: unknown }).code === 127;
        const reason = signal.aborted ? 'timed out' : (stderr.trim().split('\n').at(-1) ?? error.message);
        reject(Object.assign(new Error(`${file}: ${reason || error.message}`), { code: missing ? 'ENOENT' : (error as NodeJS.ErrnoException).code, stderr }));
      } else resolve({ stdout, stderr });
    });
  });
}

/** Seconds of audio in the file; a file that is not audio, or holds none, fails the job for good with why. */
export async function audioSeconds(file: string, signal: AbortSignal): Promise<number> {
  let seconds: number;
  try {
    seconds = Number((await run('soxi', ['-D', file], signal)).stdout.trim());
  } catch (error) {
    if (signal.aborted) throw error;
    if ((error as { code?: string }).code === 'ENOENT') throw new TranscriptionError('sox is not installed here (apt-get install sox)', false);
    throw new TranscriptionError(`not readable audio: ${(error as Error).message.replace(/^soxi: /, '')}`, false);
  }
  if (!Number.isFinite(seconds) || seconds <= 0.05) throw new TranscriptionError('the message holds no audio (empty or truncated)', false);
  return seconds;
}

/** Converts the message to 16 kHz, 16-bit mono WAV in a temporary directory, gives it to `use`, then removes it. */
export async function withWav16k<T>(file: string, signal: AbortSignal, use: (wav: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'hotline-stt-'));
  try {
    const wav = join(directory, 'message-16k.wav');
    await run('sox', ['-D', file, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav], signal);
    return await use(wav);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
