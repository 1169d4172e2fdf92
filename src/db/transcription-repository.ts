// Transcription jobs on SQLite: one per message, claimed in a transaction, retried, reclaimed after a crash.
import type Database from 'better-sqlite3';
import type { Language } from '../config.ts';
import type { Transcript } from '../stt/transcriber.ts';
import type { Db } from './database.ts';
import { prepared } from './statement-cache.ts';

export interface TranscriptionJob {
  jobId: number;
  voicemailId: number;
  caseId: number;
  attempts: number;
  file: string;
  lang: Language;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export class TranscriptionRepository {
  readonly #sqlite: Database.Database;

  constructor(db: Db) {
    this.#sqlite = db.$client;
  }

  /** Idempotent: a message has one job however often it is imported. */
  enqueue(voicemailId: number, nowIso: string): boolean {
    return prepared(this.#sqlite, `insert or ignore into transcription_jobs (voicemail_id, next_attempt_at) values (?, ?)`).run(voicemailId, nowIso).changes > 0;
  }

  enqueueRecording(recordingName: string, nowIso: string): boolean {
    const row = prepared(this.#sqlite, 'select id from voicemails where recording_name = ?').get(recordingName) as { id: number } | undefined;
    return row ? this.enqueue(row.id, nowIso) : false;
  }

  /** Jobs a crashed or killed server left running: pending again, due now. */
  reclaim(nowIso: string): number {
    return prepared(this.#sqlite, `update transcription_jobs set status = 'pending', next_attempt_at = ? where status = 'running'`).run(nowIso).changes;
  }

  /** The next due job, marked running (one more attempt), or undefined. */
  claim(nowIso: string): TranscriptionJob | undefined {
    return this.#sqlite.transaction(() => {
      const job = prepared(
        this.#sqlite,
        `select j.id as jobId, j.voicemail_id as voicemailId, v.case_id as caseId, j.attempts + 1 as attempts, v.file, v.lang
           from transcription_jobs j join voicemails v on v.id = j.voicemail_id
          where j.status = 'pending' and j.next_attempt_at <= ? order by j.next_attempt_at, j.id limit 1`,
      )
        .get(nowIso) as TranscriptionJob | undefined;
      if (job) prepared(this.#sqlite, `update transcription_jobs set status = 'running', attempts = attempts + 1, started_at = ? where id = ?`).run(nowIso, job.jobId);
      return job;
    })();
  }

  /** `alongside` runs in the same transaction (the transcript put on its case: both or neither). */
  done(job: TranscriptionJob, transcript: Transcript, tookMs: number, nowIso: string, alongside: () => void = () => {}): void {
    this.#sqlite.transaction(() => {
      alongside();
      prepared(this.#sqlite, `update transcription_jobs set status = 'done', finished_at = ?, last_error = null where id = ?`).run(nowIso, job.jobId);
      prepared(
        this.#sqlite,
        `update voicemails set transcript = ?, transcript_status = 'done', transcript_engine = ?, transcript_model = ?, transcript_confidence = ?,
                transcript_segments = ?, transcript_ms = ?, transcribed_at = ?, transcript_error = null where id = ?`,
      )
        .run(transcript.text, transcript.engine, transcript.model, transcript.confidence ?? null, transcript.segments ? JSON.stringify(transcript.segments) : null, tookMs, nowIso, job.voicemailId);
    })();
  }

  /** No engine for the language: the message stays a case with its audio, visibly untranscribed. */
  untranscribed(job: TranscriptionJob, nowIso: string): void {
    this.#sqlite.transaction(() => {
      prepared(this.#sqlite, `update transcription_jobs set status = 'done', finished_at = ? where id = ?`).run(nowIso, job.jobId);
      prepared(this.#sqlite, `update voicemails set transcript_status = 'untranscribed' where id = ?`).run(job.voicemailId);
    })();
  }

  retry(job: TranscriptionJob, error: string, nextIso: string): void {
    prepared(this.#sqlite, `update transcription_jobs set status = 'pending', next_attempt_at = ?, last_error = ? where id = ?`).run(nextIso, error, job.jobId);
  }

  fail(job: TranscriptionJob, error: string, nowIso: string): void {
    this.#sqlite.transaction(() => {
      prepared(this.#sqlite, `update transcription_jobs set status = 'failed', finished_at = ?, last_error = ? where id = ?`).run(nowIso, error, job.jobId);
      prepared(this.#sqlite, `update voicemails set transcript_status = 'failed', transcript_error = ? where id = ?`).run(error, job.voicemailId);
    })();
  }

  /** A job back to pending at once (a clean stop while it ran). */
  release(jobId: number, nowIso: string): void {
    prepared(this.#sqlite, `update transcription_jobs set status = 'pending', attempts = max(attempts - 1, 0), next_attempt_at = ? where id = ? and status = 'running'`).run(nowIso, jobId);
  }

  counts(): Record<JobStatus, number> {
    const counts: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const row of prepared(this.#sqlite, `select status, count(*) as n from transcription_jobs group by status`).all() as { status: JobStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  /** Seconds the oldest pending job has waited since it was due (0 when none). */
  oldestPendingSeconds(nowIso: string): number {
    const row = prepared(this.#sqlite, `select min(next_attempt_at) as at from transcription_jobs where status = 'pending' and next_attempt_at <= ?`).get(nowIso) as { at: string | null };
    return row.at ? Math.max(0, (Date.parse(nowIso) - Date.parse(row.at)) / 1000) : 0;
  }
}
