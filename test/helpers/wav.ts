// A 16-bit 8 kHz mono WAV built in memory, with the header sizes a test wants (zeros: a file Asterisk never closed).

/** A WAV of `samples` samples whose header claims `riff` / `data` sizes (true ones when not given). */
export function wav(samples: number, sizes?: { riff: number; data: number }): Buffer {
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

/** Peak absolute sample of a 16-bit PCM WAV body: above ~1,000 it holds sound, not silence. */
export function peakSample(audio: Buffer): number {
  let max = 0;
  for (let offset = 44; offset + 1 < audio.length; offset += 2) max = Math.max(max, Math.abs(audio.readInt16LE(offset)));
  return max;
}
