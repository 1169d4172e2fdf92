// Reports from what is stored — call records and operators' status changes — so they survive restarts:
// per queue and interval (the wallboard's KPIs over history), and per operator (calls, talk, wrap-up,
// pause by reason, logged-in time).
import { localDay, nextDay, startOfLocalDay } from '../cases/working-days.ts';
import type { AgentStatus } from './agent-status.ts';
import { kpiFigures, type CallFacts, type KpiFigures, type KpiSettings } from './kpis.ts';

export const REPORT_INTERVALS = { '15m': 15 * 60_000, '1h': 60 * 60_000, '1d': 24 * 60 * 60_000 } as const;
export type ReportInterval = keyof typeof REPORT_INTERVALS;

export type QueueReportRow = { from: string; to: string; queue: string } & KpiFigures;

/** Interval starts from `from` to `to`: days are Beijing days; hours and quarters are whole ones. */
export function intervalStarts(from: number, to: number, interval: ReportInterval): number[] {
  const starts: number[] = [];
  if (interval === '1d') {
    for (let day = localDay(new Date(from)); startOfLocalDay(day).getTime() < to; day = nextDay(day)) starts.push(startOfLocalDay(day).getTime());
    return starts;
  }
  const step = REPORT_INTERVALS[interval];
  // Beijing is a whole number of hours from UTC: quarters and hours of UTC are those of Beijing too.
  for (let start = Math.floor(from / step) * step; start < to; start += step) starts.push(start);
  return starts;
}

/** One row per interval and queue (and "all" for the whole line), counting calls by when they joined the queue. */
export function queueReport(calls: readonly CallFacts[], queues: readonly string[], from: number, to: number, interval: ReportInterval, settings: KpiSettings, now: number): QueueReportRow[] {
  const starts = intervalStarts(from, to, interval);
  const rows: QueueReportRow[] = [];
  starts.forEach((start, index) => {
    const end = Math.min(starts[index + 1] ?? Infinity, to, interval === '1d' ? Infinity : start + REPORT_INTERVALS[interval]);
    const lower = Math.max(start, from);
    const inInterval = calls.filter((call) => call.queuedAt >= lower && call.queuedAt < end);
    for (const queue of [...queues, 'all']) {
      const scoped = queue === 'all' ? inInterval : inInterval.filter((call) => call.queue === queue);
      rows.push({ from: new Date(lower).toISOString(), to: new Date(end).toISOString(), queue, ...kpiFigures(scoped, settings, now) });
    }
  });
  return rows;
}

export interface StatusChange {
  userId: number;
  status: AgentStatus;
  reason: string | null;
  at: number;
}

export interface AgentReportRow {
  userId: number;
  username: string;
  name: string;
  extension: string | null;
  answered: number;
  talkSeconds: number;
  wrapUpSeconds: number;
  /** Time not offline: in at least one queue. */
  loggedInSeconds: number;
  availableSeconds: number;
  onCallSeconds: number;
  pausedSeconds: number;
  /** Paused time by the reason given (lunch, training…). */
  pausedByReason: Record<string, number>;
}

/**
 * Per operator over [from, to): the calls they answered (by answer time), and time in each status from
 * their recorded changes — the status at `from` is the last change before it; the last runs to `to` or now.
 */
export function agentReport(
  operators: readonly { userId: number; username: string; name: string; extension: string | null }[],
  changes: readonly StatusChange[],
  calls: readonly CallFacts[],
  from: number,
  to: number,
  now: number,
): AgentReportRow[] {
  const end = Math.min(to, now);
  return operators.map((operator) => {
    const own = changes.filter((change) => change.userId === operator.userId).sort((a, b) => a.at - b.at);
    const seconds: Partial<Record<AgentStatus, number>> = {};
    const pausedByReason: Record<string, number> = {};
    own.forEach((change, index) => {
      const start = Math.max(change.at, from);
      const stop = Math.min(own[index + 1]?.at ?? end, end);
      if (stop <= start) return;
      const duration = (stop - start) / 1000;
      seconds[change.status] = (seconds[change.status] ?? 0) + duration;
      if (change.status === 'paused') pausedByReason[change.reason ?? ''] = (pausedByReason[change.reason ?? ''] ?? 0) + duration;
    });
    const answered = calls.filter((call) => call.agentUserId === operator.userId && call.answeredAt !== null && call.answeredAt >= from && call.answeredAt < to);
    const total = (statuses: AgentStatus[]) => Math.round(statuses.reduce((sum, status) => sum + (seconds[status] ?? 0), 0));
    return {
      ...operator,
      answered: answered.length,
      talkSeconds: answered.reduce((sum, call) => sum + (call.talkSeconds ?? 0), 0),
      wrapUpSeconds: answered.reduce((sum, call) => sum + (call.wrapUpSeconds ?? 0), 0),
      loggedInSeconds: total(['available', 'ringing', 'on-call', 'wrap-up', 'paused']),
      availableSeconds: total(['available']),
      onCallSeconds: total(['ringing', 'on-call']),
      pausedSeconds: total(['paused']),
      pausedByReason: Object.fromEntries(Object.entries(pausedByReason).map(([reason, value]) => [reason, Math.round(value)])),
    };
  });
}
