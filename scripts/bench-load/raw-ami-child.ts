// The raw AMI reader as a process of its own, in a session of its own (apart.ts): its receipts are the clock the
// pop is measured from, so they must not wait behind the benchmark's 320 clients and SIPp (a late receipt would
// make every pop look faster). It answers the benchmark with every queue call it has seen.
import { serveApart } from './apart.ts';
import { rawAmiReader, type QueueCallRecord } from './raw-ami.ts';

export type ReaderRequest = { type: 'snapshot' };
/** A queue call as it crosses IPC: its AgentCalled receipts as [interface, epoch ms] pairs. */
export type SentQueueCall = Omit<QueueCallRecord, 'called'> & { called: [string, number][] };
export type ReaderMessage = { type: 'ready' } | { type: 'calls'; calls: SentQueueCall[] };

const [port, username, secret] = process.argv.slice(2) as [string, string, string];
const reader = await rawAmiReader(Number(port), username, secret);
serveApart<ReaderRequest, ReaderMessage>(
  (request) => (request.type === 'snapshot' ? { type: 'calls', calls: [...reader.calls.values()].map((call) => ({ ...call, called: [...call.called] })) } : undefined),
  () => reader.close(),
);
