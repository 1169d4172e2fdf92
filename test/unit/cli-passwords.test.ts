// `hotline user add|passwd --password-stdin`: the password comes from standard input (piped) or from a prompt
// that does not echo (a real pseudo-terminal, through util-linux `script`), never from argv; the server then
// accepts it at login. `--password` still works, with a warning. `hotline user unlock` lifts a lock.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { UserRepository } from '../../src/db/user-repository.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';
import { freshDataDirectory, hotlineCli } from '../helpers/server-process.ts';
import { TEST_PASSWORD_COST_LOG2, testConfig } from '../helpers/test-config.ts';

// Each CLI run is a Node process starting TypeScript (a second or more on a busy machine).
vi.setConfig({ testTimeout: 60_000 });
const CLI = fileURLToPath(new URL('../../scripts/hotline.mjs', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function freshEnv() {
  const directory = freshDataDirectory();
  return { HOTLINE_DB: join(directory, 'hotline.db'), HOTLINE_DATA_DIR: directory };
}

/** What the server answers to a login with this password, on that database. */
async function loginStatus(env: { HOTLINE_DB: string }, username: string, password: string): Promise<number> {
  const hotline = await createHotline(testConfig(env), createLogger('silent'));
  cleanups.push(() => hotline.stop());
  return (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).statusCode;
}

const addOperator = (env: Record<string, string>, input: string) =>
  hotlineCli(['user', 'add', '--username', 'op1001', '--role', 'operator', '--password-stdin'], env, input);

describe('hotline user --password-stdin', () => {
  it('adds an account with the first line of standard input as its password; the server accepts it', async () => {
    const env = freshEnv();
    const added = addOperator(env, 'piped-horse-battery\nsecond line ignored\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('added op1001 (operator)\n');
    expect(added.stderr).toBe('');
    expect(await loginStatus(env, 'op1001', 'piped-horse-battery')).toBe(200);
  });

  it('changes a password from standard input (a Windows line ending too): the new one works, the old one no longer', async () => {
    const env = freshEnv();
    expect(addOperator(env, 'old-horse-battery').code).toBe(0);
    const changed = hotlineCli(['user', 'passwd', '--username', 'op1001', '--password-stdin'], env, 'new-horse-battery\r\n');
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toBe('password changed for op1001; their sessions were ended\n');
    expect(await loginStatus(env, 'op1001', 'new-horse-battery')).toBe(200);
    expect(await loginStatus(env, 'op1001', 'old-horse-battery')).toBe(401);
  });

  it('refuses a short password, or none, with a message and exit code 2, adding nothing', () => {
    const env = freshEnv();
    const short = addOperator(env, 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/^hotline: the password must have at least \d+ characters/);
    const without = hotlineCli(['user', 'add', '--username', 'op1001', '--role', 'operator'], env, '');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--password-stdin is required');
    const both = hotlineCli(['user', 'add', '--username', 'op1001', '--role', 'operator', '--password', 'x', '--password-stdin'], env, 'y\n');
    expect(both.stderr).toContain('give --password-stdin or --password, not both');
    const db = openDatabase(env.HOTLINE_DB);
    expect(new UserRepository(db).list()).toEqual([]);
    db.$client.close();
  });

  it('still takes --password, warning that it shows in the process list', async () => {
    const env = freshEnv();
    const added = hotlineCli(['user', 'add', '--username', 'op1001', '--role', 'operator', '--password', 'argv-horse-battery'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toBe('hotline: warning: --password shows the password in the process list and the shell history; use --password-stdin\n');
    expect(await loginStatus(env, 'op1001', 'argv-horse-battery')).toBe(200);
  });

  it('at a terminal, asks twice at a prompt that does not echo what is typed', async () => {
    const env = freshEnv();
    expect(addOperator(env, 'old-horse-battery').code).toBe(0);
    const command = `${process.execPath} ${CLI} user passwd --username op1001 --password-stdin`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, ...env, HOTLINE_PASSWORD_COST: String(TEST_PASSWORD_COST_LOG2) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    cleanups.push(async () => child.kill('SIGKILL'));
    let screen = '';
    const shown = (text: string) =>
      new Promise<void>((resolve) => {
        const look = () => (screen.includes(text) ? resolve() : child.stdout.once('data', look));
        look();
      });
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await shown('Password: ');
    child.stdin.write('typed-horse-battery\r');
    await shown('Again: ');
    child.stdin.write('typed-horse-battery\r');
    expect(await exited, screen).toBe(0);
    expect(screen).toContain('password changed for op1001');
    expect(screen).not.toContain('typed-horse');
    expect(await loginStatus(env, 'op1001', 'typed-horse-battery')).toBe(200);
  });
});

describe('hotline user unlock', () => {
  it('lifts the lock after wrong passwords, and says so when there is none', async () => {
    const env = freshEnv();
    expect(addOperator(env, 'right-horse-battery').code).toBe(0);
    const db = openDatabase(env.HOTLINE_DB);
    const users = new UserRepository(db);
    users.recordFailedLogin(users.byUsername('op1001')!.id, { threshold: 1, minutes: 15 });
    db.$client.close();
    expect(await loginStatus(env, 'op1001', 'right-horse-battery')).toBe(423);
    expect(hotlineCli(['user', 'list'], env).stdout).toMatch(/^op1001\toperator\t-\tzh\tactive\tlocked until \d{4}-\d\d-\d\dT/);
    const unlocked = hotlineCli(['user', 'unlock', '--username', 'op1001'], env);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(unlocked.stdout).toBe('unlocked op1001; they may log in again\n');
    expect(await loginStatus(env, 'op1001', 'right-horse-battery')).toBe(200);
    const again = hotlineCli(['user', 'unlock', '--username', 'op1001'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('user op1001 is not locked');
  });
});
