// Call-back requests on SQLite.
import type Database from 'better-sqlite3';
import { OPEN_CALLBACK_STATUSES, type CallbackRequest, type CallbackStatus } from '../callbacks/callback-model.ts';
import type { CallbackStore } from '../callbacks/callback-service.ts';
import type { Language } from '../config.ts';
import type { Db } from './database.ts';
import { prepared } from './statement-cache.ts';

const COLUMN: Record<keyof CallbackRequest, string> = {
  id: 'id',
  callId: 'call_id',
  number: 'number',
  lang: 'lang',
  intent: 'intent',
  status: 'status',
  requestedAt: 'requested_at',
  queue: 'queue',
  source: 'source',
  anchorAt: 'anchor_at',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  placeholderUniqueid: 'placeholder_uniqueid',
  lastDialStatus: 'last_dial_status',
  agentUserId: 'agent_user_id',
  caseId: 'case_id',
  updatedAt: 'updated_at',
};
const SELECT = `select ${Object.entries(COLUMN).map(([field, column]) => `${column} as "${field}"`).join(', ')} from callback_requests`;
const OPEN = OPEN_CALLBACK_STATUSES.map((status) => `'${status}'`).join(', ');

export class CallbackRepository implements CallbackStore {
  readonly #sqlite: Database.Database;
  readonly #byId: Database.Statement<[number], CallbackRequest>;
  readonly #openForNumber: Database.Statement<[string], CallbackRequest>;
  readonly #due: Database.Statement<[string, number], CallbackRequest>;

  constructor(db: Db) {
    this.#sqlite = db.$client;
    this.#byId = this.#sqlite.prepare(`${SELECT} where id = ?`);
    this.#openForNumber = this.#sqlite.prepare(`${SELECT} where number = ? and status in (${OPEN}) order by id limit 1`);
    this.#due = this.#sqlite.prepare(`${SELECT} where status = 'pending' and next_attempt_at <= ? order by anchor_at limit ?`);
  }

  byId(id: number): CallbackRequest | undefined {
    return this.#byId.get(id);
  }

  openForNumber(number: string): CallbackRequest | undefined {
    return this.#openForNumber.get(number);
  }

  insert(request: Omit<CallbackRequest, 'id' | 'requestedAt' | 'updatedAt'>): CallbackRequest {
    const entries = Object.entries(request) as [keyof CallbackRequest, unknown][];
    const id = prepared(this.#sqlite, `insert into callback_requests (${entries.map(([key]) => COLUMN[key]).join(', ')}) values (${entries.map(() => '?').join(', ')})`)
      .run(...entries.map(([, value]) => value ?? null)).lastInsertRowid;
    return this.byId(Number(id))!;
  }

  update(id: number, changes: Partial<CallbackRequest>): CallbackRequest {
    const entries = (Object.entries(changes) as [keyof CallbackRequest, unknown][]).filter(([key, value]) => key !== 'id' && value !== undefined);
    entries.push(['updatedAt', new Date().toISOString()]);
    prepared(this.#sqlite, `update callback_requests set ${entries.map(([key]) => `${COLUMN[key]} = ?`).join(', ')} where id = ?`).run(...entries.map(([, value]) => value ?? null), id);
    return this.byId(id)!;
  }

  due(nowIso: string, limit: number): CallbackRequest[] {
    return this.#due.all(nowIso, limit);
  }

  /** The request a placeholder channel served (the latest, after retries). */
  byPlaceholder(uniqueid: string): CallbackRequest | undefined {
    return prepared(this.#sqlite, `${SELECT} where placeholder_uniqueid = ? order by id desc limit 1`).get(uniqueid) as CallbackRequest | undefined;
  }

  inAsterisk(): CallbackRequest[] {
    return prepared(this.#sqlite, `${SELECT} where status in ('queued', 'dialling')`).all() as CallbackRequest[];
  }

  list(filter: { statuses?: CallbackStatus[]; limit: number }): CallbackRequest[] {
    const statuses = filter.statuses ?? [];
    const where = statuses.length > 0 ? ` where status in (${statuses.map(() => '?').join(', ')})` : '';
    return prepared(this.#sqlite, `${SELECT}${where} order by id desc limit ?`).all(...statuses, filter.limit) as CallbackRequest[];
  }

  /**
   * Callers who hung up in a queue after waiting at least `minHoldSeconds` since `sinceIso`, newest first, with
   * any call-back booked for the number since and whether they got through on a later call.
   */
  abandoned(sinceIso: string, minHoldSeconds: number, limit: number): AbandonedCall[] {
    return prepared(
      this.#sqlite,
      `select c.id as callId, c.uniqueid, c.caller, c.lang, c.queue, c.intent, c.queued_at as queuedAt, c.hold_seconds as holdSeconds,
              cb.id as callbackId, cb.status as callbackStatus,
              exists(select 1 from calls later where later.caller = c.caller and later.queued_at > c.queued_at and later.outcome = 'answered') as laterAnswered
         from calls c
         left join callback_requests cb on cb.id = (select id from callback_requests where number = c.caller and requested_at >= c.queued_at order by id desc limit 1)
        where c.outcome = 'abandoned' and c.direction = 'inbound' and c.queued_at >= ? and coalesce(c.hold_seconds, 0) >= ?
        order by c.queued_at desc limit ?`,
    )
      .all(sinceIso, minHoldSeconds, limit)
      .map((row) => ({ ...(row as AbandonedCall), laterAnswered: Boolean((row as { laterAnswered: number }).laterAnswered) }));
  }

  callById(id: number): { id: number; caller: string; lang: Language | null; intent: string | null; outcome: string; direction: string } | undefined {
    return prepared(this.#sqlite, 'select id, caller, lang, intent, outcome, direction from calls where id = ?').get(id) as
      | { id: number; caller: string; lang: Language | null; intent: string | null; outcome: string; direction: string }
      | undefined;
  }
}

export interface AbandonedCall {
  callId: number;
  uniqueid: string;
  caller: string;
  lang: Language | null;
  queue: string | null;
  intent: string | null;
  queuedAt: string;
  holdSeconds: number | null;
  callbackId: number | null;
  callbackStatus: CallbackStatus | null;
  laterAnswered: boolean;
}
