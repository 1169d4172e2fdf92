// Calls the server had open that Asterisk no longer lists after an AMI (re)connect — Asterisk was killed and
// restarted, or the call ended while the link was down — end as if their Hangup had arrived: the call record
// gets its end, the operator's pop is over, the other features let go. Without this they stayed open forever.
import type { LiveSnapshot } from '../live/live-model.ts';
import type { Logger } from '../log.ts';
import type { AmiMessage } from './ami-client.ts';

export interface OpenCall {
  uniqueid: string;
  linkedid: string;
}

/** Hangup events (as Asterisk would send them, cause 0) for the open calls the snapshot does not list. */
export function hangupsOfLostCalls(open: readonly OpenCall[], snapshot: LiveSnapshot): AmiMessage[] {
  const listed = new Set(snapshot.channels.map((channel) => channel.uniqueid));
  return open
    .filter((call) => !listed.has(call.uniqueid))
    .map((call) => ({ event: 'Hangup', uniqueid: call.uniqueid, linkedid: call.linkedid, cause: '0', causetxt: 'lost while the server could not hear Asterisk' }));
}

/**
 * Ends the lost calls through the AMI event router. `openCalls` lists calls with no end that entered before
 * `readStartedAt` (a call that began while the snapshot was being read is alive, though not listed).
 */
export function endLostCalls(
  snapshot: LiveSnapshot,
  readStartedAt: Date,
  openCalls: (enteredBefore: string) => OpenCall[],
  route: (message: AmiMessage) => unknown,
  log: Logger,
): number {
  const hangups = hangupsOfLostCalls(openCalls(readStartedAt.toISOString()), snapshot);
  for (const hangup of hangups) route(hangup);
  if (hangups.length > 0) log.warn({ calls: hangups.map((hangup) => hangup.uniqueid) }, 'calls Asterisk no longer has ended while the server could not hear it: closed now');
  return hangups.length;
}
