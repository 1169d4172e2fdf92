// The audio the line keeps — call recordings, messages (voicemails) and their transcription jobs — with the
// tables of schema.ts they belong to (re-exported from there: one schema for drizzle).
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { calls, cases, users } from './schema.ts';
import { createdAt } from './schema-columns.ts';

/** A recorded queue call (MixMonitor, both parties), kept like messages: fsync, rename, checksum. */
export const callRecordings = sqliteTable(
  'call_recordings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingName: text('recording_name').notNull().unique(),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id),
    caseId: integer('case_id').references(() => cases.id),
    agentUserId: integer('agent_user_id').references(() => users.id),
    /** Relative to the data directory; null once removed by the retention job. */
    file: text('file'),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    durationMs: integer('duration_ms').notNull(),
    recordedAt: createdAt('recorded_at'),
    deletedAt: text('deleted_at'),
  },
  (table) => [index('call_recordings_call_idx').on(table.callId), index('call_recordings_recorded_idx').on(table.recordedAt)],
);

/** A message left after hours: the audio is kept under the data directory with its checksum. */
export const voicemails = sqliteTable(
  'voicemails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Asterisk's recording name; unique, so a recording is imported once even after a crash. */
    recordingName: text('recording_name').notNull().unique(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    callId: integer('call_id').references(() => calls.id),
    caller: text('caller'),
    lang: text('lang', { enum: ['zh', 'en'] }).notNull(),
    /** Path of the audio file relative to the data directory. */
    file: text('file').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The engine's text (kept as it was, beside any correction). */
    transcript: text('transcript'),
    transcriptStatus: text('transcript_status', { enum: ['pending', 'done', 'failed', 'untranscribed'] }).notNull().default('pending'),
    transcriptEngine: text('transcript_engine'),
    transcriptModel: text('transcript_model'),
    transcriptConfidence: real('transcript_confidence'),
    /** Segments with their timings, as JSON ([{startMs, endMs, text}]), when the engine gives them. */
    transcriptSegments: text('transcript_segments'),
    /** How long the engine took (ms). */
    transcriptMs: integer('transcript_ms'),
    transcribedAt: text('transcribed_at'),
    /** Why the transcription failed, for good. */
    transcriptError: text('transcript_error'),
    /** An operator's correction, kept beside the engine's text (audited in the case trail). */
    transcriptCorrected: text('transcript_corrected'),
    transcriptCorrectedBy: integer('transcript_corrected_by').references(() => users.id),
    recordedAt: createdAt('recorded_at'),
  },
  (table) => [index('voicemails_case_idx').on(table.caseId)],
);

/**
 * The transcription job of each message (one per message): pending → running → done | failed, retried with
 * exponential backoff; a job left running by a crash is pending again at the next start.
 */
export const transcriptionJobs = sqliteTable(
  'transcription_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    voicemailId: integer('voicemail_id')
      .notNull()
      .unique()
      .references(() => voicemails.id),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    lastError: text('last_error'),
    createdAt: createdAt('created_at'),
  },
  (table) => [index('transcription_jobs_due_idx').on(table.status, table.nextAttemptAt)],
);
