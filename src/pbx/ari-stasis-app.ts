// The Stasis app: a caller entering it gets an IVR run; ARI events are routed to their channel.
import type { CallTracker } from '../calls/call-tracker.ts';
import type { Language } from '../config.ts';
import { ENTRY_NODES, type EntryNode } from '../ivr/flow.ts';
import type { IvrEngine } from '../ivr/ivr-engine.ts';
import { callLogger, type Logger } from '../log.ts';
import type { AriClient, AriConnection, AriEvent } from './ari-connection.ts';
import { ANNOUNCE_ARG } from './ari-announcement-player.ts';
import { AriIvrChannel } from './ari-ivr-channel.ts';
import type { AriIvrRequests } from './ari-rest.ts';

interface AriChannelJson {
  id: string;
  caller?: { number?: string };
  language?: string;
  dialplan?: { exten?: string; app_name?: string; app_data?: string };
}

export class AriStasisApp {
  #channels = new Map<string, AriIvrChannel>();

  constructor(
    private readonly connection: AriConnection,
    private readonly engine: IvrEngine,
    private readonly tracker: CallTracker,
    private readonly options: {
      promptDirectory: string;
      appName: string;
      fetchRecording: (name: string) => Promise<Buffer | null>;
      onDtmfToPrompt: (milliseconds: number) => void;
      queueMaxWaitSeconds: (lang: Language) => number;
      /** The IVR's requests (ari-rest.ts); ari-client's own when not given. */
      requests?: AriIvrRequests;
    },
    private readonly log: Logger,
  ) {
    connection.on('event', (event) => this.#route(event));
    connection.on('disconnected', () => this.#detachAll());
    connection.on('connected', (client) => {
      this.#rescueParkedCallers(client).catch((error: unknown) => this.log.error({ err: error }, 'could not rescue callers left in the IVR'));
    });
  }

  /**
   * ARI went away: every IVR run lets go of its caller, except a caller leaving a message. Asterisk goes on
   * recording it (# or silence still end it); that run waits, and hears of the end on the next connection.
   * Sending such a caller on to the dialplan cut the message short and offered to take it again (lost).
   */
  #detachAll(): void {
    for (const [id, channel] of this.#channels) {
      if (channel.recording) continue;
      channel.detach();
      this.#channels.delete(id);
    }
  }

  /** Messages recorded across a reconnect: each run learns whether its recording (or its call) ended meanwhile. */
  async #resumeRecordings(client: AriClient, present: ReadonlySet<string>): Promise<void> {
    for (const channel of this.#channels.values()) {
      const recordingName = channel.recordingName;
      if (!recordingName) continue;
      const live = present.has(channel.uniqueid)
        ? await client.recordings.getLive({ recordingName }).then((recording) => ['queued', 'recording', 'paused'].includes(recording.state), () => false)
        : false;
      this.log.warn({ uniqueid: channel.uniqueid, recording: recordingName, live, callerGone: !present.has(channel.uniqueid) }, 'a message went on recording while ARI was away');
      if (!live) channel.recordingEndedWhileAway(!present.has(channel.uniqueid));
    }
  }

  /**
   * Asterisk does not release callers from Stasis() when the app's connection drops. After every
   * (re)connect, callers parked in our app that no IVR run owns are sent on to the dialplan,
   * whose next step puts them in a queue.
   */
  async #rescueParkedCallers(client: AriClient): Promise<void> {
    const channels = (await client.channels.list()) as AriChannelJson[];
    await this.#resumeRecordings(client, new Set(channels.map((channel) => channel.id)));
    for (const channel of channels) {
      const dialplan = channel.dialplan;
      if (dialplan?.app_name !== 'Stasis' || dialplan.app_data?.split(',')[0] !== this.options.appName) continue;
      if (this.#channels.has(channel.id)) continue;
      await client.channels.continueInDialplan({ channelId: channel.id }).then(
        () => this.log.warn({ uniqueid: channel.id, caller: channel.caller?.number }, 'caller left in the IVR while it was away: sent on to a queue'),
        (error: Error) => this.log.error({ err: error, uniqueid: channel.id }, 'could not send a parked caller on'),
      );
    }
  }

