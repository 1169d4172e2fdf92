// Rings the server did not hear: while its AMI session was down (Asterisk dropped a stalled reader, the link
// broke), an operator's phone started ringing or was answered. After the rebuild, every operator leg Asterisk
// lists (Queue's AppQueue channel of a hotline queue) whose call has no pop gets its AgentCalled — and, when
// bridged, its AgentConnect — applied to the call record and the screen pop, and a log line names the call.
import type { LiveSnapshot } from '../live/live-model.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queues/queue-events.ts';

type Ring = Extract<QueueEvent, { type: 'agent-called' | 'agent-connected' }>;

/** The events of operator legs in the snapshot whose call `popped` does not know (by the leg's interface). */
export function missedRings(snapshot: LiveSnapshot, queues: readonly string[], popped: (agentInterface: string) => string | undefined): Ring[] {
  const channelOf = new Map(snapshot.channels.map((channel) => [channel.uniqueid, channel]));
  const rings: Ring[] = [];
  for (const leg of snapshot.channels) {
    const agentInterface = leg.name.match(/^(PJSIP\/[^-]+)-/i)?.[1];
    if (!agentInterface || leg.application !== 'AppQueue') continue;
    const callerLeg = channelOf.get(leg.linkedid);
    const queue = callerLeg?.applicationData.split(',')[0] ?? '';
    if (!callerLeg || !queues.includes(queue) || popped(agentInterface) === leg.linkedid) continue;
    const call = {
      uniqueid: leg.linkedid,
      linkedid: leg.linkedid,
      caller: callerLeg.caller,
      queue,
      lang: callerLeg.lang ?? undefined,
      intent: callerLeg.intent ?? undefined,
      callbackId: callerLeg.callbackId ?? undefined,
      agentInterface,
    };
    rings.push({ type: 'agent-called', ...call, memberName: '' });
    // Asterisk's hold time of the call is not listed; the record keeps what it had.
    if (leg.bridged) rings.push({ type: 'agent-connected', ...call, holdSeconds: undefined as unknown as number, ringSeconds: 0 });
  }
  return rings;
}

export function recoverMissedRings(
  snapshot: LiveSnapshot,
  queues: readonly string[],
  deps: { popped: (agentInterface: string) => string | undefined; apply: (event: Ring) => void; log: Logger },
): number {
  const rings = missedRings(snapshot, queues, deps.popped);
  for (const ring of rings) {
    if (ring.type === 'agent-called') deps.log.warn({ uniqueid: ring.uniqueid, agentInterface: ring.agentInterface }, 'a ring the server did not hear (AMI was down): its screen pop is sent now');
    try {
      deps.apply(ring);
    } catch (error) {
      deps.log.error({ err: error, uniqueid: ring.uniqueid, agentInterface: ring.agentInterface }, 'could not recover a ring the server did not hear');
    }
  }
  return rings.filter((ring) => ring.type === 'agent-called').length;
}
