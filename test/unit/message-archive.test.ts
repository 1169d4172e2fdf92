// Audio kept on disk: whole or not at all (temp file, sync, rename), whether held in memory or streamed to a file.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAudio, keepPartialAudio } from '../../src/voicemail/message-archive.ts';
import { wav } from '../helpers/wav.ts';

const partialOf = (data: string, relativeFile: string, audio: Buffer) => {
  mkdirSync(join(data, relativeFile, '..'), { recursive: true });
  writeFileSync(join(data, `${relativeFile}.partial`), audio);
};

describe('archived audio', () => {
  it('keeps a streamed call recording exactly as the in-memory archive keeps a message', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-archive-'));
    const audio = wav(24_000);
    partialOf(data, 'recordings/2026-11-23/hotline-call-1.wav', audio);
    const kept = await keepPartialAudio(data, 'recordings/2026-11-23/hotline-call-1.wav');
    const onLoop = archiveAudio(data, 'voicemail/2026-11-23/hotline-msg-1.wav', audio);
    expect(kept).toEqual({ ...onLoop, file: 'recordings/2026-11-23/hotline-call-1.wav' });
    expect(readFileSync(join(data, kept.file))).toEqual(audio);
    expect(readdirSync(join(data, 'recordings/2026-11-23'))).toEqual(['hotline-call-1.wav']); // no .partial left
  });

  it('sets a cut recording’s WAV sizes in the file, and its checksum is of what is kept', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-archive-'));
    const cut = wav(8_000, { riff: 0, data: 0 });
    partialOf(data, 'recordings/2026-11-23/hotline-call-2.wav', cut);
    const kept = await keepPartialAudio(data, 'recordings/2026-11-23/hotline-call-2.wav');
    const file = readFileSync(join(data, kept.file));
    expect([file.readUInt32LE(4), file.readUInt32LE(40), kept.bytes]).toEqual([cut.length - 8, 16_000, cut.length]);
    expect(file.subarray(44)).toEqual(cut.subarray(44));
    expect(kept.sha256).toBe(createHash('sha256').update(file).digest('hex'));
  });
});