  get activeCalls(): number {
    return this.#channels.size;
  }

  #route(event: AriEvent): void {
    const channel = event.channel as AriChannelJson | undefined;
    if (event.type === 'StasisStart' && channel) {
      // Queue announcements' snoop channels belong to the announcement player.
      if ((event.args as string[] | undefined)?.[0] === ANNOUNCE_ARG) return;
      this.#start(channel, event);
      return;
    }
    // Playback and recording events name their channel in target_uri.
    const target = ((event.playback ?? event.recording) as { target_uri?: string } | undefined)?.target_uri;
    const channelId = channel?.id ?? (target?.startsWith('channel:') ? target.slice('channel:'.length) : undefined);
    if (!channelId) return;
    if (event.type.startsWith('Recording')) this.log.debug({ uniqueid: channelId, event: event.type, recording: event.recording }, 'ari recording event');
    this.#channels.get(channelId)?.handle(event);
    if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') this.#channels.delete(channelId);
  }

  #start(json: AriChannelJson, event: AriEvent): void {
    const client = this.connection.client;
    if (!client) return;
    const linkedid = String((event.channel as { linkedid?: string }).linkedid ?? json.id);
    const caller = json.caller?.number ?? '';
    const { promptDirectory, fetchRecording, onDtmfToPrompt, queueMaxWaitSeconds, requests } = this.options;
    const channel = new AriIvrChannel(requests ?? (client as unknown as AriIvrRequests), json.id, linkedid, caller, promptDirectory, fetchRecording, onDtmfToPrompt, queueMaxWaitSeconds);
    this.#channels.set(json.id, channel);
    const log = callLogger(this.log, { uniqueid: json.id, caller });
    try {
      this.tracker.entered({ uniqueid: json.id, linkedid, caller, at: new Date() });
    } catch (error) {
      // Inside ari-client's emitter: a throw here would be uncaught. The caller's IVR runs regardless.
      log.error({ err: error }, 'could not store the call record; the IVR runs without it');
    }
    // Stasis(app,<node>) from the dialplan: a language flow's entry node (the message offer after a queue).
    const entry = (event.args as string[] | undefined)?.[0];
    const lang = json.language === 'en' ? 'en' : 'zh';
    if (entry && (ENTRY_NODES as readonly string[]).includes(entry)) {
      log.info({ entry, lang }, 'caller entered the IVR from the dialplan');
      void this.engine.run(channel, log, { lang, node: entry as EntryNode });
      return;
    }
    log.info('caller entered the IVR');
    void this.engine.run(channel, log);
  }

  /**
   * A clean stop: every caller in the IVR goes on to a queue in the language chosen so far, at once,
   * rather than waiting parked for the dialplan's IVR time limit. A caller leaving a message is left
   * to finish it; Asterisk keeps the recording and the next start registers it.
   */
  async releaseAll(): Promise<number> {
    let released = 0;
    await Promise.all(
      [...this.#channels.values()].map(async (channel) => {
        if (channel.recording) {
          this.log.warn({ uniqueid: channel.uniqueid }, 'stopping while a caller leaves a message: it is registered on the next start');
          channel.detach();
          return;
        }
        try {
          const handedOver = await Promise.race([
            channel.release(),
            new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('Asterisk did not take the caller back within 3 s')), 3_000).unref()),
          ]);
          if (handedOver) released++;
        } catch (error) {
          this.log.error({ err: error, uniqueid: channel.uniqueid }, 'could not hand a caller in the IVR to a queue on stop');
        }
      }),
    );
    this.#channels.clear();
    if (released > 0) this.log.info({ released }, 'callers in the IVR handed to the queues on stop');
    return released;
  }
}
