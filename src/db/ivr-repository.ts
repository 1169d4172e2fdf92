// What the IVR reads of calls, and voicemail rows.
import type Database from 'better-sqlite3';
import type { Language } from '../config.ts';
import type { VoicemailStore } from '../voicemail/voicemail-service.ts';
import type { Db } from './database.ts';
import { prepared } from './statement-cache.ts';

export class IvrRepository implements VoicemailStore {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  callIdOf(uniqueid: string): number | undefined {
    return (prepared(this.#sqlite, 'select id from calls where uniqueid = ?').get(uniqueid) as { id: number } | undefined)?.id;
  }

  callOf(uniqueid: string): { id: number; caller: string; lang: Language | null; queuedAt: string | null; intent: string | null } | undefined {
    return prepared(this.#sqlite, 'select id, caller, lang, queued_at as queuedAt, intent from calls where uniqueid = ?').get(uniqueid) as
      | { id: number; caller: string; lang: Language | null; queuedAt: string | null; intent: string | null }
      | undefined;
  }

  caseNumberOfRecording(recordingName: string): string | undefined {
    return (
      prepared(this.#sqlite, 'select c.number from voicemails v join cases c on c.id = v.case_id where v.recording_name = ?').get(recordingName) as
        | { number: string }
        | undefined
    )?.number;
  }

  insert(row: Parameters<VoicemailStore['insert']>[0]): void {
    prepared(
      this.#sqlite,
      `insert into voicemails (recording_name, case_id, call_id, caller, lang, file, sha256, bytes, duration_ms)
       values (@recordingName, @caseId, @callId, @caller, @lang, @file, @sha256, @bytes, @durationMs)`,
    )
      .run({ ...row, callId: row.callId ?? null });
    // Its transcription job, in the same transaction (the caller's): no message without one.
    prepared(this.#sqlite, `insert or ignore into transcription_jobs (voicemail_id, next_attempt_at) values (last_insert_rowid(), strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
      .run();
  }
}
