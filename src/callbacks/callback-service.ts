// Call-backs that keep the caller's place. A request stands in line at its anchor — the moment the caller
// joined the queue (or asked, from the IVR or a desk) — as a placeholder Asterisk serves like a caller:
// the operator's phone rings first, then the citizen is dialled. No answer: tried again later, within
// opening hours, up to the line's number of attempts. One open request per number.
import type { Language } from '../config.ts';
import type { Logger } from '../log.ts';
import type { LineSettings } from '../queues/line-settings.ts';
import type { QueueEvent } from '../queues/queue-events.ts';
import { chinesePhoneNumber, OPEN_CALLBACK_STATUSES, type CallbackRequest, type CallbackSource, type CallbackStatus } from './callback-model.ts';

export interface CallbackStore {
  openForNumber(number: string): CallbackRequest | undefined;
  byId(id: number): CallbackRequest | undefined;
  insert(request: Omit<CallbackRequest, 'id' | 'requestedAt' | 'updatedAt'>): CallbackRequest;
  update(id: number, changes: Partial<CallbackRequest>): CallbackRequest;
  /** Pending requests whose next attempt is due, earliest anchor first. */
  due(nowIso: string, limit: number): CallbackRequest[];
  /** Requests Asterisk should be holding now (queued or dialling). */
  inAsterisk(): CallbackRequest[];
  list(filter: { statuses?: CallbackStatus[]; limit: number }): CallbackRequest[];
}

/** Asterisk's side: the placeholder in the queue, and the result a restarted server reads back. */
export interface CallbackPlacer {
  place(request: CallbackRequest, position: number, options: { maxWaitSeconds: number; ringSeconds: number }): Promise<void>;
  /** The dial result Asterisk stored for a request (ANSWER, NOANSWER…), if any. */
  storedResult(id: number): Promise<string | undefined>;
  /** Takes a placeholder out of the line (a cancelled request). */
  withdraw(placeholderUniqueid: string): Promise<void>;
}

/** Who waits in a queue now, in order, with where each stands in line (a placeholder by its request's anchor). */
export interface LineView {
  waiting(queue: string): readonly { uniqueid: string; joinedAt: number; callbackId: number | null }[];
}

