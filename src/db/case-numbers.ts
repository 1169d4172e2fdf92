// Case numbers are allocated from a per-day sequence row, inside the caller's transaction.
import type Database from 'better-sqlite3';
import { caseDay, formatCaseNumber } from '../cases/case-number.ts';

const statements = new WeakMap<Database.Database, Database.Statement<[string], { last: number }>>();

export function allocateCaseNumber(sqlite: Database.Database, at: Date): string {
  let next = statements.get(sqlite);
  if (!next) {
    next = sqlite.prepare(`insert into case_sequences (day, last) values (?, 1) on conflict(day) do update set last = last + 1 returning last`);
    statements.set(sqlite, next);
  }
  const day = caseDay(at);
  return formatCaseNumber(day, next.get(day)!.last);
}
