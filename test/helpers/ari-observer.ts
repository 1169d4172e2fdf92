// A second ARI application that subscribes to everything: it sees what Asterisk plays to each caller,
// independently of the server under test.
import ari, { type AriClient } from 'ari-client';
import { TEST_PBX } from './sandbox.ts';

export interface ObservedPlayback {
  channelId: string;
  media: string[];
  startedAt: number;
}

export async function observePlaybacks() {
  const client: AriClient = await ari.connect(`http://127.0.0.1:${TEST_PBX.ariPort}`, 'hotline', 'hotline');
  const playbacks: ObservedPlayback[] = [];
  /** Channel id → name: a queue announcement plays on a snoop channel named Snoop/<caller's uniqueid>-<n>. */
  const names = new Map<string, string>();
  const remember = (event: { channel?: { id?: string; name?: string } }) => {
    if (event.channel?.id && event.channel.name) names.set(event.channel.id, event.channel.name);
  };
  client.on('ChannelCreated', remember);
  client.on('StasisStart', remember);
  // Asterisk 22 announces every media of a multi-media playback with its own PlaybackStarted.
  client.on('PlaybackStarted', (event: { playback?: { target_uri?: string; media_uri?: string }; timestamp?: string }) => {
    const playback = event.playback;
    if (!playback?.target_uri?.startsWith('channel:')) return;
    playbacks.push({ channelId: playback.target_uri.slice('channel:'.length), media: [playback.media_uri ?? ''], startedAt: Date.parse(event.timestamp ?? '') });
  });
  await client.start('hotline-test-observer', true);
  return {
    /** The prompt ids Asterisk played to a channel, in order (sound:/…/hotline/<lang>/<id> → "<lang>/<id>"). */
    heard(channelId: string): string[] {
      return playbacks
        .filter((p) => p.channelId === channelId)
        .flatMap((p) => p.media)
        .map((media) => media.replace(/^sound:.*\/hotline\//, ''));
    },
    /** What the server's queue announcements whispered to a waiting caller (on snoops of their channel), in order. */
    announced(uniqueid: string): string[] {
      return playbacks
        .filter((p) => names.get(p.channelId)?.startsWith(`Snoop/${uniqueid}-`))
        .flatMap((p) => p.media)
        .map((media) => media.replace(/^sound:.*\/hotline\//, ''));
    },
    stop: () => client.stop(),
  };
}
