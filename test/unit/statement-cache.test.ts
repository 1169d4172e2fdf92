// Statements prepared once per connection and SQL text (src/db/statement-cache.ts).
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_STATEMENTS, prepared } from '../../src/db/statement-cache.ts';

const open: Database.Database[] = [];
const connection = () => {
  const sqlite = new Database(':memory:');
  sqlite.exec('create table t (id integer primary key, v text)');
  open.push(sqlite);
  return sqlite;
};
afterEach(() => {
  for (const sqlite of open.splice(0)) sqlite.close();
});

describe('prepared statements, once per connection and text', () => {
  it('prepares a text once and gives the same statement after, which reads and writes as one prepared anew', () => {
    const sqlite = connection();
    const prepare = vi.spyOn(sqlite, 'prepare');
    prepared(sqlite, 'insert into t (v) values (?)').run('a');
    prepared(sqlite, 'insert into t (v) values (?)').run('b');
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(prepared(sqlite, 'select v from t order by id').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('keeps each connection’s statements apart: one is never run on another connection', () => {
    const first = connection();
    const second = connection();
    prepared(first, 'insert into t (v) values (?)').run('first');
    prepared(second, 'insert into t (v) values (?)').run('second');
    expect(first.prepare('select v from t').all()).toEqual([{ v: 'first' }]);
    expect(second.prepare('select v from t').all()).toEqual([{ v: 'second' }]);
  });

  it(`keeps at most ${MAX_STATEMENTS} texts a connection, dropping the oldest (prepared again when asked for)`, () => {
    const sqlite = connection();
    const prepare = vi.spyOn(sqlite, 'prepare');
    for (let i = 0; i <= MAX_STATEMENTS; i++) prepared(sqlite, `select ${i} as n`);
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS + 1);
    prepared(sqlite, `select ${MAX_STATEMENTS} as n`); // the newest: kept
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS + 1);
    expect(prepared(sqlite, 'select 0 as n').get()).toEqual({ n: 0 }); // the oldest: dropped, prepared again
    expect(prepare).toHaveBeenCalledTimes(MAX_STATEMENTS + 2);
  });
});
