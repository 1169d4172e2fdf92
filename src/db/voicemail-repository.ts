// Messages (voicemails) for the desk: the list with transcripts, one message, an operator's correction.
import type Database from 'better-sqlite3';
import type { Db } from './database.ts';

export interface VoicemailView {
  id: number;
  caseNumber: string;
  caseId: number;
  confidential: boolean;
  caller: string | null;
  lang: 'zh' | 'en';
  durationMs: number;
  recordedAt: string;
  file: string;
  sha256: string;
  transcriptStatus: 'pending' | 'done' | 'failed' | 'untranscribed';
  transcript: string | null;
  transcriptCorrected: string | null;
  transcriptEngine: string | null;
  transcriptModel: string | null;
  transcriptError: string | null;
  transcribedAt: string | null;
}

const SELECT = `select v.id, c.number as caseNumber, c.id as caseId, c.confidential, v.caller, v.lang, v.duration_ms as durationMs, v.recorded_at as recordedAt,
  v.file, v.sha256, v.transcript_status as transcriptStatus, v.transcript, v.transcript_corrected as transcriptCorrected, v.transcript_engine as transcriptEngine,
  v.transcript_model as transcriptModel, v.transcript_error as transcriptError, v.transcribed_at as transcribedAt
  from voicemails v join cases c on c.id = v.case_id`;

const row = (raw: VoicemailView | undefined) => (raw ? { ...raw, confidential: Boolean(raw.confidential) } : undefined);

export class VoicemailRepository {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  list(filter: { status?: VoicemailView['transcriptStatus']; caseNumber?: string; limit: number }): VoicemailView[] {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      conditions.push('v.transcript_status = ?');
      params.push(filter.status);
    }
    if (filter.caseNumber) {
      conditions.push('c.number = ?');
      params.push(filter.caseNumber);
    }
    const where = conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '';
    const rows = this.#sqlite.prepare(`${SELECT}${where} order by v.id desc limit ?`).all(...params, filter.limit) as VoicemailView[];
    return rows.map((raw) => row(raw)!);
  }

  byId(id: number): VoicemailView | undefined {
    return row(this.#sqlite.prepare(`${SELECT} where v.id = ?`).get(id) as VoicemailView | undefined);
  }

  correct(id: number, text: string, userId: number): void {
    this.#sqlite.prepare(`update voicemails set transcript_corrected = ?, transcript_corrected_by = ? where id = ?`).run(text, userId, id);
  }
}
