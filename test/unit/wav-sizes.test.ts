// A WAV cut off by a crash (its header sizes never written) is given sizes true to its length; a whole one is left alone.
import { describe, expect, it } from 'vitest';
import { withTrueWavSizes } from '../../src/voicemail/wav-sizes.ts';

/** A 16-bit 8 kHz mono WAV of `samples` samples whose header claims `riffSize` / `dataSize`. */
function wav(samples: number, sizes?: { riff: number; data: number }): Buffer {
  const audio = Buffer.alloc(44 + samples * 2);
  audio.write('RIFF', 0, 'ascii');
  audio.writeUInt32LE(sizes?.riff ?? audio.length - 8, 4);
  audio.write('WAVEfmt ', 8, 'ascii');
  audio.writeUInt32LE(16, 16);
  audio.writeUInt16LE(1, 20);
  audio.writeUInt16LE(1, 22);
  audio.writeUInt32LE(8_000, 24);
  audio.writeUInt32LE(16_000, 28);
  audio.writeUInt16LE(2, 32);
  audio.writeUInt16LE(16, 34);
  audio.write('data', 36, 'ascii');
  audio.writeUInt32LE(sizes?.data ?? samples * 2, 40);
  for (let sample = 0; sample < samples; sample++) audio.writeInt16LE(((sample % 40) - 20) * 500, 44 + sample * 2);
  return audio;
}

describe('WAV sizes of a message', () => {
  it('sets the sizes of a file Asterisk never closed (zeros) from its length, audio untouched', () => {
    const cut = wav(8_000, { riff: 0, data: 0 });
    const fixed = withTrueWavSizes(cut);
    expect(fixed.readUInt32LE(4)).toBe(cut.length - 8);
    expect(fixed.readUInt32LE(40)).toBe(16_000);
    expect(fixed.subarray(44).equals(cut.subarray(44))).toBe(true);
    expect(cut.readUInt32LE(40)).toBe(0);
  });

  it('cuts a data size that runs past the end of the file to what is there', () => {
    expect(withTrueWavSizes(wav(100, { riff: 1_000_036, data: 1_000_000 })).readUInt32LE(40)).toBe(200);
  });

  it('leaves a whole WAV, and anything that is no WAV, as it is', () => {
    const whole = wav(100);
    expect(withTrueWavSizes(whole)).toBe(whole);
    const other = Buffer.from('not a wav file at all, longer than forty-four bytes for sure');
    expect(withTrueWavSizes(other)).toBe(other);
  });
});
