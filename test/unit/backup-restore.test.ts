// `hotline backup` while the server is writing cases through its API (SQLite's online backup API on the live
// WAL database), then `hotline restore` into a fresh data directory and a server started on it: every case
// that existed when the backup began is there. Restores that would lose or break something are refused.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDataDirectory, hotlineCli, startServerProcess } from '../helpers/server-process.ts';

const CLI = fileURLToPath(new URL('../../scripts/hotline.mjs', import.meta.url));
const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
});

/** A data directory's environment; Asterisk is not needed (nothing listens on port 9). */
const envOf = (data: string) => ({
  HOTLINE_DB: `${data}/hotline.db`,
  HOTLINE_DATA_DIR: data,
  AMI_URL: 'ami://hotline:hotline@127.0.0.1:9',
  ARI_URL: 'http://hotline:hotline@127.0.0.1:9',
});

/** The CLI without blocking this process (its requests keep the server busy meanwhile). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function serverOn(env: Record<string, string>) {
  const server = await startServerProcess(env);
  servers.push(server);
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'op1001', password: 'correct-horse' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const request = (method: string, url: string, body?: unknown) =>
    fetch(`${server.baseUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const createCase = async (n: number) => {
    const response = await request('POST', '/api/cases', { channel: 'phone', lang: 'zh', kind: 'complaint', subject: `backup load #${n}`, description: '充电时起火。'.repeat(200), citizenPhone: '13800138000' });
    expect(response.status).toBe(201);
    return ((await response.json()) as { number: string }).number;
  };
  return { server, request, createCase };
}

const countCases = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return { integrity: db.pragma('integrity_check', { simple: true }), cases: (db.prepare('select count(*) as n from cases').get() as { n: number }).n };
  } finally {
    db.close();
  }
};

describe('backup and restore', () => {
  it('backs up under load, restores into a fresh data directory, and the server there finds every case', async () => {
    const live = envOf(freshDataDirectory());
    const added = hotlineCli(['user', 'add', '--username', 'op1001', '--password', 'correct-horse', '--role', 'operator', '--extension', '1001'], live);
    expect(added.code, added.stderr).toBe(0);
    const { createCase } = await serverOn(live);
    const created: { number: string; at: number }[] = [];
    for (let n = 0; n < 150; n++) created.push({ number: await createCase(n), at: Date.now() });

    // four writers keep creating cases through the API while the backup runs
    let writing = true;
    let n = 1_000;
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) created.push({ number: await createCase(n++), at: Date.now() });
    });
    while (created.length < 170) await new Promise((resolve) => setTimeout(resolve, 10));
    const existedAtStart = created.map((entry) => entry.number);
    const backupFile = `${freshDataDirectory()}/hotline-backup.db`;
    const startedAt = Date.now();
    const taken = await cli(['backup', '--to', backupFile], live);
    const endedAt = Date.now();
    while (created.filter((entry) => entry.at > endedAt).length < 10) await new Promise((resolve) => setTimeout(resolve, 10));
    writing = false;
    await Promise.all(writers);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stdout).toMatch(/integrity ok/);
    const duringBackup = created.filter((entry) => entry.at >= startedAt && entry.at <= endedAt).length;
    expect(duringBackup).toBeGreaterThan(0);
    const inBackup = countCases(backupFile);
    expect(inBackup.integrity).toBe('ok');
    expect(inBackup.cases).toBeGreaterThanOrEqual(existedAtStart.length);
    process.stdout.write(`backup: ${existedAtStart.length} cases when it began, ${duringBackup} created while it ran, ${inBackup.cases} in the backup, ${created.length} in the live database\n`);

    // a backup never overwrites a file unasked; a restore never replaces a database a server holds open
    const again = await cli(['backup', '--to', backupFile], live);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already \(--force replaces it\)/);
    const overLive = await cli(['restore', '--from', backupFile, '--force'], live);
    expect(overLive.code).toBe(1);
    expect(overLive.stderr).toMatch(/open in another process \(a running server\?\): stop it first/);
    expect(countCases(live.HOTLINE_DB).cases).toBe(created.length);
    expect(existsSync(`${live.HOTLINE_DB}.before-restore`)).toBe(false);

    // nor from a file that is not a whole hotline database
    const fresh = envOf(freshDataDirectory());
    const junk = `${freshDataDirectory()}/junk.db`;
    writeFileSync(junk, 'not a database '.repeat(1_000));
    const fromJunk = await cli(['restore', '--from', junk], fresh);
    expect(fromJunk.code).toBe(1);
    expect(fromJunk.stderr).toMatch(/not a SQLite database|cannot be opened/);
    expect(existsSync(fresh.HOTLINE_DB)).toBe(false);

    // into a fresh data directory: a server there finds every case that existed when the backup began
    const restored = await cli(['restore', '--from', backupFile], fresh);
    expect(restored.code, restored.stderr).toBe(0);
    const { server, request } = await serverOn(fresh);
    for (const number of existedAtStart) expect((await request('GET', `/api/cases/${number}`)).status, number).toBe(200);

    // a restore over an existing database needs --force, and keeps the one it replaces
    await server.stop('SIGTERM');
    const unforced = await cli(['restore', '--from', backupFile], fresh);
    expect(unforced.code).toBe(1);
    expect(unforced.stderr).toMatch(/--force replaces it/);
    const forced = await cli(['restore', '--from', backupFile, '--force'], fresh);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/previous database is kept as .*hotline\.db\.before-restore/);
    expect(countCases(`${fresh.HOTLINE_DB}.before-restore`).integrity).toBe('ok');
  }, 110_000);
});
