// Call-back requests and voicemail rows, for the IVR.
import type Database from 'better-sqlite3';
import type { Language } from '../config.ts';
import type { VoicemailStore } from '../voicemail/voicemail-service.ts';
import type { Db } from './database.ts';

export class IvrRepository implements VoicemailStore {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  callIdOf(uniqueid: string): number | undefined {
    return (this.#sqlite.prepare('select id from calls where uniqueid = ?').get(uniqueid) as { id: number } | undefined)?.id;
  }

  callOf(uniqueid: string): { caller: string; lang: Language | null } | undefined {
    return this.#sqlite.prepare('select caller, lang from calls where uniqueid = ?').get(uniqueid) as { caller: string; lang: Language | null } | undefined;
  }

  bookCallback(request: { uniqueid: string; number: string; lang: Language; intent: string | null }): void {
    this.#sqlite
      .prepare('insert into callback_requests (call_id, number, lang, intent) values (?, ?, ?, ?)')
      .run(this.callIdOf(request.uniqueid) ?? null, request.number, request.lang, request.intent);
  }

  caseNumberOfRecording(recordingName: string): string | undefined {
    return (
      this.#sqlite.prepare('select c.number from voicemails v join cases c on c.id = v.case_id where v.recording_name = ?').get(recordingName) as
        | { number: string }
        | undefined
    )?.number;
  }

  insert(row: Parameters<VoicemailStore['insert']>[0]): void {
    this.#sqlite
      .prepare(
        `insert into voicemails (recording_name, case_id, call_id, caller, lang, file, sha256, bytes, duration_ms)
         values (@recordingName, @caseId, @callId, @caller, @lang, @file, @sha256, @bytes, @durationMs)`,
      )
      .run({ ...row, callId: row.callId ?? null });
  }
}
