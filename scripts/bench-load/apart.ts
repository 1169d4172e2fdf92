// A helper of the benchmark in a process and a session of its own. The kernel gives each session its own CPU
// share (autogroup), so what such a helper timestamps — the raw AMI reader's receipts, the floor app's prompts —
// does not wait behind the benchmark's hundreds of clients and SIPp. It talks to the benchmark over IPC.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Apart<Request, Answer extends { type: string }> {
  /** Sends `request`; resolves with the helper's next answer of `type`. */
  ask<T extends Answer['type']>(request: Request, type: T): Promise<Extract<Answer, { type: T }>>;
  close(): void;
}

/** Starts `script` (a module beside this one) with `args`; resolves once it says it is ready. */
export async function startApart<Request, Answer extends { type: string }>(script: string, args: string[], name: string): Promise<Apart<Request, Answer>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  process.on('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (message: { type: string }) => (message.type === 'ready' ? resolve() : reject(new Error(`${name} said ${message.type}`))));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
  return {
    ask: (request, type) =>
      new Promise((resolve) => {
        const answer = (message: Answer) => {
          if (message.type !== type) return;
          child.off('message', answer);
          resolve(message as Extract<Answer, { type: typeof type }>);
        };
        child.on('message', answer);
        child.send(request as object);
      }),
    close: () => {
      child.disconnect();
      child.kill();
    },
  };
}

/** The helper's side: answers each request, says it is ready, and ends (after `close`) when the benchmark is gone. */
export function serveApart<Request, Answer>(answer: (request: Request) => Answer | undefined | Promise<Answer | undefined>, close: () => unknown): void {
  process.on('message', async (request: Request) => {
    const reply = await answer(request);
    if (reply !== undefined) process.send!(reply);
  });
  process.on('disconnect', () => {
    void Promise.resolve(close()).finally(() => process.exit(0));
  });
  process.send!({ type: 'ready' });
}
