// Starts the raw AMI reader in its own process and session (see raw-ami-child.ts) and asks it for what it saw.
import { startApart } from './apart.ts';
import type { QueueCallRecord } from './raw-ami.ts';
import type { ReaderMessage, ReaderRequest } from './raw-ami-child.ts';

export interface RawAmiReaderProcess {
  /** Every queue call the reader has seen so far, by the caller's uniqueid. */
  calls(): Promise<Map<string, QueueCallRecord>>;
  close(): void;
}

export async function rawAmiReaderProcess(port: number, username: string, secret: string): Promise<RawAmiReaderProcess> {
  const reader = await startApart<ReaderRequest, ReaderMessage>('./raw-ami-child.ts', [String(port), username, secret], 'the raw AMI reader');
  return {
    calls: async () => {
      const { calls } = await reader.ask({ type: 'snapshot' }, 'calls');
      return new Map(calls.map((call) => [call.uniqueid, { ...call, called: new Map(call.called) }]));
    },
    close: () => reader.close(),
  };
}
