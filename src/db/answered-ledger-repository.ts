// The moment this database took over the line's calls (its first server start): answers in the dialplan's
// ledger from before it belong to calls some other database recorded (an earlier install, another test's
// server on the same Asterisk), and are left alone.
import type { Db } from './database.ts';

const KEY = 'answered-ledger-since';

export function answeredLedgerSince(db: Db, now: Date = new Date()): Date {
  const sqlite = db.$client;
  sqlite.prepare(`insert into settings (key, value) values (?, ?) on conflict(key) do nothing`).run(KEY, JSON.stringify(now.toISOString()));
  const row = sqlite.prepare(`select value from settings where key = ?`).get(KEY) as { value: string };
  return new Date(JSON.parse(row.value) as string);
}
