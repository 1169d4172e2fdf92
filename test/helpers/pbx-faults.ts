// Faults of the test sandbox's Asterisk: killed with SIGKILL (no clean shutdown, as a crash), then started
// again by the sandbox's own script. The restart runs as a child process, not spawnSync: an in-process
// server must keep serving (and notice) while Asterisk comes back.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxEnv, TEST_PBX } from './sandbox.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/pbx-sandbox.sh', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of the sandbox's Asterisk (the script's pid file). */
export function asteriskPid(): number {
  return Number(readFileSync(join(TEST_PBX.root, 'run-hotline.pid'), 'utf8').trim());
}

/** kill -9 of Asterisk; resolves once the process is gone. */
export async function killAsterisk(): Promise<number> {
  const pid = asteriskPid();
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; alive(pid); waited += 20) {
    if (waited > 5_000) throw new Error(`Asterisk (pid ${pid}) still alive 5 s after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return pid;
}

/** `pbx-sandbox.sh up` (configs reinstalled, Asterisk started, AMI and ARI answering) without blocking the loop. */
export function startAsterisk(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, 'up'], { env: sandboxEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`pbx-sandbox.sh up exited ${code}:\n${output}`))));
  });
}
