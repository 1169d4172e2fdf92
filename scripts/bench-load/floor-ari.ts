// The floor for the IVR: a bare ARI application that only stops the prompt and plays the next one when
// a key arrives, on callers sent to it by the sandbox's site dialplan (extension FLOOR_NUMBER). Measured
// like the server's IVR, from Asterisk's own timestamps: ChannelDtmfReceived → the next PlaybackStarted.
import ari from 'ari-client';

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
  const client = await ari.connect(`http://127.0.0.1:${ariPort}`, user, secret);
  const samples: number[] = [];
  const channels = new Map<string, { playback?: string; keyAt?: number; step: number }>();
  // the same files and the same absolute paths the server plays (HOTLINE_PROMPT_DIR)
  const prompts = ['zh/welcome', 'en/main-menu', 'en/connecting-operator', 'en/main-menu'].map((id) => `/usr/share/asterisk/sounds/hotline/${id}`);
  const play = (channelId: string, step: number) => {
    const state = channels.get(channelId);
    if (!state) return;
    const playbackId = `floor-${channelId}-${step}`;
    state.playback = playbackId;
    client.channels.play({ channelId, media: `sound:${prompts[step % prompts.length]}`, playbackId }).catch(() => {});
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
    if (state.playback) client.playbacks.stop({ playbackId: state.playback }).catch(() => {});
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
