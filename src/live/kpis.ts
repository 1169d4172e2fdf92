// The KPI definitions the wallboard and the reports share. The formulas are the spec (README lists them):
// every figure is computed from call facts (stored call records), so a restart does not zero a day.

import type { CallOutcome } from '../calls/call-store.ts';

/** What a KPI needs of one call that joined a queue. Times are epoch ms. */
export interface CallFacts {
  queue: string;
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  leftQueueAt: number | null;
  outcome: CallOutcome;
  /** Asterisk's HoldTime (queue entry to answer or abandon), when known. */
  holdSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  agentUserId?: number | null;
}

export interface KpiSettings {
  /** Service level: answered within this many seconds (HOTLINE_SL_SECONDS, 15). */
  slSeconds: number;
  /** An abandon before this many seconds is short, counted apart (HOTLINE_SHORT_ABANDON_SECONDS, 5). */
  shortAbandonSeconds: number;
}

export interface KpiFigures {
  /** Callers who joined the queue. */
  offered: number;
  answered: number;
  /** Hung up while waiting, after the short-abandon time. */
  abandoned: number;
  /** Hung up while waiting, before the short-abandon time (misdials, second thoughts): not held against the line. */
  shortAbandoned: number;
  /** The longest wait ran out (or no operator): offered a message. */
  overflowed: number;
  /** Still waiting now. */
  waiting: number;
  /** answered within SL ÷ (offered − short abandons − callers still waiting who have not yet waited SL). */
  serviceLevel: number | null;
  /** 接通率: answered ÷ (offered − callers still waiting). */
  connectionRate: number | null;
  /** abandoned ÷ (offered − short abandons − callers still waiting). */
  abandonRate: number | null;
  /** Average speed of answer: mean wait of answered calls (s). */
  asaSeconds: number | null;
  /** Average handle time: mean talk + wrap-up of answered calls that ended (s). */
  ahtSeconds: number | null;
  /** Mean wait of callers who abandoned (not the short ones) (s). */
  avgAbandonWaitSeconds: number | null;
}

const ratio = (part: number, whole: number) => (whole <= 0 ? null : part / whole);
const average = (sum: number, count: number) => (count === 0 ? null : sum / count);

/** Seconds the caller waited in the queue: Asterisk's count when it gave one, else from the timestamps. */
export function waitSeconds(call: CallFacts, now: number): number {
  if (call.holdSeconds !== null) return call.holdSeconds;
  const end = call.answeredAt ?? call.leftQueueAt ?? call.endedAt ?? now;
  return Math.max(0, (end - call.queuedAt) / 1000);
}

const isWaiting = (call: CallFacts) => call.outcome === 'in-progress' && call.leftQueueAt === null && call.endedAt === null;

/**
 * The counts and sums the figures are made of, taken in one pass over the calls (the wallboard recomputes
 * every window of the day several times a second: one pass, no intermediate arrays).
 */
class KpiTally {
  offered = 0;
  answered = 0;
  abandoned = 0;
  shortAbandoned = 0;
  overflowed = 0;
  waiting = 0;
  /** Callers still waiting who have not yet waited the service-level time. */
  undecided = 0;
  inTime = 0;
  answeredWaitSum = 0;
  handled = 0;
  handleSum = 0;
  abandonWaitSum = 0;

  add(call: CallFacts, settings: KpiSettings, now: number): void {
    this.offered++;
    switch (call.outcome) {
      case 'answered': {
        const waited = waitSeconds(call, now);
        this.answered++;
        this.answeredWaitSum += waited;
        if (waited <= settings.slSeconds) this.inTime++;
        if (call.talkSeconds !== null) {
          this.handled++;
          this.handleSum += call.talkSeconds + (call.wrapUpSeconds ?? 0);
        }
        break;
      }
      case 'abandoned': {
        const waited = waitSeconds(call, now);
        if (waited < settings.shortAbandonSeconds) this.shortAbandoned++;
        else {
          this.abandoned++;
          this.abandonWaitSum += waited;
        }
        break;
      }
      case 'overflowed':
        this.overflowed++;
        break;
      default:
        if (isWaiting(call)) {
          this.waiting++;
          if (waitSeconds(call, now) < settings.slSeconds) this.undecided++;
        }
    }
  }

  figures(): KpiFigures {
    return {
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      shortAbandoned: this.shortAbandoned,
      overflowed: this.overflowed,
      waiting: this.waiting,
      serviceLevel: ratio(this.inTime, this.offered - this.shortAbandoned - this.undecided),
      connectionRate: ratio(this.answered, this.offered - this.waiting),
      abandonRate: ratio(this.abandoned, this.offered - this.shortAbandoned - this.waiting),
      asaSeconds: average(this.answeredWaitSum, this.answered),
      ahtSeconds: average(this.handleSum, this.handled),
      avgAbandonWaitSeconds: average(this.abandonWaitSum, this.abandoned),
    };
  }
}

/** The figures of a set of calls (those that joined a queue in a window), as of `now`. */
export function kpiFigures(calls: readonly CallFacts[], settings: KpiSettings, now: number): KpiFigures {
  const tally = new KpiTally();
  for (const call of calls) tally.add(call, settings, now);
  return tally.figures();
}

export const KPI_WINDOWS = ['today', 'last60', 'last15'] as const;
export type KpiWindow = (typeof KPI_WINDOWS)[number];

/** Each window's start: today is the Beijing day so far; the others roll with the clock. */
export function windowStarts(now: number, beijingDayStart: number): Record<KpiWindow, number> {
  return { today: beijingDayStart, last60: now - 60 * 60_000, last15: now - 15 * 60_000 };
}

export interface KpiWindows {
  /** Per window: the whole line, and each queue. */
  [window: string]: { all: KpiFigures; byQueue: Record<string, KpiFigures> };
}

/** The figures of every window, for the whole line and per queue, from the calls since the earliest start (one pass). */
export function kpiWindows(calls: readonly CallFacts[], queues: readonly string[], settings: KpiSettings, now: number, starts: Record<KpiWindow, number>): KpiWindows {
  const tallies = KPI_WINDOWS.map((window) => ({
    window,
    start: starts[window],
    all: new KpiTally(),
    byQueue: new Map(queues.map((queue) => [queue, new KpiTally()])),
  }));
  for (const call of calls) {
    if (call.queuedAt > now) continue;
    for (const tally of tallies) {
      if (call.queuedAt < tally.start) continue;
      tally.all.add(call, settings, now);
      tally.byQueue.get(call.queue)?.add(call, settings, now);
    }
  }
  const result: KpiWindows = {};
  for (const tally of tallies) {
    result[tally.window] = { all: tally.all.figures(), byQueue: Object.fromEntries([...tally.byQueue].map(([queue, queueTally]) => [queue, queueTally.figures()])) };
  }
  return result;
}
