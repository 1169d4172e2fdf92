// A call recording cut off by a crash of Asterisk (sizes never written into its header) is kept with its true
// sizes, so players read the audio that is there instead of an empty file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { RecordingArchive, type CallRecording, type RecordingStore } from '../../src/recordings/recording-archive.ts';
import { wav } from '../helpers/wav.ts';

describe('call recordings cut by a crash', () => {
  it('are kept with the RIFF and data sizes of the audio they hold', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'recordings-'));
    const inserted: Parameters<RecordingStore['insert']>[0][] = [];
    const store: RecordingStore = {
      byName: () => undefined,
      callOf: (uniqueid) => (uniqueid === '1795.7' ? { callId: 7, agentUserId: 3, caseId: 11 } : undefined),
      insert: (row) => {
        inserted.push(row);
        return { ...row, id: 1 } as unknown as CallRecording;
      },
      expired: () => [],
      markDeleted: () => {},
    };
    const removed: string[] = [];
    const audio = wav(8000, { riff: 0, data: 0 }); // one second, as Asterisk leaves it when killed mid-call
    const archive = new RecordingArchive(
      dataDirectory,
      store,
      { download: async (name, file) => (name === 'hotline-call-1795.7' ? (writeFileSync(file, audio), audio.length) : null), remove: async (name) => void removed.push(name), list: async () => [], channelExists: async () => false },
      { record: () => {} },
      createLogger('silent'),
    );
    expect(await archive.archive('1795.7')).toBe('archived');
    const kept = readFileSync(join(dataDirectory, inserted[0]!.file));
    expect(kept.readUInt32LE(4)).toBe(kept.length - 8);
    expect(kept.readUInt32LE(40)).toBe(16000);
    expect(kept.subarray(44)).toEqual(audio.subarray(44));
    expect(inserted[0]).toMatchObject({ callId: 7, caseId: 11, agentUserId: 3, durationMs: 1000, bytes: kept.length });
    expect(removed).toEqual(['hotline-call-1795.7']);
  });

  it('keeps nothing of a download cut off mid-way, and keeps the whole recording on the next try', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'recordings-'));
    const inserted: Parameters<RecordingStore['insert']>[0][] = [];
    const store: RecordingStore = {
      byName: () => undefined,
      callOf: () => ({ callId: 8, agentUserId: 3, caseId: null }),
      insert: (row) => (inserted.push(row), { ...row, id: 2 } as unknown as CallRecording),
      expired: () => [],
      markDeleted: () => {},
    };
    const audio = wav(16_000);
    let attempts = 0;
    const removed: string[] = [];
    const archive = new RecordingArchive(
      dataDirectory,
      store,
      {
        download: async (_name, file) => {
          if (++attempts === 1) {
            writeFileSync(file, audio.subarray(0, 5_000)); // Asterisk's HTTP answer drops after 5 kB
            throw new Error('terminated');
          }
          writeFileSync(file, audio);
          return audio.length;
        },
        remove: async (name) => void removed.push(name),
        list: async () => [],
        channelExists: async () => false,
      },
      { record: () => {} },
      createLogger('silent'),
    );
    await expect(archive.archive('1795.8')).rejects.toThrow('terminated');
    const folder = join(dataDirectory, 'recordings', new Date().toISOString().slice(0, 10));
    expect([readdirSync(folder), inserted, removed]).toEqual([[], [], []]); // no partial file, no row, Asterisk's copy kept
    expect(await archive.archive('1795.8')).toBe('archived');
    expect(readFileSync(join(dataDirectory, inserted[0]!.file))).toEqual(audio);
    expect(existsSync(join(dataDirectory, `${inserted[0]!.file}.partial`))).toBe(false);
    expect([inserted[0]!.durationMs, removed]).toEqual([2000, ['hotline-call-1795.8']]);
  });
});
