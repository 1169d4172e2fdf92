// What the wallboard reads from the database: the call facts of KPI windows, today's answered calls per
// operator, pending call-backs, overdue cases; and what it writes: each operator status change.
import type Database from 'better-sqlite3';
import type { CallOutcome } from '../calls/call-store.ts';
import type { AgentStatus } from '../live/agent-status.ts';
import type { CallFacts } from '../live/kpis.ts';
import { withoutFsync, type Db } from './database.ts';

type FactsRow = {
  queue: string;
  queuedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  leftQueueAt: string | null;
  outcome: CallOutcome;
  holdSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  agentUserId: number | null;
};

const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function callFactsOf(row: FactsRow): CallFacts {
  return { ...row, queuedAt: Date.parse(row.queuedAt), answeredAt: time(row.answeredAt), endedAt: time(row.endedAt), leftQueueAt: time(row.leftQueueAt) };
}

export const FACTS_COLUMNS = `queue, queued_at as queuedAt, answered_at as answeredAt, ended_at as endedAt, left_queue_at as leftQueueAt, outcome,
  hold_seconds as holdSeconds, talk_seconds as talkSeconds, wrap_up_seconds as wrapUpSeconds, agent_user_id as agentUserId`;

export class WallRepository {
  readonly #factsSince: Database.Statement<[string], FactsRow>;
  readonly #answeredSince: Database.Statement<[number, string], { n: number }>;
  readonly #callbacksPending: Database.Statement<[], { n: number }>;
  readonly #transcriptions: Database.Statement<[], { backlog: number | null; failed: number | null }>;
  readonly #overdue: Database.Statement<[], { colour: 'red' | 'yellow'; n: number }>;
  readonly #insertStatus: Database.Statement;
  readonly #sqlite: Database.Database;
  readonly #totals: Database.Statement<[], { queue: string; offered: number; answered: number; abandoned: number; overflowed: number }>;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.#sqlite = sqlite;
    this.#factsSince = sqlite.prepare(`select ${FACTS_COLUMNS} from calls where queued_at >= ? and queue is not null and direction = 'inbound' order by queued_at`);
    this.#answeredSince = sqlite.prepare(`select count(*) as n from calls where agent_user_id = ? and answered_at >= ?`);
    this.#callbacksPending = sqlite.prepare(`select count(*) as n from callback_requests where status in ('pending', 'queued')`);
    this.#transcriptions = sqlite.prepare(`select sum(status in ('pending', 'running')) as backlog, sum(status = 'failed') as failed from transcription_jobs`);
    this.#overdue = sqlite.prepare(
      `select colour, count(*) as n from cases where colour in ('red', 'yellow') and status not in ('closed', 'not-accepted', 'merged') group by colour`,
    );
    this.#totals = sqlite.prepare(
      `select queue, count(*) as offered, sum(outcome = 'answered') as answered, sum(outcome = 'abandoned') as abandoned,
              sum(outcome = 'overflowed') as overflowed from calls where queued_at is not null and queue is not null and direction = 'inbound' group by queue`,
    );
    this.#insertStatus = sqlite.prepare(`insert into agent_state_changes (user_id, agent_interface, state, reason, at) values (?, ?, ?, ?, ?)`);
  }

  callFactsSince(from: number): CallFacts[] {
    return this.#factsSince.all(new Date(from).toISOString()).map(callFactsOf);
  }

  answeredSince(userId: number, from: number): number {
    return this.#answeredSince.get(userId, new Date(from).toISOString())!.n;
  }

  callbacksPending(): number {
    return this.#callbacksPending.get()!.n;
  }

  /** Messages waiting for their transcript (or being transcribed), and those whose transcription failed. */
  transcriptions(): { backlog: number; failed: number } {
    const row = this.#transcriptions.get()!;
    return { backlog: row.backlog ?? 0, failed: row.failed ?? 0 };
  }

  overdueCounts(): { red: number; yellow: number } {
    const counts = { red: 0, yellow: 0 };
    for (const row of this.#overdue.all()) counts[row.colour] = row.n;
    return counts;
  }

  /** All-time call counts per queue (the Prometheus counters start from them). */
  callTotals(): { queue: string; offered: number; answered: number; abandoned: number; overflowed: number }[] {
    return this.#totals.all();
  }

  recordStatus(change: { userId: number | null; agentInterface: string; status: AgentStatus; reason: string | null; at: number }): void {
    // operator status history is the call's progress too: no fsync of its own (see withoutFsync)
    withoutFsync(this.#sqlite, () => this.#insertStatus.run(change.userId, change.agentInterface, change.status, change.reason, new Date(change.at).toISOString()));
  }
}
