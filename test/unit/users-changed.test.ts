// The accounts behind phones are kept in memory between changes to the users table (asked on every ring,
// queue-member event and wallboard KPI push): read once, read again after a write through the repository or
// a raw write on the same connection (at once), another process's write (data_version, from the next turn of
// the event loop) — and never kept from inside a transaction that is then rolled back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { UserRepository } from '../../src/db/user-repository.ts';
import { UsersDerived } from '../../src/db/users-changed.ts';
import { addUser } from '../helpers/test-db.ts';

const dirs: string[] = [];
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDatabase(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'users-changed-'));
  dirs.push(dir);
  const file = join(dir, 'hotline.db');
  const db = openDatabase(file);
  opened.push(db.$client);
  return { db, file };
}

/** Counts how often the derived value is computed, reading the operators' display names. */
function countedNames(db: Db) {
  let reads = 0;
  const names = new UsersDerived(db.$client, () => {
    reads++;
    return (db.$client.prepare('select display_name as name from users order by username').all() as { name: string }[]).map((row) => row.name);
  });
  return { names, reads: () => reads };
}

describe('users kept in memory between changes', () => {
  it('reads the table once while nothing changes, again after a repository write or a raw write on the connection', async () => {
    const { db } = fileDatabase();
    const users = new UserRepository(db);
    const op = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    const { names, reads } = countedNames(db);
    expect(names.get()).toEqual(['op1001']);
    expect(names.get()).toEqual(['op1001']);
    expect(users.byExtension('1001')).toBe(users.byExtension('1001'));
    expect(reads()).toBe(1);

    users.update(op.id, { displayName: '王小明' });
    expect(names.get()).toEqual(['王小明']);
    expect(users.byExtension('1001')?.displayName).toBe('王小明');
    expect(reads()).toBe(2);

    db.$client.prepare(`update users set display_name = 'Li Lei' where id = ?`).run(op.id);
    expect(users.byExtension('1001')?.displayName).toBe('Li Lei');
    expect(names.get()).toEqual(['Li Lei']);
    db.$client.prepare('delete from users where id = ?').run(op.id);
    expect(users.byExtension('1001')).toBeUndefined();
    expect(users.withPhones()).toEqual([]);
    expect(names.get()).toEqual([]);
    expect(reads()).toBe(4);
  });

  it("sees another process's write (the CLI disabling an account, moving it) from the next turn of the event loop", async () => {
    const { db, file } = fileDatabase();
    const users = new UserRepository(db);
    await addUser(db, { username: 'op1001', role: 'operator', extension: '1001', languages: 'zh,en' });
    await addUser(db, { username: 'sup1', role: 'supervisor', extension: '2001' });
    await addUser(db, { username: 'h1', role: 'handler', extension: '3001' });
    expect(users.withPhones().map((user) => [user.extension, user.languages])).toEqual([
      ['1001', 'zh,en'],
      ['2001', 'zh'],
    ]);
    expect(users.byExtension('3001')?.role).toBe('handler');

    const other = new Database(file);
    opened.push(other);
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    await nextTurn();
    expect(users.byExtension('1001')?.username).toBe('op1001');
    other.prepare(`update users set disabled = 1 where username = 'op1001'`).run();
    // within one turn (one AMI chunk's events) the version is asked once
    expect(users.byExtension('1001')?.username).toBe('op1001');
    await nextTurn();
    expect(users.byExtension('1001')).toBeUndefined();
    expect(users.withPhones().map((user) => user.extension)).toEqual(['2001']);
    other.prepare(`update users set disabled = 0, extension = '1002' where username = 'op1001'`).run();
    await nextTurn();
    expect(users.byExtension('1001')).toBeUndefined();
    expect(users.byExtension('1002')?.username).toBe('op1001');
  });

  it('serves what it keeps inside a transaction that does not write the table, without reading it again', async () => {
    const { db } = fileDatabase();
    await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    const { names, reads } = countedNames(db);
    expect(names.get()).toEqual(['op1001']);
    // a call's writes in one commit asking for the operator behind a phone: no read of every account
    const inCall = db.$client.transaction(() => {
      db.$client.prepare(`insert into case_sequences (day, last) values ('261123', 1)`).run();
      return names.get();
    });
    expect(inCall()).toEqual(['op1001']);
    expect(reads()).toBe(1);
    // one that writes the table reads it, and keeps nothing until it is out of the transaction
    const renaming = db.$client.transaction(() => {
      db.$client.prepare(`update users set display_name = 'renamed' where username = 'op1001'`).run();
      return [names.get(), names.get()];
    });
    expect(renaming()).toEqual([['renamed'], ['renamed']]);
    expect(reads()).toBe(3);
    expect(names.get()).toEqual(['renamed']);
    expect(reads()).toBe(4);
  });

  it('keeps nothing read inside a transaction that is rolled back', async () => {
    const { db } = fileDatabase();
    const users = new UserRepository(db);
    await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    const rollback = db.$client.transaction(() => {
      db.$client.prepare(`update users set display_name = 'not kept' where username = 'op1001'`).run();
      expect(users.byExtension('1001')?.displayName).toBe('not kept');
      throw new Error('rolled back');
    });
    expect(rollback).toThrow('rolled back');
    expect(users.byExtension('1001')?.displayName).toBe('op1001');
  });

  it('serves every repository on one connection alike', async () => {
    const { db } = fileDatabase();
    const first = new UserRepository(db);
    const second = new UserRepository(db);
    const op = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    expect(first.byExtension('1001')?.displayName).toBe('op1001');
    expect(second.byExtension('1001')?.displayName).toBe('op1001');
    second.update(op.id, { displayName: 'renamed' });
    expect(first.byExtension('1001')?.displayName).toBe('renamed');
  });
});
