// IvrChannel over ARI: prompts as one multi-media playback, DTMF buffered, barge-in by stopping playback.
import { randomUUID } from 'node:crypto';
import type { Language } from '../config.ts';
import { CallerHungUp, IvrDetached, type IvrChannel, type PromptRef, type RecordedMessage } from '../ivr/ivr-channel.ts';
import type { AriEvent } from './ari-connection.ts';
import { AriRequestError, type AriIvrRequests } from './ari-rest.ts';

export const QUEUE_CONTEXT = 'hotline-queue';
/** The dialplan's message context; its "record" label records without the server. */
export const MESSAGE_CONTEXT = 'hotline-message';
/** Recordings named so are callers' messages (recovered after a crash by their prefix). */
export const MESSAGE_PREFIX = 'hotline-msg-';

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export class AriIvrChannel implements IvrChannel {
  #digits: string[] = [];
  #hungUp = false;
  /** The prompt playing now, and the request that asked Asterisk for it. */
  #playback: { id: string; waiter: Waiter<'finished' | 'interrupted'>; requested: Promise<unknown> } | undefined;
  #digitWaiter: (Waiter<string | null> & { timer: NodeJS.Timeout }) | undefined;
  #recording: { name: string; done: (error?: Error) => void } | undefined;
  #lastDigitAt: number | undefined;
  #lang: Language | undefined;
  /**
   * Variable writes not yet confirmed. Setting the language or intent is not awaited by the IVR, but the next
   * prompt waits for them: Asterisk (22) holds a variable write that reaches it during a prompt until the
   * prompt ends, past the request's time limit for a long one (the 10 s main menu). Whatever hands the channel
   * to the dialplan waits for them too, and fails if one failed.
   */
  #pendingWrites: Promise<unknown>[] = [];

  constructor(
    private readonly client: AriIvrRequests,
    readonly uniqueid: string,
    readonly linkedid: string,
    readonly caller: string,
    private readonly promptDirectory: string,
    private readonly fetchRecording: (name: string) => Promise<Buffer | null>,
    private readonly onDtmfToPrompt: (milliseconds: number) => void = () => {},
    /** The line's longest wait in a language's queue (line settings), set on the channel as it joins. */
    private readonly queueMaxWaitSeconds: (lang: Language) => number = () => 300,
  ) {}

  /** Events of this channel, routed here by the Stasis app. */
  handle(event: AriEvent): void {
    switch (event.type) {
      case 'ChannelDtmfReceived':
        this.#lastDigitAt = Date.parse(String(event.timestamp));
        this.#onDigit(String(event.digit));
        break;
      case 'PlaybackStarted':
        // Asterisk's own timestamps: from the key the caller pressed to the start of what they hear next.
        if (this.#lastDigitAt !== undefined) {
          this.onDtmfToPrompt(Date.parse(String(event.timestamp)) - this.#lastDigitAt);
          this.#lastDigitAt = undefined;
        }
        break;
      case 'RecordingFinished':
      case 'RecordingFailed':
        if ((event.recording as { name?: string } | undefined)?.name === this.#recording?.name) this.#recording?.done();
        break;
      case 'PlaybackFinished': {
        const playback = event.playback as { id: string; state?: string } | undefined;
        if (playback && this.#playback?.id === playback.id) {
          const { waiter } = this.#playback;
          this.#playback = undefined;
          waiter.resolve('finished');
        }
        break;
      }
      case 'StasisEnd':
      case 'ChannelHangupRequest':
      case 'ChannelDestroyed':
        this.#onHangup();
        break;
    }
  }

  media(ref: PromptRef): string {
    return `sound:${this.promptDirectory}/${ref.lang}/${ref.prompt}`;
  }

  play(prompts: PromptRef[]): Promise<'finished' | 'interrupted'> {
    if (this.#hungUp) return Promise.reject(new CallerHungUp(this.uniqueid));
    if (this.#digits.length > 0 || prompts.length === 0) return Promise.resolve(this.#digits.length > 0 ? 'interrupted' : 'finished');
    const playbackId = randomUUID();
    const media = prompts.map((ref) => this.media(ref));
    return new Promise((resolve, reject) => {
      // the writes first (settled, failed or not: a failure is the hand-over's to report); no play if a key came meanwhile
      const requested = Promise.all(this.#pendingWrites).then(() =>
        this.#playback?.id === playbackId ? this.client.channels.play({ channelId: this.uniqueid, media, playbackId }) : undefined,
      );
      this.#playback = { id: playbackId, waiter: { resolve, reject }, requested };
      requested.catch((error: Error) => {
        if (this.#playback?.id !== playbackId) return;
        this.#playback = undefined;
        reject(this.#hungUp ? new CallerHungUp(this.uniqueid) : error);
      });
    });
  }

  takeDigit(timeoutMs: number): Promise<string | null> {
    if (this.#digits.length > 0) return Promise.resolve(this.#digits.shift()!);
    if (this.#hungUp) return Promise.reject(new CallerHungUp(this.uniqueid));
    if (timeoutMs <= 0) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#digitWaiter = undefined;
        resolve(null);
      }, timeoutMs);
      this.#digitWaiter = { resolve, reject, timer };
    });
  }

  async setLanguage(lang: Language): Promise<void> {
    if (this.#hungUp) throw new CallerHungUp(this.uniqueid);
    this.#lang = lang;
    this.#later(this.#variable('__HOTLINE_LANG', lang), this.#variable('CHANNEL(language)', lang));
  }

  async setIntent(intent: string): Promise<void> {
    if (this.#hungUp) throw new CallerHungUp(this.uniqueid);
    this.#later(this.#variable('__HOTLINE_INTENT', intent));
  }

  /** Keeps writes to be confirmed later; a failure is held (never an unhandled rejection) until then. */
  #later(...writes: Promise<void>[]): void {
    for (const write of writes) this.#pendingWrites.push(write.then(() => undefined, (error: unknown) => error ?? new Error('variable write failed')));
  }

  /** Waits for the variable writes sent so far; the first that failed fails this. */
  async #written(): Promise<void> {
    const failed = (await Promise.all(this.#pendingWrites.splice(0))).find((outcome) => outcome !== undefined);
    if (failed) throw this.#hungUp ? new CallerHungUp(this.uniqueid) : failed;
  }

  clearDigits(): void {
    this.#digits = [];
  }

  async record(options: { maxSeconds: number; silenceSeconds: number }): Promise<RecordedMessage | null> {
    if (this.#hungUp) throw new CallerHungUp(this.uniqueid);
    await this.#written();
    const name = `${MESSAGE_PREFIX}${this.uniqueid}`;
    // The dialplan's IVR time limit (its safety net) must not cut a message short.
    await this.#variable('TIMEOUT(absolute)', String(options.maxSeconds + 60));
    const finished = new Promise<Error | undefined>((resolve) => {
      this.#recording = { name, done: resolve };
    });
    // A hang-up ends the recording too (see #onHangup); the audio up to then is kept by Asterisk.
    await this.client.channels.record({
      channelId: this.uniqueid,
      name,
      format: 'wav',
      maxDurationSeconds: options.maxSeconds,
      maxSilenceSeconds: options.silenceSeconds,
      beep: true,
      terminateOn: '#',
      ifExists: 'overwrite',
    });
    const interrupted = await finished;
    this.#recording = undefined;
    // The # that ended the message belongs to the recording: left buffered, it would cut the thanks short.
    this.#digits = [];
    // ARI went away mid-message: Asterisk finishes the recording; the reconnect registers it whole.
    if (interrupted instanceof IvrDetached) throw interrupted;
    for (let attempt = 0; attempt < 20; attempt++) {
      const audio = await this.fetchRecording(name);
      if (audio && audio.length > 44) return { name, audio, durationMs: Math.round(((audio.length - 44) / 16_000) * 1000) };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return null;
  }

  async toQueue(lang: Language, position?: number): Promise<void> {
    if (this.#hungUp) return;
    // the three writes at once (Asterisk applies each on its own), and all of them before the hand-over
    await Promise.all([
      this.#written(),
      this.#variable('__HOTLINE_LANG', lang),
      this.#variable('HOTLINE_QUEUE_MAX_WAIT', String(this.queueMaxWaitSeconds(lang))),
      // A caller coming back to the line (a call-back they could not book) takes their place again.
      this.#variable('HOTLINE_QUEUE_POSITION', position ? String(position) : ''),
    ]);
    await this.client.channels.continueInDialplan({ channelId: this.uniqueid, context: QUEUE_CONTEXT, extension: lang, priority: 1 });
  }

  async toMessage(lang: Language): Promise<void> {
    if (this.#hungUp) return;
    await Promise.all([this.#written(), this.#variable('__HOTLINE_LANG', lang)]);
    await this.client.channels.continueInDialplan({ channelId: this.uniqueid, context: MESSAGE_CONTEXT, extension: lang, label: 'record' });
  }

  /** Whether the caller is leaving a message right now. */
  get recording(): boolean {
    return this.#recording !== undefined;
  }

  /** The name of the message being recorded, if any. */
  get recordingName(): string | undefined {
    return this.#recording?.name;
  }

  /**
   * After a reconnect, for a message Asterisk went on recording while ARI was away: the recording's end, or
   * the caller's hang-up, came while nobody listened. The run goes on as if it had seen it.
   */
  recordingEndedWhileAway(callerGone: boolean): void {
    if (callerGone) this.#onHangup();
    else this.#recording?.done();
  }

  /** Stops the IVR run and sends the caller on to a queue in their language (or Mandarin). False if they had gone. */
  async release(): Promise<boolean> {
    if (this.#hungUp) return false;
    const lang = this.#lang ?? 'zh';
    const playing = this.#playback?.id;
    this.detach();
    // Asterisk runs a channel's ARI commands one after another: a prompt still playing would hold the
    // hand-over back until it ends, so it is stopped first.
    if (playing) await this.client.playbacks.stop({ playbackId: playing }).catch(() => {});
    await Promise.all(this.#pendingWrites.splice(0));
    await this.client.channels.setChannelVar({ channelId: this.uniqueid, variable: '__HOTLINE_LANG', value: lang });
    await this.client.channels.setChannelVar({ channelId: this.uniqueid, variable: 'HOTLINE_QUEUE_MAX_WAIT', value: String(this.queueMaxWaitSeconds(lang)) });
    await this.client.channels.continueInDialplan({ channelId: this.uniqueid, context: QUEUE_CONTEXT, extension: lang, priority: 1 });
    return true;
  }

  async hangup(): Promise<void> {
    if (!this.#hungUp) await this.client.channels.hangup({ channelId: this.uniqueid });
  }

  async #variable(variable: string, value: string): Promise<void> {
    if (this.#hungUp) throw new CallerHungUp(this.uniqueid);
    await this.client.channels.setChannelVar({ channelId: this.uniqueid, variable, value });
  }

  #onDigit(digit: string): void {
    const waiter = this.#digitWaiter;
    if (waiter) {
      clearTimeout(waiter.timer);
      this.#digitWaiter = undefined;
      waiter.resolve(digit);
      return;
    }
    this.#digits.push(digit);
    const playback = this.#playback;
    if (playback) {
      this.#playback = undefined;
      playback.waiter.resolve('interrupted');
      void this.#stop(playback.id, playback.requested);
    }
  }

  /**
   * Stops a prompt a key interrupted, once Asterisk has it: a stop that overtook the play request found nothing,
   * the whole prompt played, and the IVR's next prompts queued behind it (a key pressed as a prompt began).
   * A prompt just starting cannot be stopped for a moment (ARI answers 500): the stop is tried again. 404 after
   * the play was taken means the prompt has ended.
   */
  async #stop(playbackId: string, requested: Promise<unknown>): Promise<void> {
    try {
      await requested;
    } catch {
      return;
    }
    for (let attempt = 1; attempt <= 10 && !this.#hungUp; attempt++) {
      try {
        await this.client.playbacks.stop({ playbackId });
        return;
      } catch (error) {
        if (error instanceof AriRequestError && error.status === 404) return;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  /** ARI went away: whatever the IVR waits for will not come. */
  detach(): void {
    const error = new IvrDetached(this.uniqueid);
    this.#end(error);
    this.#recording?.done(error);
  }

  #onHangup(): void {
    this.#end(new CallerHungUp(this.uniqueid));
    this.#recording?.done();
  }

  #end(error: Error): void {
    if (this.#hungUp) return;
    this.#hungUp = true;
    if (this.#playback) {
      this.#playback.waiter.reject(error);
      this.#playback = undefined;
    }
    if (this.#digitWaiter) {
      clearTimeout(this.#digitWaiter.timer);
      this.#digitWaiter.reject(error);
      this.#digitWaiter = undefined;
    }
  }
}
