// Another process holds the database's write lock: writes answer 503 at once with a clear message and
// change nothing; reads and health answer as usual.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, openDatabase, type Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser } from '../helpers/test-db.ts';

let db: Db;
let hotline: Hotline;
let file: string;
let token: string;

beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'hotline-lock-')), 'hotline.db');
  db = openDatabase(file);
  await addUser(db, { username: 'op1001', role: 'operator' });
  hotline = await createHotline(testConfig(), createLogger('silent'), { db });
  token = (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password: 'correct-horse' } })).json().token;
});
afterEach(async () => {
  await hotline.stop();
  db.$client.close();
});

const createCase = () =>
  hotline.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { authorization: `Bearer ${token}` },
    payload: { channel: 'phone', lang: 'zh', kind: 'complaint', subject: '电池起火' },
  });

function holdWriteLock() {
  const other = new Database(file);
  other.prepare('begin immediate').run();
  return () => {
    other.prepare('rollback').run();
    other.close();
  };
}

describe('a database locked by another process', () => {
  it('waits only briefly for the lock: a synchronous wait stalls every call on the event loop', () => {
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(BUSY_TIMEOUT_MS).toBeLessThanOrEqual(250);
  });

  it('answers a case write with 503 and a clear message, and changes nothing', async () => {
    const release = holdWriteLock();
    const before = db.$client.prepare('select count(*) as n from cases').get();
    try {
      const response = await createCase();
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the database is busy: another process holds its write lock. Nothing was changed; try again in a moment',
      });
      // reads go on (WAL), and so do the health checks
      expect((await hotline.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      expect((await hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      release();
    }
    expect(db.$client.prepare('select count(*) as n from cases').get()).toEqual(before);
    expect(db.$client.prepare('select count(*) as n from case_events').get()).toEqual({ n: 0 });
    expect((await createCase()).statusCode).toBe(201);
  });

  it('answers a login with 503 rather than a bare 500', async () => {
    const release = holdWriteLock();
    try {
      const response = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password: 'correct-horse' } });
      expect(response.statusCode).toBe(503);
      expect(response.json().message).toMatch(/database is busy/);
    } finally {
      release();
    }
  });
});
