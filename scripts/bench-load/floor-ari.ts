// The floor for the IVR: a bare ARI application that only stops the prompt and plays the next one when
// a key arrives, on callers sent to it by the sandbox's site dialplan (extension FLOOR_NUMBER). Measured
// like the server's IVR, from Asterisk's own timestamps: ChannelDtmfReceived → the next PlaybackStarted.
// Events through ari-client's WebSocket and requests as plain HTTP, as the server's IVR has them
// (src/pbx/ari-rest.ts); run in a process and session of its own (floor-ari-child.ts).
import ari from 'ari-client';
import { ariRest } from '../../src/pbx/ari-rest.ts';
import { startApart } from './apart.ts';
import type { FloorMessage, FloorRequest } from './floor-ari-child.ts';

export const FLOOR_APP = 'bench-floor';
export const FLOOR_NUMBER = '19999';

/** The site dialplan that sends FLOOR_NUMBER into the bare app (merged into the callers' context). */
export const FLOOR_DIALPLAN = `; written by scripts/bench-load (the load benchmark's floor)
[hotline-inbound]
exten => ${FLOOR_NUMBER},1,Answer(,i)
 same => n,Stasis(${FLOOR_APP})
 same => n,Hangup()
`;

interface Event {
  timestamp?: string;
  digit?: string;
  channel?: { id: string };
  playback?: { id: string; target_uri?: string };
}

export async function floorApp(ariPort: number, user: string, secret: string) {
  // ari-client prints a Swagger deprecation line on each connect
  const baseUrl = `http://127.0.0.1:${ariPort}`;
  const client = await ari.connect(baseUrl, user, secret);
  const requests = ariRest({ baseUrl, username: user, secret });
  const samples: number[] = [];
  const channels = new Map<string, { playback?: string; keyAt?: number; step: number }>();
  // the same files and the same absolute paths the server plays (HOTLINE_PROMPT_DIR)
  const prompts = ['zh/welcome', 'en/main-menu', 'en/connecting-operator', 'en/main-menu'].map((id) => `/usr/share/asterisk/sounds/hotline/${id}`);
  const play = (channelId: string, step: number) => {
    const state = channels.get(channelId);
    if (!state) return;
    const playbackId = `floor-${channelId}-${step}`;
    state.playback = playbackId;
    requests.channels.play({ channelId, media: `sound:${prompts[step % prompts.length]}`, playbackId }).catch(() => {});
  };
  client.on('StasisStart', (event: Event) => {
    const id = event.channel!.id;
    channels.set(id, { step: 0 });
    play(id, 0);
  });
  client.on('ChannelDtmfReceived', (event: Event) => {
    const state = channels.get(event.channel!.id);
    if (!state) return;
    state.keyAt = Date.parse(event.timestamp!);
    if (state.playback) requests.playbacks.stop({ playbackId: state.playback }).catch(() => {});
    play(event.channel!.id, ++state.step);
  });
  client.on('PlaybackStarted', (event: Event) => {
    const id = event.playback?.target_uri?.replace(/^channel:/, '');
    const state = id ? channels.get(id) : undefined;
    if (!state || state.keyAt === undefined) return;
    samples.push(Date.parse(event.timestamp!) - state.keyAt);
    state.keyAt = undefined;
  });
  client.on('StasisEnd', (event: Event) => channels.delete(event.channel!.id));
  await client.start(FLOOR_APP);
  return {
    /** Samples since the last call. */
    take: () => samples.splice(0),
    stop: () => client.stop(),
  };
}

/** The floor app in its own process and session: key → prompt samples since the last call. */
export async function floorProcess(ariPort: number, user: string, secret: string) {
  const floor = await startApart<FloorRequest, FloorMessage>('./floor-ari-child.ts', [String(ariPort), user, secret], 'the floor app');
  return {
    take: async () => (await floor.ask({ type: 'take' }, 'samples')).samples,
    stop: () => floor.close(),
  };
}