export class CallbackError extends Error {
  constructor(
    readonly statusCode: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** How long the citizen's phone rings before it counts as no answer. */
export const CALLBACK_RING_SECONDS = 30;

export interface CallbackOptions {
  queueOf: (lang: Language) => string;
  settings: () => LineSettings;
  /** Whether the line is open (opening hours and holidays): call-backs are placed only then. */
  isOpen: (at: Date) => boolean;
  /** The operator whose phone this is (their user id). */
  userOfInterface?: (agentInterface: string) => number | undefined;
  log: Logger;
  now?: () => Date;
  /** Something about the requests changed (the wallboard's pending count). */
  onChange?: () => void;
  /** A request ended (connected, no-answer, cancelled): noted on its case. */
  onOutcome?: (request: CallbackRequest) => void;
}

export class CallbackService {
  private readonly queueOf: CallbackOptions['queueOf'];
  private readonly settings: CallbackOptions['settings'];
  private readonly isOpen: CallbackOptions['isOpen'];
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly onChange: () => void;

  constructor(
    private readonly store: CallbackStore,
    private readonly placer: CallbackPlacer,
    private readonly line: LineView,
    private readonly options: CallbackOptions,
  ) {
    this.queueOf = options.queueOf;
    this.settings = options.settings;
    this.isOpen = options.isOpen;
    this.log = options.log;
    this.now = options.now ?? (() => new Date());
    this.onChange = options.onChange ?? (() => {});
  }

  byId(id: number): CallbackRequest | undefined {
    return this.store.byId(id);
  }

  list(filter: { statuses?: CallbackStatus[]; limit: number }): CallbackRequest[] {
    return this.store.list(filter);
  }

  /**
   * Books a call-back; a second request for a number with one open is merged into it (the earlier place is
   * kept). `anchor` is where it stands in line: the join time of a caller leaving the queue, else now.
   */
  book(input: { number: string; lang: Language; intent: string | null; source: CallbackSource; callId?: number | null; caseId?: number | null; anchor?: Date }): {
    request: CallbackRequest;
    merged: boolean;
  } {
    const number = chinesePhoneNumber(input.number);
    if (!number) throw new CallbackError(400, `number "${input.number}" is not a mainland phone number (a mobile, or a fixed line with its area code)`);
    const now = this.now();
    const anchor = (input.anchor ?? now).toISOString();
    const open = this.store.openForNumber(number);
    if (open) {
      const earlier = anchor < open.anchorAt ? { anchorAt: anchor } : {};
      const merged = this.store.update(open.id, { ...earlier, intent: open.intent ?? input.intent, caseId: open.caseId ?? input.caseId ?? null });
      this.log.info({ callbackId: open.id, source: input.source }, 'call-back merged into the open request for the number');
      return { request: merged, merged: true };
    }
    const request = this.store.insert({
      callId: input.callId ?? null,
      number,
      lang: input.lang,
      intent: input.intent,
      status: 'pending',
      queue: this.queueOf(input.lang),
      source: input.source,
      anchorAt: anchor,
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      placeholderUniqueid: null,
      lastDialStatus: null,
      agentUserId: null,
      caseId: input.caseId ?? null,
    });
    this.log.info({ callbackId: request.id, source: input.source, queue: request.queue }, 'call-back booked');
    this.onChange();
    void this.placeDue();
    return { request, merged: false };
  }

  /** Places every due request whose queue is open now: into the queue behind those who stood before it. */
  async placeDue(): Promise<number> {
    const now = this.now();
    if (!this.isOpen(now)) return 0;
    let placed = 0;
    for (const request of this.store.due(now.toISOString(), 20)) {
      const behaviour = this.settings().queues[request.queue];
      const position = this.positionAt(request.queue, new Date(request.anchorAt));
      try {
        // Counted as queued only when Asterisk says the placeholder joined (see handle).
        this.store.update(request.id, { status: 'queued', nextAttemptAt: null });
        await this.placer.place(request, position, { maxWaitSeconds: Math.max(behaviour?.maxWaitSeconds ?? 300, 3600), ringSeconds: CALLBACK_RING_SECONDS });
        placed++;
        this.log.info({ callbackId: request.id, queue: request.queue, position, attempt: request.attempts + 1 }, 'call-back placed in the queue');
      } catch (error) {
        this.store.update(request.id, { status: 'pending', nextAttemptAt: new Date(now.getTime() + 30_000).toISOString() });
        this.log.error({ err: error, callbackId: request.id }, 'could not place a call-back in the queue; trying again in 30 s');
      }
    }
    if (placed > 0) this.onChange();
    return placed;
  }

  /** The place of one who has stood in line since `at`: behind every caller (and call-back) that stood there before. */
  positionAt(queue: string, at: Date): number {
    const anchor = at.getTime();
    const before = this.line.waiting(queue).filter((caller) => {
      const stood = caller.callbackId ? Date.parse(this.store.byId(caller.callbackId)?.anchorAt ?? '') : caller.joinedAt;
      return Number.isFinite(stood) && stood <= anchor;
    });
    return before.length + 1;
  }

  /** Asterisk's events about placeholders and dial results. */
  handle(event: QueueEvent): void {
    switch (event.type) {
      case 'caller-joined':
        if (event.callbackId && this.#open(event.callbackId)) this.#update(event.callbackId, { status: 'queued', placeholderUniqueid: event.uniqueid });
        break;
      case 'agent-connected':
        if (event.callbackId && this.#open(event.callbackId)) {
          this.#update(event.callbackId, {
            status: 'dialling',
            attempts: (this.store.byId(event.callbackId)?.attempts ?? 0) + 1,
            agentUserId: this.options.userOfInterface?.(event.agentInterface) ?? null,
          });
        }
        break;
      case 'callback-status':
        this.#result(event.callbackId, event.status);
        break;
      default:
        break;
    }
  }

  /** ANSWER: done. Another dial result: tried again later, or no-answer after the last attempt. QUEUE-…: back in line. */
  #result(id: number, status: string): void {
    const request = this.store.byId(id);
    if (!request || !OPEN_CALLBACK_STATUSES.includes(request.status)) return;
    if (status === 'DIALLING') return;
    const settings = this.settings();
    const now = this.now();
    if (status === 'ANSWER') {
      // The placeholder that served it stays on the request: its recording and call are found through it.
      this.#finish(id, { status: 'connected', lastDialStatus: status });
      return;
    }
    if (status.startsWith('QUEUE-')) {
      // The placeholder left the queue unanswered (no operator logged in, the longest wait): it goes back in line later.
      this.#update(id, { status: 'pending', placeholderUniqueid: null, nextAttemptAt: this.#next(now, settings.callbackRetryMinutes).toISOString() });
      this.log.warn({ callbackId: id, status }, 'call-back left the queue unanswered; placed again later');
      return;
    }
    if (request.attempts >= settings.callbackAttempts) {
      this.#finish(id, { status: 'no-answer', lastDialStatus: status });
      this.log.warn({ callbackId: id, attempts: request.attempts, status }, 'call-back gave up: no answer after the last attempt');
      return;
    }
    // A retry stands in line from the moment it is due, like a caller joining then.
    const next = this.#next(now, settings.callbackRetryMinutes).toISOString();
    this.#update(id, { status: 'pending', lastDialStatus: status, placeholderUniqueid: null, anchorAt: next, nextAttemptAt: next });
    this.log.info({ callbackId: id, attempts: request.attempts, status }, 'call-back not answered; trying again later');
  }

