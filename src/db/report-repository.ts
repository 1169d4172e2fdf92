// The stored facts the reports read: calls that joined a queue, and operators' status changes.
import type Database from 'better-sqlite3';
import type { AgentStatus } from '../live/agent-status.ts';
import type { CallFacts } from '../live/kpis.ts';
import type { StatusChange } from '../live/reports.ts';
import type { Db } from './database.ts';
import { callFactsOf, FACTS_COLUMNS } from './wall-repository.ts';

/** A call is answered within a day of joining the queue: the answered-call reads go through the queued_at index. */
const DAY_MS = 86_400_000;

export class ReportRepository {
  readonly #calls: Database.Statement<[string, string]>;
  readonly #changes: Database.Statement<[string, string, string], { userId: number; status: AgentStatus; reason: string | null; at: string }>;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.#calls = sqlite.prepare(`select ${FACTS_COLUMNS} from calls where queued_at >= ? and queued_at < ? and queue is not null and direction = 'inbound' order by queued_at`);
    this.#changes = sqlite.prepare(
      `select user_id as userId, state as status, reason, at from agent_state_changes where user_id is not null and at >= ? and at < ?
       union all
       select c.user_id, c.state, c.reason, c.at from agent_state_changes c
        where c.user_id is not null and c.id = (select id from agent_state_changes where user_id = c.user_id and at < ? order by at desc, id desc limit 1)`,
    );
  }

  /** Calls that joined a queue from `from` to `to`, and those that joined the day before (answered in range). */
  callFacts(from: number, to: number): CallFacts[] {
    return (this.#calls.all(new Date(from - DAY_MS).toISOString(), new Date(to).toISOString()) as Parameters<typeof callFactsOf>[0][]).map(callFactsOf);
  }

  statusChanges(from: number, to: number): StatusChange[] {
    const fromIso = new Date(from).toISOString();
    return this.#changes.all(fromIso, new Date(to).toISOString(), fromIso).map((row) => ({ ...row, at: Date.parse(row.at) }));
  }
}
