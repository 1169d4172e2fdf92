// A minute of telephone speech for the benchmarks: the five LibriVox sentences of Debian's
// pocketsphinx-testdata, again and again, through an 8 kHz A-law line, kept as 16-bit WAV like a message.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

export function minuteOfSpeech(work: string): Buffer {
  const clips = readFileSync(join(LIBRIVOX, 'fileids'), 'utf8').trim().split('\n').map((id) => join(LIBRIVOX, `${id.trim().split('/').pop()}.wav`));
  execFileSync('sox', ['-D', ...clips, ...clips, ...clips, join(work, 'long.wav')]);
  execFileSync('sox', ['-D', join(work, 'long.wav'), '-r', '8000', '-c', '1', '-e', 'a-law', join(work, 'minute.al.wav'), 'trim', '0', '60']);
  execFileSync('sox', ['-D', join(work, 'minute.al.wav'), '-e', 'signed-integer', '-b', '16', join(work, 'minute.wav')]);
  return readFileSync(join(work, 'minute.wav'));
}
