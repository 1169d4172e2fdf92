import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidCaseNumber } from '../../src/cases/case-number.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CaseRepository } from '../../src/db/case-repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { UserRepository } from '../../src/db/user-repository.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

describe('database', () => {
  it('opens a file in WAL mode with foreign keys on, and migrates it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hotline-db-')), 'nested', 'hotline.db');
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
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

  it('gives each call one draft case with a valid number, numbered in sequence per day', () => {
    const db = freshDatabase();
    const calls = new CallRepository(db);
    const cases = new CaseRepository(db);
    const at = new Date('2026-11-21T02:00:00Z');
    const first = calls.ensure({ uniqueid: '1.1', linkedid: '1.1', caller: '13800138000', enteredAt: at.toISOString() });
    const second = calls.ensure({ uniqueid: '1.2', linkedid: '1.2', caller: '13900139000', enteredAt: at.toISOString() });
    const a = cases.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'en', kind: 'complaint', at });
    const again = cases.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'en', kind: null, at });
    const b = cases.draftForCall({ callId: second.id, callerPhone: '13900139000', lang: 'zh', kind: null, at });
    expect(again.number).toBe(a.number);
    expect(a.number.slice(0, 11)).toBe('26112100001');
    expect(b.number.slice(0, 11)).toBe('26112100002');
    expect(isValidCaseNumber(a.number) && isValidCaseNumber(b.number)).toBe(true);
    expect(a).toMatchObject({ status: 'draft', lang: 'en', kind: 'complaint' });
    // One draft per call, and its audit trail starts with "create" (written once, not per ring).
    expect(db.$client.prepare(`select action, to_status as toStatus, actor_user_id as actor, details from case_events order by id`).all()).toEqual([
      { action: 'create', toStatus: 'draft', actor: null, details: JSON.stringify({ channel: 'phone', callId: first.id }) },
      { action: 'create', toStatus: 'draft', actor: null, details: JSON.stringify({ channel: 'phone', callId: second.id }) },
    ]);
  });

  it('finds a caller’s earlier cases by phone, newest first, without the current one', () => {
    const db = freshDatabase();
    const calls = new CallRepository(db);
    const cases = new CaseRepository(db);
    const numbers = ['1', '2', '3'].map((n, i) => {
      const call = calls.ensure({ uniqueid: `9.${n}`, linkedid: `9.${n}`, caller: '13800138000', enteredAt: new Date().toISOString() });
      return cases.draftForCall({ callId: call.id, callerPhone: '13800138000', lang: 'zh', kind: null, at: new Date(Date.UTC(2026, 10, 20 + i)) }).number;
    });
    const history = cases.historyForPhone('13800138000', numbers[2]!, 10).map((c) => c.number);
    expect(history).toEqual([numbers[1], numbers[0]]);
    expect(cases.historyForPhone('13700000000', '', 10)).toEqual([]);
  });

  it('uses an index to look cases up by phone', () => {
    const db = freshDatabase();
    const plan = db.$client.prepare(`explain query plan select * from cases where caller_phone = ?`).all('1') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX cases_caller_phone_idx/);
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
