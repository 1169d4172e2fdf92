// Queue announcements over ARI: a snoop channel on the waiting caller, in our Stasis app, whispers the prompts
// into what the caller hears (whisper "out"); the caller stays in Queue() the whole time. The snoop ends with
// the playback, or with the caller.
import type { PromptRef } from '../ivr/ivr-channel.ts';
import type { AnnouncementPlayer } from '../queues/queue-announcer.ts';
import type { AriConnection, AriEvent } from './ari-connection.ts';

/** The Stasis argument of announcement snoops: the Stasis app leaves them to this player. */
export const ANNOUNCE_ARG = 'announce';

interface Snoop {
  id: string;
  started: () => void;
  finished: () => void;
}

export class AriAnnouncementPlayer implements AnnouncementPlayer {
  #snoops = new Map<string, Snoop>();
  #next = 0;

  constructor(
    private readonly connection: AriConnection,
    private readonly appName: string,
    private readonly promptDirectory: string,
    private readonly timeoutMs = 120_000,
  ) {
    connection.on('event', (event) => this.#route(event));
  }

  async play(uniqueid: string, prompts: PromptRef[]): Promise<void> {
    const client = this.connection.client;
    if (!client) throw new Error('ARI is not connected');
    if (this.#snoops.has(uniqueid)) throw new Error('an announcement is still playing to this caller');
    const id = `announce-${uniqueid}-${++this.#next}`;
    let started!: () => void;
    let finished!: () => void;
    const inStasis = new Promise<void>((resolve) => (started = resolve));
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.#snoops.set(uniqueid, { id, started, finished });
    let timer: NodeJS.Timeout | undefined;
    const limit = (what: string, ms: number) =>
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`Asterisk did not ${what} within ${ms} ms`)), ms);
        timer.unref();
      });
    try {
      await client.channels.snoopChannel({ channelId: uniqueid, app: this.appName, appArgs: ANNOUNCE_ARG, spy: 'none', whisper: 'out', snoopId: id });
      await Promise.race([inStasis, limit('start the announcement', 5_000)]);
      clearTimeout(timer);
      await client.channels.play({ channelId: id, media: prompts.map((ref) => `sound:${this.promptDirectory}/${ref.lang}/${ref.prompt}`), playbackId: id });
      await Promise.race([done, limit('finish the announcement', this.timeoutMs)]);
    } finally {
      clearTimeout(timer);
      if (this.#snoops.get(uniqueid)?.id === id) this.#snoops.delete(uniqueid);
      await client.channels.hangup({ channelId: id }).catch(() => {});
    }
  }

  stop(uniqueid: string): void {
    const snoop = this.#snoops.get(uniqueid);
    if (!snoop) return;
    this.#snoops.delete(uniqueid);
    snoop.finished();
    void this.connection.client?.channels.hangup({ channelId: snoop.id }).catch(() => {});
  }

  #route(event: AriEvent): void {
    const channelId = (event.channel as { id?: string } | undefined)?.id ?? (event.playback as { id?: string } | undefined)?.id;
    if (!channelId?.startsWith('announce-')) return;
    const snoop = [...this.#snoops.values()].find((candidate) => candidate.id === channelId);
    if (!snoop) return;
    if (event.type === 'StasisStart') snoop.started();
    else if (event.type === 'PlaybackFinished' || event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') snoop.finished();
  }
}
