// Audio kept on disk: whole or not at all (temp file, sync, rename), and the same from the loop or off it.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAudio, archiveAudioOffLoop } from '../../src/voicemail/message-archive.ts';

describe('archived audio', () => {
  it('keeps a call recording off the event loop exactly as the synchronous archive keeps a message', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-archive-'));
    const audio = Buffer.from('RIFF....WAVEfmt and some samples');
    const offLoop = archiveAudioOffLoop(data, 'recordings/2026-11-23/hotline-call-1.wav', audio);
    const onLoop = archiveAudio(data, 'voicemail/2026-11-23/hotline-msg-1.wav', audio);
    const kept = await offLoop;
    expect(kept).toEqual({ ...onLoop, file: 'recordings/2026-11-23/hotline-call-1.wav' });
    expect(readFileSync(join(data, kept.file))).toEqual(audio);
    expect(readdirSync(join(data, 'recordings/2026-11-23'))).toEqual(['hotline-call-1.wav']); // no .partial left
  });
});
