// CallStore over SQLite with prepared statements (every queue event touches it). A call's progress is
// written without an fsync per commit (withoutFsync): it stalled the event loop ≈ 25 times a call.
import type Database from 'better-sqlite3';
import type { CallChanges, CallRecord, CallStore } from '../calls/call-store.ts';
import { withoutFsync, type Db } from './database.ts';
import { prepared } from './statement-cache.ts';

const COLUMNS = `id, uniqueid, linkedid, caller, lang, queue, intent, path, entered_at as enteredAt, queued_at as queuedAt,
  ring_at as ringAt, answered_at as answeredAt, ended_at as endedAt, agent_user_id as agentUserId, outcome,
  left_queue_at as leftQueueAt, hold_seconds as holdSeconds, talk_seconds as talkSeconds, wrap_up_seconds as wrapUpSeconds,
  direction, no_case_needed as noCaseNeeded`;

const COLUMN_OF: Record<keyof CallChanges, string> = {
  lang: 'lang',
  queue: 'queue',
  intent: 'intent',
  queuedAt: 'queued_at',
  ringAt: 'ring_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  agentUserId: 'agent_user_id',
  outcome: 'outcome',
  leftQueueAt: 'left_queue_at',
  holdSeconds: 'hold_seconds',
  talkSeconds: 'talk_seconds',
  wrapUpSeconds: 'wrap_up_seconds',
  direction: 'direction',
  noCaseNeeded: 'no_case_needed',
};

export class CallRepository implements CallStore {
  readonly #insert: Database.Statement;
  readonly #byUniqueid: Database.Statement<[string], CallRecord>;
  readonly #appendPath: Database.Statement;
  readonly #setOnce: Record<string, Database.Statement>;
  readonly #changeListeners: ((uniqueid: string) => void)[] = [];
  readonly #inTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.#insert = sqlite.prepare(
      `insert into calls (uniqueid, linkedid, caller, entered_at) values (@uniqueid, @linkedid, @caller, @enteredAt)
       on conflict(uniqueid) do nothing`,
    );
    this.#byUniqueid = sqlite.prepare(`select ${COLUMNS} from calls where uniqueid = ?`);
    this.#inTransaction = sqlite.transaction((work: () => unknown) => work());
    this.#appendPath = sqlite.prepare(`update calls set path = trim(path || ' ' || ?) where uniqueid = ?`);
    this.#setOnce = Object.fromEntries(
      (['queuedAt', 'ringAt', 'answeredAt', 'endedAt', 'leftQueueAt'] as const).map((field) => [
        field,
        sqlite.prepare(`update calls set ${COLUMN_OF[field]} = ? where uniqueid = ? and ${COLUMN_OF[field]} is null`),
      ]),
    );
  }

  /** After every write of a call's facts (not its IVR path): the wallboard's KPI cache reads it again. */
  onChange(listener: (uniqueid: string) => void): void {
    this.#changeListeners.push(listener);
  }

  #changed(uniqueid: string): void {
    for (const listener of this.#changeListeners) listener(uniqueid);
  }

  ensure(call: { uniqueid: string; linkedid: string; caller: string; enteredAt: string }): CallRecord {
    withoutFsync(this.db.$client, () => this.#insert.run(call));
    this.#changed(call.uniqueid);
    return this.byUniqueid(call.uniqueid)!;
  }

  byUniqueid(uniqueid: string): CallRecord | undefined {
    const row = this.#byUniqueid.get(uniqueid);
    return row && { ...row, noCaseNeeded: Boolean(row.noCaseNeeded) };
  }

  update(uniqueid: string, changes: CallChanges): void {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof CallChanges, unknown][];
    if (entries.length === 0) return;
    const values = entries.map(([, value]) => (typeof value === 'boolean' ? Number(value) : value));
    withoutFsync(this.db.$client, () => this.#updateOf(entries.map(([key]) => key)).run(...values, uniqueid));
    this.#changed(uniqueid);
  }

  #updateOf(keys: (keyof CallChanges)[]): Database.Statement {
    // prepared once per set of columns
    return prepared(this.db.$client, `update calls set ${keys.map((key) => `${COLUMN_OF[key]} = ?`).join(', ')} where uniqueid = ?`);
  }

  setOnce(uniqueid: string, field: 'queuedAt' | 'ringAt' | 'answeredAt' | 'endedAt' | 'leftQueueAt', at: string): void {
    withoutFsync(this.db.$client, () => this.#setOnce[field]!.run(at, uniqueid));
    this.#changed(uniqueid);
  }

  inOneCommit<T>(work: () => T): T {
    // IMMEDIATE: the write lock first (waiting busy_timeout for it), as a deferred one that read before writing
    // could not take it once another connection had written meanwhile
    return withoutFsync(this.db.$client, () => this.#inTransaction.immediate(work) as T);
  }

  appendPath(uniqueid: string, step: string): void {
    withoutFsync(this.db.$client, () => this.#appendPath.run(step, uniqueid));
  }

  /**
   * Calls with no end that entered before `beforeIso`, among the latest `window` calls (bounded by the primary
   * key: calls still open are recent). After a reconnect, those Asterisk no longer lists are ended (pbx/ami-lost-calls.ts).
   */
  openCalls(beforeIso: string, window = 2_000): { uniqueid: string; linkedid: string }[] {
    return this.db.$client
      .prepare(
        `select uniqueid, linkedid from calls
          where id > (select coalesce(max(id), 0) from calls) - ? and ended_at is null and entered_at < ?`,
      )
      .all(window, beforeIso) as { uniqueid: string; linkedid: string }[];
  }

  /** The queue's last `limit` answered citizens’ calls queued since `sinceIso`: their talk and wrap-up. */
  recentHandled(queue: string, sinceIso: string, limit: number): { talkSeconds: number; wrapUpSeconds: number | null }[] {
    return this.db.$client
      .prepare(
        `select talk_seconds as talkSeconds, wrap_up_seconds as wrapUpSeconds from calls
          where queue = ? and direction = 'inbound' and talk_seconds is not null and queued_at >= ?
          order by queued_at desc limit ?`,
      )
      .all(queue, sinceIso, limit) as { talkSeconds: number; wrapUpSeconds: number | null }[];
  }
}
