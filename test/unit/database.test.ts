import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { openDatabase, PAGE_CACHE_KIB, withoutFsync } from '../../src/db/database.ts';
import { UserRepository } from '../../src/db/user-repository.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

describe('database', () => {
  it('opens a file in WAL mode with foreign keys on, and migrates it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hotline-db-')), 'nested', 'hotline.db');
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    // SQLite's page cache at the chosen bound, not the driver's built-in 16 MiB
    expect(db.$client.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    const tables = db.$client.prepare(`select name from sqlite_master where type = 'table'`).all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'calls', 'cases', 'case_sequences']));
    db.$client.close();
    // Re-opening applies nothing twice.
    openDatabase(file).$client.close();
  });

  it('stores password hashes, never the password', async () => {
    const db = freshDatabase();
    const user = await addUser(db, { username: 'op1', password: 'correct-horse', role: 'operator' });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain('correct-horse');
    expect(await verifyPassword('correct-horse', user.passwordHash)).toBe(true);
    expect(await verifyPassword('wrong-horse', user.passwordHash)).toBe(false);
  });

  it('enforces foreign keys', () => {
    const db = freshDatabase();
    expect(() => db.$client.prepare(`insert into sessions (token_hash, user_id, expires_at) values ('x', 999, '2099')`).run()).toThrow(/FOREIGN KEY/);
  });

  it('keeps sessions by token hash and ends them', async () => {
    const db = freshDatabase();
    const users = new UserRepository(db);
    const user = await addUser(db, { username: 'op1', role: 'operator' });
    const { token } = users.createSession(user.id, 1);
    expect(users.userForToken(token)?.username).toBe('op1');
    expect(db.$client.prepare('select token_hash from sessions').get()).not.toEqual({ token_hash: token });
    users.endSession(token);
    expect(users.userForToken(token)).toBeUndefined();
  });

  it('uses an index to look cases up by phone', () => {
    const db = freshDatabase();
    const plan = db.$client.prepare(`explain query plan select * from cases where caller_phone = ?`).all('1') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX cases_caller_phone_idx/);
  });

  it('writes a call’s progress without an fsync of its own, and commits everything else with FULL', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'hotline-db-')), 'sync.db'));
    const sqlite = db.$client;
    const synchronous = () => sqlite.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2); // FULL
    expect(withoutFsync(sqlite, synchronous)).toBe(1); // NORMAL for this write only
    expect(synchronous()).toBe(2);
    expect(() => withoutFsync(sqlite, () => { throw new Error('constraint'); })).toThrow('constraint');
    expect(synchronous()).toBe(2);
    // inside a transaction (a case with its trail) the transaction's FULL commit decides
    expect(sqlite.transaction(() => withoutFsync(sqlite, synchronous))()).toBe(2);
    const calls = new CallRepository(db);
    calls.ensure({ uniqueid: 'u-sync', linkedid: 'u-sync', caller: '13800138000', enteredAt: '2026-01-01T00:00:00.000Z' });
    calls.update('u-sync', { lang: 'en', intent: 'report' });
    calls.appendPath('u-sync', 'choose-language');
    expect(calls.byUniqueid('u-sync')).toMatchObject({ lang: 'en', intent: 'report', path: 'choose-language' });
    expect(synchronous()).toBe(2);
    sqlite.close();
  });

  it('records a call once and sets ring time only the first time', () => {
    const db = freshDatabase();
    const calls = new CallRepository(db);
    calls.ensure({ uniqueid: '5.5', linkedid: '5.5', caller: '1', enteredAt: '2026-11-21T00:00:00.000Z' });
    calls.setOnce('5.5', 'ringAt', '2026-11-21T00:00:05.000Z');
    calls.setOnce('5.5', 'ringAt', '2026-11-21T00:00:09.000Z');
    calls.appendPath('5.5', 'choose-language');
    calls.appendPath('5.5', 'en:connecting');
    expect(calls.byUniqueid('5.5')).toMatchObject({ ringAt: '2026-11-21T00:00:05.000Z', path: 'choose-language en:connecting', outcome: 'in-progress' });
  });
});
