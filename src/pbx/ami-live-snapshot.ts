// Asterisk's own view for the live model's rebuild: QueueStatus (members and waiting callers) of the
// hotline's queues, and CoreShowChannels (which phone is on which call, with the IVR's channel variables).
import type { LiveSnapshot } from '../live/live-model.ts';
import type { AmiClient, AmiMessage } from './ami-client.ts';
import { chanVariables, queueMemberFrom } from './ami-events.ts';

const text = (message: AmiMessage, key: string) => (message[key] === undefined || message[key] === null ? '' : String(message[key]));

/** "00:01:07" → 67 */
function seconds(duration: string): number {
  const parts = duration.split(':').map(Number);
  return parts.every(Number.isFinite) ? parts.reduce((total, part) => total * 60 + part, 0) : 0;
}

export function liveSnapshotFrom(queueStatus: AmiMessage[], channels: AmiMessage[]): LiveSnapshot {
  return {
    members: queueStatus.filter((event) => event.event === 'QueueMember').map(queueMemberFrom),
    entries: queueStatus
      .filter((event) => event.event === 'QueueEntry')
      .map((event) => ({
        queue: text(event, 'queue'),
        position: Number(text(event, 'position')) || 0,
        uniqueid: text(event, 'uniqueid'),
        caller: text(event, 'calleridnum'),
        waitSeconds: Number(text(event, 'wait')) || 0,
      })),
    channels: channels
      .filter((event) => event.event === 'CoreShowChannel')
      .map((event) => {
        const variables = chanVariables(event);
        const lang = variables.HOTLINE_LANG === 'zh' || variables.HOTLINE_LANG === 'en' ? variables.HOTLINE_LANG : null;
        return {
          name: text(event, 'channel'),
          uniqueid: text(event, 'uniqueid'),
          linkedid: text(event, 'linkedid'),
          caller: text(event, 'calleridnum'),
          application: text(event, 'application'),
          applicationData: text(event, 'applicationdata'),
          bridged: text(event, 'bridgeid') !== '',
          seconds: seconds(text(event, 'duration')),
          lang,
          intent: variables.HOTLINE_INTENT || null,
          callbackId: Number(variables.HOTLINE_CALLBACK) || null,
        };
      }),
  };
}

export async function readLiveSnapshot(ami: AmiClient, queues: readonly string[]): Promise<LiveSnapshot> {
  const queueStatus: AmiMessage[] = [];
  for (const queue of queues) queueStatus.push(...(await ami.listAction({ Action: 'QueueStatus', Queue: queue }, 'QueueStatusComplete')));
  const channels = await ami.listAction({ Action: 'CoreShowChannels' }, 'CoreShowChannelsComplete');
  return liveSnapshotFrom(queueStatus, channels);
}