  /** `minutes` from now, moved to the next opening if the line is closed then (checked each quarter hour, a week ahead). */
  #next(now: Date, minutes: number): Date {
    let at = new Date(now.getTime() + minutes * 60_000);
    for (let step = 0; step < 7 * 96 && !this.isOpen(at); step++) at = new Date(at.getTime() + 15 * 60_000);
    return at;
  }

  /** Cancels a request waiting for its turn or standing in line (its placeholder leaves); one being dialled is not. */
  async cancel(id: number): Promise<CallbackRequest> {
    const request = this.store.byId(id);
    if (!request) throw new CallbackError(404, `no call-back ${id}`);
    if (!OPEN_CALLBACK_STATUSES.includes(request.status)) throw new CallbackError(409, `call-back ${id} is ${request.status} already`);
    if (request.status === 'dialling') throw new CallbackError(409, `call-back ${id} is being served now: an operator is calling the citizen`);
    // Cancelled first: what Asterisk says of the placeholder from now on changes nothing.
    const cancelled = this.#finish(id, { status: 'cancelled' })!;
    if (request.status === 'queued' && request.placeholderUniqueid) {
      await this.placer.withdraw(request.placeholderUniqueid).catch((error: unknown) => {
        this.log.error({ err: error, callbackId: id, placeholder: request.placeholderUniqueid }, 'could not take a cancelled call-back out of the line; its operator will hear a cancelled request');
      });
    }
    return cancelled;
  }

  #open(id: number): boolean {
    const request = this.store.byId(id);
    return request !== undefined && OPEN_CALLBACK_STATUSES.includes(request.status);
  }

  #finish(id: number, changes: Partial<CallbackRequest>): CallbackRequest | undefined {
    const finished = this.#update(id, changes);
    if (!finished) return undefined;
    try {
      this.options.onOutcome?.(finished);
    } catch (error) {
      this.log.error({ err: error, callbackId: id }, 'could not note the call-back outcome on its case');
    }
    return finished;
  }

  /**
   * After a (re)connect: requests Asterisk should be holding but is not — served while this server was away
   * (their result is in astdb) or lost with an Asterisk restart (back in line).
   */
  async reconcile(placeholders: ReadonlySet<number>): Promise<void> {
    for (const request of this.store.inAsterisk()) {
      if (placeholders.has(request.id)) continue;
      const stored = await this.placer.storedResult(request.id).catch(() => undefined);
      if (stored) {
        this.log.warn({ callbackId: request.id, status: stored }, 'call-back served while the server was away: its result taken from Asterisk');
        if (request.status === 'queued') this.store.update(request.id, { status: 'dialling', attempts: request.attempts + 1 });
        this.#result(request.id, stored);
      } else {
        this.#update(request.id, { status: 'pending', placeholderUniqueid: null, nextAttemptAt: this.now().toISOString() });
        this.log.warn({ callbackId: request.id }, 'call-back placeholder gone from Asterisk with no result: placed again');
      }
    }
  }

  #update(id: number, changes: Partial<CallbackRequest>): CallbackRequest | undefined {
    if (!this.store.byId(id)) return undefined;
    const updated = this.store.update(id, changes);
    this.onChange();
    return updated;
  }
}
