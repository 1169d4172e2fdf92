// The README's quick start: `npm start` serves with the embedded defaults, and runs the server with
// glibc's malloc arenas limited (MALLOC_ARENA_MAX=2: the load benchmark's memory figure depends on it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The processes below `root` (children, grandchildren…), from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name may hold spaces and parentheses: the parent is the second field after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) if (parent === pid) (found.push(child), walk(child));
  };
  walk(root);
  return found;
}

const environOf = (pid: number) => new Map(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
const argvOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('npm start', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('serves on the embedded defaults, its server process with MALLOC_ARENA_MAX=2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-npm-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOTLINE_PORT: '0',
      HOTLINE_DB: join(dir, 'hotline.db'),
      HOTLINE_DATA_DIR: dir,
      // nothing listens there: the server serves and keeps trying, as a new user's does before `pbx:up`
      AMI_URL: 'ami://hotline:hotline@127.0.0.1:9',
      ARI_URL: 'http://hotline:hotline@127.0.0.1:9',
      LOG_LEVEL: 'info',
    };
    delete env.MALLOC_ARENA_MAX;
    const npm = spawn('npm', ['start'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    stop = () => {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    };
    let output = '';
    npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve within 30 s:\n${output}`)), 30_000);
      npm.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
      const look = () => {
        for (const line of output.split('\n')) {
          if (!line.startsWith('{')) continue;
          const parsed = JSON.parse(line) as { msg?: string; port?: number };
          if (parsed.msg?.includes('serving') && typeof parsed.port === 'number') return (clearTimeout(timer), resolve(parsed.port));
        }
        setTimeout(look, 100);
      };
      look();
    });

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(Object.keys(((await ready.json()) as { down: Record<string, string> }).down).sort()).toEqual(['ami', 'ari']);

    // the node process itself, not the shell npm runs the script line in
    const server = descendants(npm.pid!).find((pid) => {
      const argv = argvOf(pid);
      return /(^|\/)node$/.test(argv[0] ?? '') && argv[1]?.endsWith('hotline.mjs') && argv[2] === 'serve';
    });
    expect(server, `no server process below npm (${npm.pid})`).toBeDefined();
    expect(environOf(server!).get('MALLOC_ARENA_MAX')).toBe('2');
  }, 60_000);
});
