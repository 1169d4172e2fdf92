// What the wallboard shows, as plain data (shared with the browser): built from the live model, the
// call records and the case registry. Times are epoch ms; the browser ticks the timers itself.
import type { Language } from '../config.ts';
import type { AgentStatus } from './agent-status.ts';
import type { KpiThresholds } from './kpi-thresholds.ts';
import type { KpiWindows } from './kpis.ts';
import type { WaitingCaller } from './live-model.ts';

export interface QueueView {
  queue: string;
  lang: Language;
  waiting: number;
  /** The join time of the caller waiting longest, or null. */
  longestWaitSince: number | null;
  /** Operators in the queue by status. */
  agents: Partial<Record<AgentStatus, number>>;
}

/** A waiting caller's row; `caller` is masked (138****8000) for roles that may not see citizens' numbers. */
export type CallerView = WaitingCaller;

export interface AgentView {
  /** The operator's phone (PJSIP/1001): the key of the row. */
  agentInterface: string;
  userId: number | null;
  name: string;
  extension: string | null;
  languages: Language[];
  status: AgentStatus;
  reason: string | null;
  /** When the status began (epoch ms); null when the live model has not seen the phone (offline since before). */
  since: number | null;
  call: { uniqueid: string; caller: string; queue: string; state: 'ringing' | 'talking'; since: number } | null;
  answeredToday: number;
}

export interface KpiView {
  at: number;
  windows: KpiWindows;
  /** The admins' green / yellow / red thresholds of the tiles. */
  thresholds: KpiThresholds;
  /** Now: callers waiting and the longest wait per queue and overall, operators by status, call-backs due. */
  live: {
    waiting: number;
    longestWaitSince: number | null;
    agentsByStatus: Partial<Record<AgentStatus, number>>;
    callbacksPending: number;
    transcriptions: { backlog: number; failed: number };
  };
}

export interface OverdueView {
  red: number;
  yellow: number;
}

export interface WallSnapshot {
  /** The server's clock when the snapshot was made (the browser corrects its own by it). */
  serverNow: number;
  queues: QueueView[];
  callers: CallerView[];
  agents: AgentView[];
  kpis: KpiView;
  overdue: OverdueView;
  settings: { slSeconds: number; shortAbandonSeconds: number };
  /** Whether citizens' numbers are masked for this viewer. */
  masked: boolean;
}
