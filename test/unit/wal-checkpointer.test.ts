// WAL checkpoints run in a worker thread, never in the server's connection on the event loop: the log stays
// bounded while the server writes, and a worker that cannot run hands checkpoints back to the connection.
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { checkpointOffTheLoop } from '../../src/db/wal-checkpointer.ts';
import { createLogger } from '../../src/log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  dirs.push(dir);
  const file = join(dir, 'hotline.db');
  return { db: openDatabase(file), file };
}

function capturedLog() {
  const lines: { msg: string; level: number }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as { msg: string; level: number });
      done();
    },
  });
  return { log: createLogger('info', destination), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const autocheckpoint = (db: ReturnType<typeof openDatabase>) => db.$client.pragma('wal_autocheckpoint', { simple: true });

describe('WAL checkpoints off the event loop', () => {
  it('are made by the worker, not by the server’s commits, and keep the log bounded while calls are written', async () => {
    const { db, file } = fileDatabase();
    const checkpointer = checkpointOffTheLoop(db.$client, capturedLog().log, 20);
    expect(autocheckpoint(db)).toBe(0);
    const insert = db.$client.prepare(`insert into calls (uniqueid, linkedid, caller, entered_at) values (?, ?, '13800138000', '2026-11-23T02:00:00Z')`);
    let largest = 0;
    let written = 0;
    for (let batch = 0; batch < 30; batch++) {
      for (let i = 0; i < 200; i++) {
        insert.run(`${batch}.${i}`, `${batch}.${i}`);
        written++;
      }
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      await sleep(25);
    }
    // 6,000 commits: a log never checkpointed would hold a frame for each (the connection checkpoints nothing)
    const framesWritten = written;
    expect(checkpointer.checkpointedPages).toBeGreaterThan(0);
    expect(largest / 4_120).toBeLessThan(framesWritten / 3);
    await checkpointer.stop();
    expect(autocheckpoint(db)).toBe(1000);
    db.$client.close();
  });

  it('hands checkpoints back to the server’s connection when its worker cannot run, and says so', async () => {
    const { db, file } = fileDatabase();
    const { log, lines } = capturedLog();
    // the worker opens the file by name: gone, it cannot (the server's connection keeps its open file)
    unlinkSync(file);
    const checkpointer = checkpointOffTheLoop(db.$client, log, 20);
    for (let i = 0; i < 100 && autocheckpoint(db) !== 1000; i++) await sleep(20);
    expect(autocheckpoint(db)).toBe(1000);
    expect(lines.map((line) => line.msg)).toContain('the WAL checkpoint worker ended: the server’s connection checkpoints again');
    db.$client.prepare(`insert into calls (uniqueid, linkedid, caller, entered_at) values ('1.1', '1.1', '13800138000', '2026-11-23T02:00:00Z')`).run();
    await checkpointer.stop();
    db.$client.close();
  });
});
