// Asterisk's own account of what happened to each caller, independent of the server under test: an ARI
// application subscribed to everything (prompts started and finished, keys received, channels created and
// destroyed) and an AMI connection (the queues callers joined and left).
import ari, { type AriClient } from 'ari-client';
import { AmiClient, type AmiMessage } from '../../src/pbx/ami-client.ts';
import { createLogger } from '../../src/log.ts';
import { TEST_PBX } from './sandbox.ts';

export interface Moment {
  at: number;
  kind: 'created' | 'prompt-started' | 'prompt-finished' | 'key' | 'queue-joined' | 'queue-left' | 'destroyed';
  /** The prompt ("zh/main-menu"), the key, or the queue. */
  detail?: string;
  playbackId?: string;
}

export interface CallerChannel {
  id: string;
  name: string;
  caller: string;
  moments: Moment[];
  /** When the test asked Asterisk to end the call (it had what it came for). */
  endedByTestAt?: number;
}

const prompt = (media: string | undefined) => (media ?? '').replace(/^sound:.*\/hotline\//, '');

export async function witnessCallers() {
  const channels = new Map<string, CallerChannel>();
  const byCaller = new Map<string, CallerChannel>();
  const note = (id: string | undefined, moment: Moment) => {
    if (id) channels.get(id)?.moments.push(moment);
  };
  const client: AriClient = await ari.connect(`http://127.0.0.1:${TEST_PBX.ariPort}`, 'hotline', 'hotline');
  type Channel = { id: string; name: string; caller?: { number?: string }; dialplan?: { context?: string } };
  client.on('ChannelCreated', (event: { channel: Channel; timestamp: string }) => {
    const { channel } = event;
    // callers come in on the anonymous endpoint; an operator's leg or a call-back placeholder is not one
    if (!channel.name.startsWith('PJSIP/anonymous') || !channel.caller?.number) return;
    const entry: CallerChannel = { id: channel.id, name: channel.name, caller: channel.caller.number, moments: [{ at: Date.parse(event.timestamp), kind: 'created' }] };
    channels.set(channel.id, entry);
    byCaller.set(entry.caller, entry);
  });
  type Playback = { id: string; target_uri?: string; media_uri?: string };
  const onPlayback = (kind: Moment['kind']) => (event: { playback: Playback; timestamp: string }) => {
    const target = event.playback.target_uri ?? '';
    if (!target.startsWith('channel:')) return;
    note(target.slice('channel:'.length), { at: Date.parse(event.timestamp), kind, detail: prompt(event.playback.media_uri), playbackId: event.playback.id });
  };
  // Asterisk 22 announces every media of a multi-media playback with its own PlaybackStarted.
  client.on('PlaybackStarted', onPlayback('prompt-started'));
  client.on('PlaybackFinished', onPlayback('prompt-finished'));
  client.on('ChannelDtmfReceived', (event: { channel: Channel; digit: string; timestamp: string }) =>
    note(event.channel.id, { at: Date.parse(event.timestamp), kind: 'key', detail: event.digit }),
  );
  client.on('ChannelDestroyed', (event: { channel: Channel; timestamp: string; cause_txt?: string }) =>
    note(event.channel.id, { at: Date.parse(event.timestamp), kind: 'destroyed', detail: event.cause_txt }),
  );
  await client.start('hotline-test-witness', true);

  const ami = new AmiClient({ host: '127.0.0.1', port: TEST_PBX.amiPort, username: 'hotline', secret: 'hotline' }, createLogger('silent'));
  ami.on('event', (message: AmiMessage) => {
    const name = String(message.event ?? '');
    // AMI events carry Asterisk's clock (timestampevents=yes), in seconds
    const at = message.timestamp ? Math.round(Number(message.timestamp) * 1000) : Date.now();
    if (name === 'QueueCallerJoin') note(String(message.uniqueid), { at, kind: 'queue-joined', detail: String(message.queue) });
    if (name === 'QueueCallerLeave') note(String(message.uniqueid), { at, kind: 'queue-left', detail: String(message.queue) });
  });
  const amiUp = new Promise<void>((resolve) => ami.once('connected', () => resolve()));
  ami.start();
  await amiUp;

  const sorted = (channel: CallerChannel) => [...channel.moments].sort((a, b) => a.at - b.at);
  return {
    /** The caller's channel, once Asterisk created it. */
    channelOf: (caller: string) => byCaller.get(caller),
    /** The prompts Asterisk started for the caller, in order ("zh/welcome", …). */
    heard: (channel: CallerChannel) => sorted(channel).filter((m) => m.kind === 'prompt-started').map((m) => m.detail!),
    keys: (channel: CallerChannel) => sorted(channel).filter((m) => m.kind === 'key').map((m) => m.detail!).join(''),
    queuesJoined: (channel: CallerChannel) => sorted(channel).filter((m) => m.kind === 'queue-joined').map((m) => m.detail!),
    /** In a queue now: joined, and not left since. */
    inQueue(channel: CallerChannel): boolean {
      const last = sorted(channel).filter((m) => m.kind === 'queue-joined' || m.kind === 'queue-left').at(-1);
      return last?.kind === 'queue-joined' && !this.ended(channel);
    },
    ended: (channel: CallerChannel) => channel.moments.some((m) => m.kind === 'destroyed'),
    sorted,
    /** Ends the call from Asterisk's side (as the test's own decision, noted so it is not taken for a drop). */
    async hangUp(channel: CallerChannel): Promise<void> {
      channel.endedByTestAt = Date.now();
      await client.channels.hangup({ channelId: channel.id }).catch(() => {});
    },
    /**
     * The longest stretch the caller spent outside a queue hearing nothing after their last key: no prompt
     * playing, no key pressed, up to the next prompt, queue, or the end of the call.
     */
    longestSilenceMs(channel: CallerChannel): { ms: number; after: string } {
      let longest = { ms: 0, after: '' };
      let playing = new Set<string>();
      let inQueue = false;
      let quietSince: { at: number; after: string } | undefined;
      for (const moment of sorted(channel)) {
        if (quietSince && !inQueue && playing.size === 0 && moment.at - quietSince.at > longest.ms) longest = { ms: moment.at - quietSince.at, after: quietSince.after };
        if (moment.kind === 'prompt-started') playing.add(moment.playbackId!);
        if (moment.kind === 'prompt-finished') playing.delete(moment.playbackId!);
        if (moment.kind === 'queue-joined') inQueue = true;
        if (moment.kind === 'queue-left') inQueue = false;
        if (moment.kind === 'destroyed') playing = new Set();
        quietSince = { at: moment.at, after: `${moment.kind}${moment.detail ? ` ${moment.detail}` : ''}` };
      }
      return longest;
    },
    async stop(): Promise<void> {
      await ami.stop();
      await client.stop();
    },
  };
}

export type Witness = Awaited<ReturnType<typeof witnessCallers>>;
