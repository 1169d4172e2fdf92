// Opens the SQLite database (WAL, foreign keys), applies the generated migrations.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { registerBigrams } from './bigrams.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * SQLite's own page cache, in KiB (SQLite's default is 2 MiB; better-sqlite3 builds it with 16 MiB). The file's
 * pages are in the kernel's page cache anyway: bench:cases' queries on its 1,000,000 cases measured the same with
 * 2, 4 and 16 MiB (every p99 within run-to-run noise), while the 16 MiB filled as the database grew: ≈ 17 MB of
 * resident memory once the file is larger, growth a leak check cannot tell from a leak.
 */
export const PAGE_CACHE_KIB = 4096;

/** How long a write waits for another process's lock before it fails with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 100;

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating if needed) and migrates the database. Pass ':memory:' for a throwaway one. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed case survives a power cut, not only a crash of this process.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // The driver is synchronous: a wait for another process's write lock stalls every call on the event
  // loop. Wait briefly, then fail (503, nothing changed) rather than freeze IVR prompts and pops.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // The two-character search index's triggers call it (before migrations: one of them fills the index).
  registerBigrams(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * Runs a write of the call's progress (IVR steps, queue times, operator status history) without an fsync of
 * its own: WAL with synchronous = NORMAL, so a crash of this process loses nothing, a power cut at most
 * the last such writes (the next FULL commit — a case, an audit event — syncs them too). Measured under
 * load (bench:load): a queue call made ≈ 25 of these, each FULL commit 0.6 ms of stalled event loop.
 * Cases, their trail, sessions and audit events keep FULL. Inside a transaction it just runs.
 */
export function withoutFsync<T>(sqlite: Database.Database, write: () => T): T {
  if (sqlite.inTransaction) return write();
  // SQLite applies this pragma when it is compiled, so it cannot be a kept prepared statement (≈ 3 µs each)
  sqlite.exec('pragma synchronous = NORMAL');
  try {
    return write();
  } finally {
    sqlite.exec('pragma synchronous = FULL');
  }
}

export function isDatabaseHealthy(db: Db): boolean {
  try {
    return db.$client.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}
