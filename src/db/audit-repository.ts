// The audit log of what people did to other people's work and to the hotline's settings (append-only:
// triggers refuse edits), and the admins' filtered view of it.
import type Database from 'better-sqlite3';
import type { Db } from './database.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: number | null;
  action: string;
  targetUserId: number | null;
  details: Record<string, unknown> | null;
}

/** A person named in the log, as the console shows them. */
export interface AuditPerson {
  id: number;
  username: string;
  displayName: string;
}

export interface AuditView {
  id: number;
  at: string;
  actor: AuditPerson | null;
  action: string;
  target: AuditPerson | null;
  details: Record<string, unknown> | null;
}

/** Each optional; `from` inclusive and `to` exclusive, as ISO times in UTC (the stored form of `at`). */
export interface AuditFilter {
  actorUserId?: number;
  action?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

type AuditRow = {
  id: number;
  at: string;
  action: string;
  details: string | null;
  actorId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  targetId: number | null;
  targetUsername: string | null;
  targetName: string | null;
};

const CONDITIONS: Record<keyof AuditFilter, string> = {
  from: 'e.at >= @from',
  to: 'e.at < @to',
  actorUserId: 'e.actor_user_id = @actorUserId',
  action: 'e.action = @action',
};

/** The page query for the filters given (named parameters, plus @limit and @offset). */
export function auditSearchSql(filters: (keyof AuditFilter)[]): string {
  return `select e.id, e.at, e.action, e.details,
            a.id as actorId, a.username as actorUsername, a.display_name as actorName,
            t.id as targetId, t.username as targetUsername, t.display_name as targetName
     from audit_events e
     left join users a on a.id = e.actor_user_id
     left join users t on t.id = e.target_user_id
     ${filters.length > 0 ? `where ${filters.map((name) => CONDITIONS[name]).join(' and ')}` : ''}
     order by e.at desc, e.id desc
     limit @limit offset @offset`;
}

const person = (id: number | null, username: string | null, displayName: string | null): AuditPerson | null =>
  id === null ? null : { id, username: username ?? String(id), displayName: displayName ?? username ?? String(id) };
const parsed = (details: string | null) => (details ? (JSON.parse(details) as Record<string, unknown>) : null);

export class AuditRepository {
  readonly #db: Db;
  readonly #insert: Database.Statement;
  readonly #recent: Database.Statement<[number], Omit<AuditEntry, 'details'> & { details: string | null }>;
  /** One prepared statement per combination of filters (at most 16). */
  readonly #searches = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.$client.prepare(`insert into audit_events (actor_user_id, action, target_user_id, details) values (?, ?, ?, ?)`);
    this.#recent = db.$client.prepare(
      `select id, at, actor_user_id as actorUserId, action, target_user_id as targetUserId, details from audit_events order by id desc limit ?`,
    );
  }

  record(entry: { actorUserId: number | null; action: string; targetUserId?: number | null; details?: Record<string, unknown> }): void {
    this.#insert.run(entry.actorUserId, entry.action, entry.targetUserId ?? null, entry.details ? JSON.stringify(entry.details) : null);
  }

  recent(limit = 100): AuditEntry[] {
    return this.#recent.all(limit).map((row) => ({ ...row, details: parsed(row.details) }));
  }

  /**
   * One page of the log, newest first, with the people named. Ordered by (at, id) descending: the order of
   * the index on `at` (which holds the rowid), so a page is read off the index without sorting the table;
   * `hasMore` (one row past the page) spares counting every match.
   */
  search(filter: AuditFilter, page = 1, pageSize = AUDIT_PAGE_SIZE): { entries: AuditView[]; page: number; pageSize: number; hasMore: boolean } {
    const used = (Object.keys(CONDITIONS) as (keyof AuditFilter)[]).filter((name) => filter[name] !== undefined);
    const key = used.join(',');
    let statement = this.#searches.get(key);
    if (!statement) {
      statement = this.#db.$client.prepare(auditSearchSql(used));
      this.#searches.set(key, statement);
    }
    const parameters = Object.fromEntries(used.map((name) => [name, filter[name]]));
    const rows = statement.all({ ...parameters, limit: pageSize + 1, offset: (page - 1) * pageSize }) as AuditRow[];
    return {
      entries: rows.slice(0, pageSize).map((row) => ({
        id: row.id,
        at: row.at,
        actor: person(row.actorId, row.actorUsername, row.actorName),
        action: row.action,
        target: person(row.targetId, row.targetUsername, row.targetName),
        details: parsed(row.details),
      })),
      page,
      pageSize,
      hasMore: rows.length > pageSize,
    };
  }
}
