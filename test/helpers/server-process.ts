// The real server as its own process (`hotline serve`), for tests where the process itself is what is
// tested: that it survives a fault, or how it stops. Logs are kept as parsed JSON lines.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD_COST_LOG2 } from './test-config.ts';

const CLI = fileURLToPath(new URL('../../scripts/hotline.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** Runs a `hotline` CLI command to the end (user add…) with the given environment. */
export function hotlineCli(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, HOTLINE_PASSWORD_COST: String(TEST_PASSWORD_COST_LOG2), ...env }, encoding: 'utf8', input, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function freshDataDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'hotline-proc-'));
}

/**
 * `hotline serve` as a process of its own; `viaNpmStart` runs it as the README's quick start does (`npm start` in
 * the repository, in a process group of its own that stop() signals whole). An `undefined` in `env` unsets it.
 */
export async function startServerProcess(env: Record<string, string | undefined>, { viaNpmStart = false } = {}) {
  const child: ChildProcess = spawn(viaNpmStart ? 'npm' : process.execPath, viaNpmStart ? ['start'] : [CLI, 'serve'], {
    env: { ...process.env, HOTLINE_PORT: '0', LOG_LEVEL: 'info', HOTLINE_OPENING_HOURS: 'always', HOTLINE_PASSWORD_COST: String(TEST_PASSWORD_COST_LOG2), HOTLINE_LOGIN_PER_MINUTE: '1000000', HOTLINE_API_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(viaNpmStart ? { cwd: REPO, detached: true } : {}),
  });
  const logs: LogLine[] = [];
  let stderr = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));

  const deadline = Date.now() + 30_000;
  let port: number | undefined;
  while (port === undefined) {
    port = logs.find((line) => typeof line.port === 'number' && String(line.msg).includes('serving'))?.port as number | undefined;
    if (exit) throw new Error(`the server exited (${exit.code ?? exit.signal}) before serving:\n${stderr}\n${JSON.stringify(logs.slice(-10))}`);
    if (Date.now() > deadline) throw new Error(`the server did not start within 30 s:\n${stderr}`);
    if (port === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    baseUrl,
    logs,
    stderr: () => stderr,
    exited,
    get alive() {
      return exit === undefined;
    },
    /** Log lines whose message matches. */
    logged: (pattern: RegExp) => logs.filter((line) => pattern.test(String(line.msg ?? ''))),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exit) return exit;
      if (viaNpmStart) process.kill(-child.pid!, signal);
      else child.kill(signal);
      return exited;
    },
  };
}
