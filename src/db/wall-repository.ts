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

/**
 * The call facts of the KPI windows, read from the database once and then kept current call by call: the
 * call store says which calls it wrote (callChanged), and only those are read again. The wallboard asks
 * for the day's facts several times a second; reading the whole day each time cost ≈ 13 ms at 4,000 calls.
 */
class CallFactsCache {
  /** By uniqueid: the facts of every counted call queued since `from`. */
  readonly #facts = new Map<string, CallFacts>();
  #from: number | null = null;
  readonly #changed = new Set<string>();

  constructor(
    private readonly readSince: (fromIso: string) => (FactsRow & { uniqueid: string })[],
    private readonly readOne: (uniqueid: string) => (FactsRow & { uniqueid: string }) | undefined,
  ) {}

  callChanged(uniqueid: string): void {
    if (this.#from !== null) this.#changed.add(uniqueid);
  }

  since(from: number): CallFacts[] {
    if (this.#from === null || from < this.#from) {
      this.#facts.clear();
      this.#changed.clear();
      this.#from = from;
      for (const row of this.readSince(new Date(from).toISOString())) this.#facts.set(row.uniqueid, callFactsOf(row));
    } else {
      for (const uniqueid of this.#changed) {
        const row = this.readOne(uniqueid);
        const facts = row && callFactsOf(row);
        // keyed by the row's own string: the uniqueid handed in is a slice of an AMI chunk (tens of kB kept alive a call)
        if (row && facts && facts.queuedAt >= this.#from) this.#facts.set(row.uniqueid, facts);
        else this.#facts.delete(uniqueid);
      }
      this.#changed.clear();
    }
    const result: CallFacts[] = [];
    for (const [uniqueid, facts] of this.#facts) {
      if (facts.queuedAt >= from) result.push(facts);
      // the windows only move forward: what fell out of them is not asked for again
      else this.#facts.delete(uniqueid);
    }
    if (from > this.#from) this.#from = from;
    return result;
  }
}

export class WallRepository {
  readonly #facts: CallFactsCache;
  readonly #answeredSince: Database.Statement<[number, string], { n: number }>;
  readonly #callbacksPending: Database.Statement<[], { n: number }>;
  readonly #transcriptions: Database.Statement<[], { backlog: number | null; failed: number | null }>;
  readonly #overdue: Database.Statement<[], { colour: 'red' | 'yellow'; n: number }>;
  readonly #insertStatus: Database.Statement;
  readonly #sqlite: Database.Database;
  readonly #totals: Database.Statement<[], { queue: string; offered: number; answered: number; abandoned: number; overflowed: number }>;

  /** `calls`: the call store whose writes keep the KPI facts current (without it, each read is as of its first). */
  constructor(db: Db, calls?: { onChange(listener: (uniqueid: string) => void): void }) {
    calls?.onChange((uniqueid) => this.callChanged(uniqueid));
    const sqlite = db.$client;
    this.#sqlite = sqlite;
    const factsSince = sqlite.prepare<[string], FactsRow & { uniqueid: string }>(
      `select uniqueid, ${FACTS_COLUMNS} from calls where queued_at >= ? and queue is not null and direction = 'inbound' order by queued_at`,
    );
    const factsOf = sqlite.prepare<[string], FactsRow & { uniqueid: string }>(
      `select uniqueid, ${FACTS_COLUMNS} from calls where uniqueid = ? and queued_at is not null and queue is not null and direction = 'inbound'`,
    );
    this.#facts = new CallFactsCache((fromIso) => factsSince.all(fromIso), (uniqueid) => factsOf.get(uniqueid));
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

  /** The facts of the calls queued since `from` (epoch ms), in no particular order. */
  callFactsSince(from: number): CallFacts[] {
    return this.#facts.since(from);
  }

  /** The call store wrote this call: its facts are read again when next asked for. */
  callChanged(uniqueid: string): void {
    this.#facts.callChanged(uniqueid);
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
