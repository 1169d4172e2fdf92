// Asterisk writes a WAV file's sizes into its header when it closes the file. A message cut off by a crash
// (Asterisk killed mid-recording) keeps zeros there, and players and transcribers read it as empty: the sizes
// are set from what the file holds.

/** The audio with its RIFF and data sizes true to its length; the same buffer when they already are (or it is no WAV). */
export function withTrueWavSizes(audio: Buffer): Buffer {
  if (audio.length < 44 || audio.toString('ascii', 0, 4) !== 'RIFF' || audio.toString('ascii', 8, 12) !== 'WAVE') return audio;
  for (let offset = 12; offset + 8 <= audio.length; ) {
    const id = audio.toString('ascii', offset, offset + 4);
    const size = audio.readUInt32LE(offset + 4);
    if (id === 'data') {
      const held = audio.length - offset - 8;
      // a data size within the file is Asterisk's own (chunks may follow it); zero or past the end is a cut file
      if (size !== 0 && size <= held) return audio;
      const fixed = Buffer.from(audio);
      fixed.writeUInt32LE(audio.length - 8, 4);
      fixed.writeUInt32LE(held, offset + 4);
      return fixed;
    }
    offset += 8 + size + (size % 2);
  }
  return audio;
}
