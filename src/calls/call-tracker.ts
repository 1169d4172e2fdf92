// Keeps the call record in step with the queue events Asterisk sends.
import type { Language } from '../config.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { QueueEvent } from '../queues/queue-events.ts';
import type { CallRecord, CallStore } from './call-store.ts';

/** The queue events that change a call's record. */
const TRACKED: ReadonlySet<QueueEvent['type']> = new Set(['caller-joined', 'agent-called', 'agent-connected', 'agent-completed', 'caller-abandoned', 'caller-left', 'hangup']);

/** Hang-ups of channels without a call record kept for a call the IVR has not announced yet (ARI after AMI). */
const GONE_KEPT = 1_000;

export class CallTracker {
  /**
   * Channels that hung up with no call record, newest last, when they hung up. AMI and ARI are two sockets: a
   * caller who hangs up at the answer can have AMI's Hangup here before ARI's StasisStart, whose record would
   * then never end. Most are no call of the line's (operators' legs, Local channels), hence the bound.
   */
  readonly #gone = new Map<string, string>();

  constructor(
    private readonly calls: CallStore,
    private readonly languageOfQueue: (queue: string) => Language | undefined,
    private readonly metrics: HotlineMetrics,
    private readonly userIdOfInterface: (agentInterface: string) => number | undefined,
  ) {}

  /** The IVR (Stasis) saw the call first. */
  entered(call: { uniqueid: string; linkedid: string; caller: string; at: Date }): CallRecord {
    this.metrics.callsEntered({ via: 'ivr' });
    const record = this.calls.ensure({ uniqueid: call.uniqueid, linkedid: call.linkedid, caller: call.caller, enteredAt: call.at.toISOString() });
    const goneAt = this.#gone.get(call.uniqueid);
    if (goneAt === undefined) return record;
    // the caller had already hung up (its Hangup came first, on AMI): the record ends as it begins
    this.#gone.delete(call.uniqueid);
    return this.calls.inOneCommit(() => this.#apply({ type: 'hangup', uniqueid: call.uniqueid, linkedid: call.linkedid, cause: 16 }, goneAt)) ?? record;
  }

  languageChosen(uniqueid: string, lang: Language): void {
    this.calls.update(uniqueid, { lang });
  }

  intentChosen(uniqueid: string, intent: string): void {
    this.calls.update(uniqueid, { intent });
  }

  step(uniqueid: string, node: string): void {
    this.calls.appendPath(uniqueid, node);
  }

  /** Applies a queue event, its writes in one commit; returns the call row it concerns (if it is a hotline call). */
  handle(event: QueueEvent, at: Date): CallRecord | undefined {
    if (!TRACKED.has(event.type)) return undefined;
    // most channels that hang up are no call of the line's (operators' legs, Local channels): no commit for them
    if (event.type === 'hangup' && !this.calls.byUniqueid(event.uniqueid)) {
      this.#gone.set(event.uniqueid, at.toISOString());
      if (this.#gone.size > GONE_KEPT) this.#gone.delete(this.#gone.keys().next().value!);
      return undefined;
    }
    return this.calls.inOneCommit(() => this.#apply(event, at.toISOString()));
  }

  #apply(event: QueueEvent, iso: string): CallRecord | undefined {
    switch (event.type) {
      case 'caller-joined': {
        const existing = this.calls.byUniqueid(event.uniqueid);
        if (!existing) this.metrics.callsEntered({ via: 'queue-direct' });
        this.calls.ensure({ uniqueid: event.uniqueid, linkedid: event.linkedid, caller: event.caller, enteredAt: iso });
        const lang = event.lang ?? existing?.lang ?? this.languageOfQueue(event.queue);
        // A call-back's placeholder serves a citizen's request; it is no call of the line's (left out of the KPIs).
        this.calls.update(event.uniqueid, { queue: event.queue, lang, ...(event.callbackId ? { direction: 'callback' as const } : {}) });
        this.calls.setOnce(event.uniqueid, 'queuedAt', iso);
        this.metrics.callsQueued({ queue: event.queue });
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'agent-called': {
        this.calls.ensure({ uniqueid: event.uniqueid, linkedid: event.linkedid, caller: event.caller, enteredAt: iso });
        this.calls.setOnce(event.uniqueid, 'queuedAt', iso);
        this.calls.setOnce(event.uniqueid, 'ringAt', iso);
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'agent-connected': {
        this.calls.setOnce(event.uniqueid, 'answeredAt', iso);
        this.calls.update(event.uniqueid, { outcome: 'answered', agentUserId: this.userIdOfInterface(event.agentInterface), holdSeconds: event.holdSeconds });
        this.metrics.callsAnswered({ queue: event.queue });
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'agent-completed': {
        this.calls.update(event.uniqueid, { talkSeconds: event.talkSeconds });
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'caller-abandoned': {
        this.calls.update(event.uniqueid, { outcome: 'abandoned', holdSeconds: event.holdSeconds });
        this.metrics.callsAbandoned({ queue: event.queue });
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'caller-left': {
        this.calls.setOnce(event.uniqueid, 'leftQueueAt', iso);
        return this.calls.byUniqueid(event.uniqueid);
      }
      case 'hangup': {
        const call = this.calls.byUniqueid(event.uniqueid);
        if (!call) return undefined;
        this.calls.setOnce(event.uniqueid, 'endedAt', iso);
        if (call.outcome === 'in-progress') {
          // Left the queue unanswered and not by hanging up there: the longest wait ran out (a message was offered).
          const outcome = !call.queuedAt ? 'ended-in-ivr' : call.leftQueueAt ? 'overflowed' : 'abandoned';
          this.calls.update(event.uniqueid, { outcome });
          if (outcome === 'overflowed') this.metrics.callsOverflowed({ queue: call.queue ?? '' });
        }
        return this.calls.byUniqueid(event.uniqueid);
      }
      default:
        return undefined;
    }
  }
}
