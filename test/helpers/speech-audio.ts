// Human English speech with its reference transcript (Debian's pocketsphinx-testdata: LibriVox recordings),
// made into what a telephone message is here: 8 kHz, A-law on the line, stored as 16-bit WAV by Asterisk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

/** The reference words of a LibriVox test file (by its id, e.g. sense_and_sensibility_01_austen_64kb-0870). */
export function referenceWords(id: string): string[] {
  const line = readFileSync(join(LIBRIVOX, 'transcription'), 'utf8').split('\n').find((entry) => entry.includes(`(${id})`));
  if (!line) throw new Error(`no reference transcript for ${id}`);
  return line.replace(/<\/?s>|\(.*\)/g, '').trim().split(/\s+/);
}

/** The recording as a telephone message would be kept: 8 kHz 16-bit mono WAV after an A-law line. */
export function telephoneWav(id: string, directory = mkdtempSync(join(tmpdir(), 'speech-'))): string {
  const alaw = join(directory, `${id}.al.wav`);
  const wav = join(directory, `${id}.wav`);
  execFileSync('sox', ['-D', join(LIBRIVOX, `${id}.wav`), '-r', '8000', '-c', '1', '-e', 'a-law', alaw]);
  execFileSync('sox', ['-D', alaw, '-e', 'signed-integer', '-b', '16', wav]);
  return wav;
}

/** Share of the reference words found in the transcript (each counted once). */
export function wordOverlap(reference: string[], transcript: string): number {
  const heard = new Set(transcript.toLowerCase().split(/\s+/).filter(Boolean));
  return reference.filter((word) => heard.has(word.toLowerCase())).length / reference.length;
}

export function corruptFile(directory = mkdtempSync(join(tmpdir(), 'speech-'))): string {
  const file = join(directory, 'corrupt.wav');
  writeFileSync(file, Buffer.concat([Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt '), Buffer.from('this is not audio at all')]));
  return file;
}

/** The recording as a SIPp caller streams it (rtp_stream): raw 8 kHz A-law. */
export function telephoneStream(id: string, directory = mkdtempSync(join(tmpdir(), 'speech-'))): string {
  const stream = join(directory, `${id}.alaw`);
  execFileSync('sox', ['-D', join(LIBRIVOX, `${id}.wav`), '-r', '8000', '-c', '1', '-t', 'al', stream]);
  return stream;
}
