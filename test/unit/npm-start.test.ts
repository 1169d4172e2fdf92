// The README's quick start: `npm start` serves with the embedded defaults, and runs the server with
// glibc's malloc arenas limited (MALLOC_ARENA_MAX=2: the load benchmark's memory figure depends on it).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDirectory, startServerProcess } from '../helpers/server-process.ts';

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
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.stop('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves on the embedded defaults, its server process with MALLOC_ARENA_MAX=2', async () => {
    dir = freshDataDirectory();
    server = await startServerProcess(
      {
        HOTLINE_DB: join(dir, 'hotline.db'),
        HOTLINE_DATA_DIR: dir,
        // nothing listens there: the server serves and keeps trying, as a new user's does before `pbx:up`
        AMI_URL: 'ami://hotline:hotline@127.0.0.1:9',
        ARI_URL: 'http://hotline:hotline@127.0.0.1:9',
        MALLOC_ARENA_MAX: undefined,
      },
      { viaNpmStart: true },
    );

    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(Object.keys(((await ready.json()) as { down: Record<string, string> }).down).sort()).toEqual(['ami', 'ari']);

    // the node process itself, not npm or the shell npm runs the script line in
    const node = descendants(server.child.pid!).find((pid) => {
      const argv = argvOf(pid);
      return /(^|\/)node$/.test(argv[0] ?? '') && argv[1]?.endsWith('hotline.mjs') && argv[2] === 'serve';
    });
    expect(node, `no server process below npm (${server.child.pid})`).toBeDefined();
    expect(environOf(node!).get('MALLOC_ARENA_MAX')).toBe('2');
  }, 60_000);
});
