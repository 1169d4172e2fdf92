// Starts the raw AMI reader in its own process and session (see raw-ami-child.ts) and asks it for what it saw.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueueCallRecord } from './raw-ami.ts';
import type { ReaderMessage, ReaderRequest } from './raw-ami-child.ts';

export interface RawAmiReaderProcess {
  /** Every queue call the reader has seen so far, by the caller's uniqueid. */
  calls(): Promise<Map<string, QueueCallRecord>>;
  close(): void;
}

export async function rawAmiReaderProcess(port: number, username: string, secret: string): Promise<RawAmiReaderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./raw-ami-child.ts', import.meta.url)), String(port), username, secret], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // a session of its own: the kernel gives it its own CPU share, apart from the clients' and SIPp's
    detached: true,
  });
  process.on('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (message: ReaderMessage) => (message.type === 'ready' ? resolve() : reject(new Error(`the raw AMI reader said ${message.type}`))));
    child.once('exit', (code) => reject(new Error(`the raw AMI reader exited (${code}) before logging in`)));
  });
  return {
    calls: () =>
      new Promise((resolve) => {
        const answer = (message: ReaderMessage) => {
          if (message.type !== 'calls') return;
          child.off('message', answer);
          resolve(new Map(message.calls.map((call) => [call.uniqueid, { ...call, called: new Map(call.called) }])));
        };
        child.on('message', answer);
        child.send({ type: 'snapshot' } satisfies ReaderRequest);
      }),
    close: () => {
      child.disconnect();
      child.kill();
    },
  };
}
