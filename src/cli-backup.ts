// `hotline backup --to FILE` and `hotline restore --from FILE [--force]`.
// A backup is taken with SQLite's online backup API while the server runs: in WAL mode the copy reads one
// consistent snapshot and the server's writers are not held up. It is written beside FILE and renamed into
// place only once it passes integrity_check, so a FILE that exists is a whole backup.
// A restore checks the backup first, refuses while any process has the database open (a running server),
// keeps the current database as <db>.before-restore, and brings the restored one up to the current schema.
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

export class BackupError extends Error {}

const fail = (message: string): never => {
  throw new BackupError(message);
};

function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What a restore needs of a file: a whole SQLite database that holds the hotline's tables. */
function checkBackup(file: string): { cases: number; users: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return fail(`${file} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    let integrity: unknown;
    try {
      integrity = db.pragma('integrity_check', { simple: true });
    } catch (error) {
      return fail(`${file} is not a SQLite database: ${(error as Error).message}`);
    }
    if (integrity !== 'ok') fail(`${file} fails integrity_check: ${String(integrity)}`);
    const tables = new Set((db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((row) => row.name));
    for (const table of ['__drizzle_migrations', 'cases', 'users', 'calls']) if (!tables.has(table)) fail(`${file} is not a hotline database (no table ${table})`);
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { cases: count('cases'), users: count('users') };
  } finally {
    db.close();
  }
}

async function backup(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, force: { type: 'boolean' } }, strict: true });
  const target = values.to ?? fail('--to FILE is required');
  const config = loadConfig();
  const source = config.databaseFile;
  if (!existsSync(source)) fail(`no database at ${source} (HOTLINE_DB)`);
  if (existsSync(target) && !values.force) fail(`${target} exists already (--force replaces it)`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  const started = Date.now();
  try {
    db.pragma('busy_timeout = 5000');
    // After the first step, the rest in one step: one read snapshot, no restart when the server writes meanwhile.
    await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    db.close();
  }
  try {
    const counts = checkBackup(partial);
    syncFile(partial);
    renameSync(partial, target);
    return `backup of ${source} written to ${target} (${statSync(target).size} bytes, ${counts.cases} cases, ${counts.users} accounts, integrity ok, ${Date.now() - started} ms)`;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Whether any other connection has the database open (a running server): SQLite grants an exclusive lock on a WAL database only to a sole connection. */
function openElsewhere(file: string): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.prepare('begin exclusive').run();
    db.prepare('commit').run();
    // fold the write-ahead log into the file before it is moved aside
    db.pragma('wal_checkpoint(TRUNCATE)');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED') return true;
    throw error;
  } finally {
    db.close();
  }
}

async function restore(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, force: { type: 'boolean' } }, strict: true });
  const from = values.from ?? fail('--from FILE is required');
  if (!existsSync(from)) fail(`no backup at ${from}`);
  const counts = checkBackup(from);
  const target = loadConfig().databaseFile;
  const kept = `${target}.before-restore`;
  if (existsSync(target)) {
    if (!values.force) fail(`a database exists at ${target}: --force replaces it (it is kept as ${kept})`);
    if (existsSync(kept)) fail(`${kept} exists from an earlier restore: move it away first`);
    if (openElsewhere(target)) fail(`the database ${target} is open in another process (a running server?): stop it first`);
    renameSync(target, kept);
  }
  // A write-ahead log left beside the old file belongs to it, never to the restored one.
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${kept}${suffix}`);
  const partial = `${target}.restoring`;
  copyFileSync(from, partial);
  syncFile(partial);
  renameSync(partial, target);
  // an older backup is brought up to this version's schema now, not by the first server start
  openDatabase(target).$client.close();
  return `restored ${from} to ${target} (${counts.cases} cases, ${counts.users} accounts)${existsSync(kept) ? `; the previous database is kept as ${kept}` : ''}`;
}

/** Runs `backup` or `restore`; a refusal is one clear line on stderr and exit code 1 (nothing was changed). */
export async function backupCommand(command: 'backup' | 'restore', args: string[]): Promise<number> {
  try {
    process.stdout.write(`${await (command === 'backup' ? backup(args) : restore(args))}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`hotline ${command}: ${error.message}\n`);
    return 1;
  }
}
