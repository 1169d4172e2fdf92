// What a caller waiting in a queue hears from the server, in their own language: on entry that the call may be
// recorded, then their position and the estimated wait (wait-estimate.ts) every announceEverySeconds, and on
// the first and every other announcement the offer of a call-back that keeps their place (key 1, handled by
// the dialplan's hotline-queue-keys). Call-back placeholders hear nothing. Asterisk keeps the caller in line
// whatever happens here: an announcement that fails is logged and the next one is tried.
import type { Language } from '../config.ts';
import type { PromptRef } from '../ivr/ivr-channel.ts';
import { numberPrompts } from '../ivr/speech.ts';
import type { Logger } from '../log.ts';
import type { LineSettings } from './line-settings.ts';
import type { QueueEvent } from './queue-events.ts';
import { estimateWaitSeconds, spokenMinutes } from './wait-estimate.ts';

export interface AnnouncementPlayer {
  /** Plays prompts to a caller in a queue, over what they hear there; resolves when played (or the caller left). */
  play(uniqueid: string, prompts: PromptRef[]): Promise<void>;
  /** Cuts short what is being played to the caller (they left the queue). */
  stop(uniqueid: string): void;
}

export interface Announcement {
  at: number;
  position: number;
  /** The estimate said (seconds), null when nobody was serving the queue. */
  estimateSeconds: number | null;
  prompts: string[];
}

/** The prompt ids of one announcement (pure). */
export function announcementPrompts(input: { first: boolean; position: number; estimateSeconds: number | null; offer: boolean }): string[] {
  const place = input.position <= 99 ? numberPrompts(input.position) : [...String(input.position)].map((digit) => `digit-${digit}`);
  const prompts = [...(input.first ? ['queue-recording-notice'] : []), 'queue-position-before', ...place, 'queue-position-after'];
  if (input.estimateSeconds !== null) {
    const minutes = Math.min(99, spokenMinutes(input.estimateSeconds));
    if (minutes === 0) prompts.push('queue-wait-under-minute');
    else prompts.push('queue-wait-about', ...numberPrompts(minutes), minutes === 1 ? 'queue-minute' : 'queue-minutes');
  }
  if (input.offer) prompts.push('queue-callback-offer');
  return prompts;
}

interface Waiting {
  queue: string;
  lang: Language;
  count: number;
  timer: NodeJS.Timeout | undefined;
}

/** The announcements of the last callers, for the wallboard, the logs and tests. */
const KEPT_CALLERS = 500;

export class QueueAnnouncer {
  #waiting = new Map<string, Waiting>();
  #announced = new Map<string, Announcement[]>();

  constructor(
    private readonly player: AnnouncementPlayer,
    private readonly line: {
      /** Callers (and placeholders) in line, in order. */
      waiting(queue: string): readonly { uniqueid: string }[];
      /** Operators taking the queue's calls now. */
      serving(queue: string): number;
      /** Mean handle time of the queue's recent calls (s). */
      handleSeconds(queue: string): number;
    },
    private readonly settings: () => LineSettings,
    private readonly languageOfQueue: (queue: string) => Language | undefined,
    private readonly log: Logger,
    private readonly firstDelayMs = 700,
  ) {}

  handle(event: QueueEvent): void {
    switch (event.type) {
      case 'caller-joined': {
        const lang = event.lang ?? this.languageOfQueue(event.queue);
        if (!lang || event.callbackId || !this.settings().queues[event.queue]) return;
        this.#forget(event.uniqueid);
        const waiting: Waiting = { queue: event.queue, lang, count: 0, timer: undefined };
        this.#waiting.set(event.uniqueid, waiting);
        this.#schedule(event.uniqueid, waiting, this.firstDelayMs);
        break;
      }
      case 'caller-left':
      case 'caller-abandoned':
      case 'agent-connected':
      case 'hangup':
        if (this.#waiting.has(event.uniqueid)) {
          this.#forget(event.uniqueid);
          this.player.stop(event.uniqueid);
        }
        break;
      default:
        break;
    }
  }

  /**
   * Callers found waiting after a (re)connect (the server restarted): announcements go on for them, without the
   * recording notice they heard on entry.
   */
  adopt(callers: readonly { uniqueid: string; queue: string; lang: Language | null; callbackId: number | null }[]): void {
    for (const caller of callers) {
      const lang = caller.lang ?? this.languageOfQueue(caller.queue);
      if (!lang || caller.callbackId || this.#waiting.has(caller.uniqueid) || !this.settings().queues[caller.queue]) continue;
      const waiting: Waiting = { queue: caller.queue, lang, count: 1, timer: undefined };
      this.#waiting.set(caller.uniqueid, waiting);
      this.#schedule(caller.uniqueid, waiting, this.firstDelayMs);
    }
  }

  /** What a caller was told, in order. */
  announced(uniqueid: string): readonly Announcement[] {
    return this.#announced.get(uniqueid) ?? [];
  }

  /** The estimate for a caller in line now (s), as it would be announced. */
  estimate(queue: string, uniqueid: string): number | null {
    const position = this.line.waiting(queue).findIndex((caller) => caller.uniqueid === uniqueid) + 1;
    return estimateWaitSeconds({ position, serving: this.line.serving(queue), handleSeconds: this.line.handleSeconds(queue) });
  }

  stop(): void {
    for (const uniqueid of [...this.#waiting.keys()]) this.#forget(uniqueid);
  }

  #schedule(uniqueid: string, waiting: Waiting, delayMs: number): void {
    waiting.timer = setTimeout(() => {
      waiting.timer = undefined;
      void this.#announce(uniqueid, waiting);
    }, delayMs);
    waiting.timer.unref();
  }

  async #announce(uniqueid: string, waiting: Waiting): Promise<void> {
    const startedAt = Date.now();
    const position = this.line.waiting(waiting.queue).findIndex((caller) => caller.uniqueid === uniqueid) + 1;
    if (position === 0) {
      this.#forget(uniqueid);
      return;
    }
    const estimateSeconds = this.estimate(waiting.queue, uniqueid);
    const prompts = announcementPrompts({ first: waiting.count === 0, position, estimateSeconds, offer: waiting.count % 2 === 0 });
    waiting.count++;
    this.#remember(uniqueid, { at: startedAt, position, estimateSeconds, prompts });
    try {
      await this.player.play(
        uniqueid,
        prompts.map((prompt) => ({ prompt, lang: waiting.lang })),
      );
      this.log.debug({ uniqueid, position, estimateSeconds }, 'queue announcement played');
    } catch (error) {
      this.log.warn({ err: error, uniqueid }, 'queue announcement not played; the caller waits on and hears the next one');
    }
    if (this.#waiting.get(uniqueid) !== waiting) return;
    const every = (this.settings().queues[waiting.queue]?.announceEverySeconds ?? 45) * 1000;
    this.#schedule(uniqueid, waiting, Math.max(1_000, startedAt + every - Date.now()));
  }

  #remember(uniqueid: string, announcement: Announcement): void {
    const list = this.#announced.get(uniqueid) ?? [];
    list.push(announcement);
    this.#announced.delete(uniqueid);
    this.#announced.set(uniqueid, list);
    if (this.#announced.size > KEPT_CALLERS) this.#announced.delete(this.#announced.keys().next().value!);
  }

  #forget(uniqueid: string): void {
    const waiting = this.#waiting.get(uniqueid);
    if (waiting?.timer) clearTimeout(waiting.timer);
    this.#waiting.delete(uniqueid);
  }
}
