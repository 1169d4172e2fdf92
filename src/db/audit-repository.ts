// The audit log of what people did to other people's work (append-only: triggers refuse edits).
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

export class AuditRepository {
  readonly #insert: Database.Statement;
  readonly #recent: Database.Statement<[number], Omit<AuditEntry, 'details'> & { details: string | null }>;

  constructor(db: Db) {
    this.#insert = db.$client.prepare(`insert into audit_events (actor_user_id, action, target_user_id, details) values (?, ?, ?, ?)`);
    this.#recent = db.$client.prepare(
      `select id, at, actor_user_id as actorUserId, action, target_user_id as targetUserId, details from audit_events order by id desc limit ?`,
    );
  }

  record(entry: { actorUserId: number | null; action: string; targetUserId?: number | null; details?: Record<string, unknown> }): void {
    this.#insert.run(entry.actorUserId, entry.action, entry.targetUserId ?? null, entry.details ? JSON.stringify(entry.details) : null);
  }

  recent(limit = 100): AuditEntry[] {
    return this.#recent.all(limit).map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
  }
}
