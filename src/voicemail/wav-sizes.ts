// Asterisk writes a WAV file's sizes into its header when it closes the file. A message cut off by a crash
// (Asterisk killed mid-recording) keeps zeros there, and players and transcribers read it as empty: the sizes
// are set from what the file holds.
import type { FileHandle } from 'node:fs/promises';

/**
 * The [offset, value] 32-bit writes that make a WAV's RIFF and data sizes true to its `length`, read from its
 * first bytes `head` (the whole file, or enough to hold the chunk headers before the data); none when the sizes
 * are true, it is no WAV, or its data chunk starts past `head`.
 */
export function wavSizeFixes(head: Buffer, length: number): [number, number][] {
  if (length < 44 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return [];
  for (let offset = 12; offset + 8 <= Math.min(length, head.length); ) {
    const size = head.readUInt32LE(offset + 4);
    if (head.toString('ascii', offset, offset + 4) === 'data') {
      const held = length - offset - 8;
      // a data size within the file is Asterisk's own (chunks may follow it); zero or past the end is a cut file
      if (size !== 0 && size <= held) return [];
      return [
        [4, length - 8],
        [offset + 4, held],
      ];
    }
    offset += 8 + size + (size % 2);
  }
  return [];
}

/** The audio with its RIFF and data sizes true to its length; the same buffer when they already are (or it is no WAV). */
export function withTrueWavSizes(audio: Buffer): Buffer {
  const fixes = wavSizeFixes(audio, audio.length);
  if (fixes.length === 0) return audio;
  const fixed = Buffer.from(audio);
  for (const [offset, value] of fixes) fixed.writeUInt32LE(value, offset);
  return fixed;
}

/** The same for a file on disk, written in place (only its first 4 kB are read: Asterisk's data chunk starts at byte 36); whether anything was written. */
export async function setTrueWavSizes(file: FileHandle, length: number): Promise<boolean> {
  const head = Buffer.alloc(Math.min(length, 4096));
  await file.read(head, 0, head.length, 0);
  const fixes = wavSizeFixes(head, length);
  for (const [offset, value] of fixes) {
    const word = Buffer.alloc(4);
    word.writeUInt32LE(value, 0);
    await file.write(word, 0, 4, offset);
  }
  return fixes.length > 0;
}
