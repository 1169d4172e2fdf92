// The database schema (drizzle). Migrations in src/db/migrations are generated from this file.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['operator', 'supervisor', 'handler', 'admin', 'exchange'] }).notNull(),
  /** The operator's phone: PJSIP endpoint number, e.g. 1001. */
  extension: text('extension').unique(),
  /** Comma-separated language skills, e.g. "zh,en". */
  languages: text('languages').notNull().default('zh'),
  /** What the operator asked to be; Asterisk's queue membership is the truth of what they are. */
  desiredAgentState: text('desired_agent_state', { enum: ['offline', 'available', 'paused'] })
    .notNull()
    .default('offline'),
  pauseReason: text('pause_reason'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const calls = sqliteTable(
  'calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    uniqueid: text('uniqueid').notNull().unique(),
    linkedid: text('linkedid').notNull(),
    caller: text('caller').notNull(),
    lang: text('lang', { enum: ['zh', 'en'] }),
    queue: text('queue'),
    /** IVR nodes the caller went through, space-separated. */
    path: text('path').notNull().default(''),
    enteredAt: text('entered_at').notNull(),
    queuedAt: text('queued_at'),
    ringAt: text('ring_at'),
    answeredAt: text('answered_at'),
    endedAt: text('ended_at'),
    agentUserId: integer('agent_user_id').references(() => users.id),
    outcome: text('outcome', { enum: ['in-progress', 'answered', 'abandoned', 'ended-in-ivr'] })
      .notNull()
      .default('in-progress'),
  },
  (table) => [index('calls_caller_idx').on(table.caller)],
);

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    status: text('status', { enum: ['draft'] }).notNull().default('draft'),
    callerPhone: text('caller_phone'),
    lang: text('lang', { enum: ['zh', 'en'] }).notNull(),
    callId: integer('call_id').references(() => calls.id),
    createdAt: createdAt(),
  },
  (table) => [index('cases_caller_phone_idx').on(table.callerPhone), uniqueIndex('cases_call_idx').on(table.callId)],
);

/** The last case sequence handed out per day (YYMMDD). */
export const caseSequences = sqliteTable('case_sequences', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});
