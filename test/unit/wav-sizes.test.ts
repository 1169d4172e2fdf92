// A WAV cut off by a crash (its header sizes never written) is given sizes true to its length; a whole one is left alone.
import { describe, expect, it } from 'vitest';
import { withTrueWavSizes } from '../../src/voicemail/wav-sizes.ts';
import { wav } from '../helpers/wav.ts';

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
