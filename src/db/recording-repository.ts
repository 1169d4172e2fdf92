// Call recordings on SQLite: one row per archived recording, linked to its call and case.
import type Database from 'better-sqlite3';
import type { CallRecording, RecordingStore } from '../recordings/recording-archive.ts';
import type { Db } from './database.ts';
import { prepared } from './statement-cache.ts';

const SELECT = `select r.id, r.recording_name as recordingName, r.call_id as callId, r.case_id as caseId, r.agent_user_id as agentUserId,
  r.file, r.sha256, r.bytes, r.duration_ms as durationMs, r.recorded_at as recordedAt, r.deleted_at as deletedAt,
  c.uniqueid, c.caller, c.queue, cs.number as caseNumber
  from call_recordings r join calls c on c.id = r.call_id left join cases cs on cs.id = r.case_id`;

export class RecordingRepository implements RecordingStore {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  byName(name: string): CallRecording | undefined {
    return prepared(this.#sqlite, `${SELECT} where r.recording_name = ?`).get(name) as CallRecording | undefined;
  }

  byId(id: number): CallRecording | undefined {
    return prepared(this.#sqlite, `${SELECT} where r.id = ?`).get(id) as CallRecording | undefined;
  }

  list(filter: { callId?: number; caseId?: number; agentUserId?: number; limit: number }): CallRecording[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.callId !== undefined) (where.push('r.call_id = ?'), values.push(filter.callId));
    if (filter.caseId !== undefined) (where.push('r.case_id = ?'), values.push(filter.caseId));
    if (filter.agentUserId !== undefined) (where.push('r.agent_user_id = ?'), values.push(filter.agentUserId));
    const clause = where.length > 0 ? ` where ${where.join(' and ')}` : '';
    return prepared(this.#sqlite, `${SELECT}${clause} order by r.id desc limit ?`).all(...values, filter.limit) as CallRecording[];
  }

  /** The call a recording belongs to, its operator and its case (a call-back's is its request's case, or the original call's). */
  callOf(uniqueid: string): { callId: number; agentUserId: number | null; caseId: number | null } | undefined {
    return prepared(
      this.#sqlite,
      `select c.id as callId, c.agent_user_id as agentUserId,
         coalesce(
           (select id from cases where call_id = c.id order by id limit 1),
           (select coalesce(cb.case_id, (select id from cases where call_id = cb.call_id order by id limit 1))
              from callback_requests cb where cb.placeholder_uniqueid = c.uniqueid order by cb.id desc limit 1)
         ) as caseId
       from calls c where c.uniqueid = ?`,
    )
      .get(uniqueid) as { callId: number; agentUserId: number | null; caseId: number | null } | undefined;
  }

  insert(row: { recordingName: string; callId: number; caseId: number | null; agentUserId: number | null; file: string; sha256: string; bytes: number; durationMs: number }): CallRecording {
    const id = prepared(
      this.#sqlite,
      `insert into call_recordings (recording_name, call_id, case_id, agent_user_id, file, sha256, bytes, duration_ms)
       values (@recordingName, @callId, @caseId, @agentUserId, @file, @sha256, @bytes, @durationMs)`,
    )
      .run(row).lastInsertRowid;
    return this.byId(Number(id))!;
  }

  /** Recordings older than `beforeIso` whose audio is still kept. */
  expired(beforeIso: string, limit: number): CallRecording[] {
    return prepared(this.#sqlite, `${SELECT} where r.deleted_at is null and r.recorded_at < ? order by r.recorded_at limit ?`).all(beforeIso, limit) as CallRecording[];
  }

  markDeleted(id: number, atIso: string): void {
    prepared(this.#sqlite, 'update call_recordings set deleted_at = ?, file = null where id = ?').run(atIso, id);
  }
}
