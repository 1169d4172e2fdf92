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

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
const ratio = (part: number, whole: number) => (whole <= 0 ? null : part / whole);

/** Seconds the caller waited in the queue: Asterisk's count when it gave one, else from the timestamps. */
export function waitSeconds(call: CallFacts, now: number): number {
  if (call.holdSeconds !== null) return call.holdSeconds;
  const end = call.answeredAt ?? call.leftQueueAt ?? call.endedAt ?? now;
  return Math.max(0, (end - call.queuedAt) / 1000);
}

const isWaiting = (call: CallFacts) => call.outcome === 'in-progress' && call.leftQueueAt === null && call.endedAt === null;

/** The figures of a set of calls (those that joined a queue in a window), as of `now`. */
export function kpiFigures(calls: readonly CallFacts[], settings: KpiSettings, now: number): KpiFigures {
  const answered = calls.filter((call) => call.outcome === 'answered');
  const abandonedAll = calls.filter((call) => call.outcome === 'abandoned');
  const shortAbandoned = abandonedAll.filter((call) => waitSeconds(call, now) < settings.shortAbandonSeconds);
  const abandoned = abandonedAll.filter((call) => waitSeconds(call, now) >= settings.shortAbandonSeconds);
  const waiting = calls.filter(isWaiting);
  const undecided = waiting.filter((call) => waitSeconds(call, now) < settings.slSeconds).length;
  const inTime = answered.filter((call) => waitSeconds(call, now) <= settings.slSeconds).length;
  const handled = answered.filter((call) => call.talkSeconds !== null);
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned: abandoned.length,
    shortAbandoned: shortAbandoned.length,
    overflowed: calls.filter((call) => call.outcome === 'overflowed').length,
    waiting: waiting.length,
    serviceLevel: ratio(inTime, calls.length - shortAbandoned.length - undecided),
    connectionRate: ratio(answered.length, calls.length - waiting.length),
    abandonRate: ratio(abandoned.length, calls.length - shortAbandoned.length - waiting.length),
    asaSeconds: mean(answered.map((call) => waitSeconds(call, now))),
    ahtSeconds: mean(handled.map((call) => (call.talkSeconds ?? 0) + (call.wrapUpSeconds ?? 0))),
    avgAbandonWaitSeconds: mean(abandoned.map((call) => waitSeconds(call, now))),
  };
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

/** The figures of every window, for the whole line and per queue, from the calls since the earliest start. */
export function kpiWindows(calls: readonly CallFacts[], queues: readonly string[], settings: KpiSettings, now: number, starts: Record<KpiWindow, number>): KpiWindows {
  const result: KpiWindows = {};
  for (const window of KPI_WINDOWS) {
    const inWindow = calls.filter((call) => call.queuedAt >= starts[window] && call.queuedAt <= now);
    result[window] = {
      all: kpiFigures(inWindow, settings, now),
      byQueue: Object.fromEntries(queues.map((queue) => [queue, kpiFigures(inWindow.filter((call) => call.queue === queue), settings, now)])),
    };
  }
  return result;
}
