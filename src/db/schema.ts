// The database schema (drizzle). Migrations in src/db/migrations are generated from this file.
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { CALL_OUTCOMES } from '../calls/call-store.ts';
import { CALLBACK_SOURCES, CALLBACK_STATUSES } from '../callbacks/callback-model.ts';
import { CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, COLOURS, ROLES, SATISFACTIONS, STAGES, URGENCIES } from '../cases/case-model.ts';
import { AGENT_STATUSES } from '../live/agent-status.ts';

import { createdAt } from './schema-columns.ts';

/** The department tree: the centre, the two bureaus, their district branches. */
export const departments = sqliteTable(
  'departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => departments.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [index('departments_parent_idx').on(table.parentId)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
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
  /** A department handler works the cases of this department only. */
  departmentId: integer('department_id').references(() => departments.id),
  /** Wrong passwords in a row since the last login or lock; reaching HOTLINE_LOCKOUT_FAILURES locks the account. */
  failedLogins: integer('failed_logins').notNull().default(0),
  /** Until when (ISO, UTC) logins are refused after too many wrong passwords; an admin may lift it sooner. */
  lockedUntil: text('locked_until'),
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
    /** What the caller chose in the IVR menu (consultation, complaint, report, progress, callback…). */
    intent: text('intent'),
    /** IVR nodes the caller went through, space-separated. */
    path: text('path').notNull().default(''),
    enteredAt: text('entered_at').notNull(),
    queuedAt: text('queued_at'),
    ringAt: text('ring_at'),
    answeredAt: text('answered_at'),
    endedAt: text('ended_at'),
    agentUserId: integer('agent_user_id').references(() => users.id),
    outcome: text('outcome', { enum: CALL_OUTCOMES })
      .notNull()
      .default('in-progress'),
    /** When the caller left the queue (answered, gave up, or the longest wait ran out). */
    leftQueueAt: text('left_queue_at'),
    /** Seconds in the queue before an answer or an abandon, as Asterisk counts them (HoldTime). */
    holdSeconds: integer('hold_seconds'),
    /** Seconds talked with the operator (AgentComplete TalkTime). */
    talkSeconds: integer('talk_seconds'),
    /** Seconds of the operator's wrap-up (后处理) after the call. */
    wrapUpSeconds: integer('wrap_up_seconds'),
    /** inbound: a citizen's call; callback: the placeholder that served a call-back (left out of the KPIs). */
    direction: text('direction', { enum: ['inbound', 'callback'] }).notNull().default('inbound'),
    /** The operator said this call needs no case (a wrong number, silence). */
    noCaseNeeded: integer('no_case_needed', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    index('calls_caller_idx').on(table.caller),
    index('calls_queued_idx').on(table.queuedAt),
    index('calls_agent_answered_idx').on(table.agentUserId, table.answeredAt),
  ],
);

/** Every change of an operator's state as the live model saw it (for reports: login, pause, wrap-up time). */
export const agentStateChanges = sqliteTable(
  'agent_state_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id),
    agentInterface: text('agent_interface').notNull(),
    state: text('state', { enum: AGENT_STATUSES }).notNull(),
    reason: text('reason'),
    at: text('at').notNull(),
  },
  (table) => [index('agent_state_changes_at_idx').on(table.at), index('agent_state_changes_user_idx').on(table.userId, table.at)],
);

/** What people did with other people's work: listen/whisper/barge, forcing an operator's state, and more. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt('at'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    targetUserId: integer('target_user_id').references(() => users.id),
    /** JSON: what the action was about (mode, state, reason, call). */
    details: text('details'),
  },
  (table) => [index('audit_events_at_idx').on(table.at)],
);

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('draft'),
    /** Unknown while a call's draft is being filled in; required to register. */
    kind: text('kind', { enum: CASE_KINDS }),
    channel: text('channel', { enum: CASE_CHANNELS }).notNull().default('phone'),
    /** The citizen's phone (indexed: the screen pop and the IVR look cases up by it). */
    callerPhone: text('caller_phone'),
    citizenName: text('citizen_name'),
    citizenAddress: text('citizen_address'),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    /** Informant details are masked for everyone but the registering operator and supervisors. */
    confidential: integer('confidential', { mode: 'boolean' }).notNull().default(false),
    lang: text('lang', { enum: ['zh', 'en'] }).notNull(),
    subject: text('subject'),
    description: text('description'),
    productCategory: text('product_category'),
    product: text('product'),
    enterpriseName: text('enterprise_name'),
    enterpriseAddress: text('enterprise_address'),
    place: text('place'),
    /** Money in fen (1/100 yuan), so sums are exact. */
    goodsValueFen: integer('goods_value_fen'),
    lossesRecoveredFen: integer('losses_recovered_fen'),
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('normal'),
    departmentId: integer('department_id').references(() => departments.id),
    callId: integer('call_id').references(() => calls.id),
    transferSource: text('transfer_source'),
    transferReference: text('transfer_reference'),
    createdBy: integer('created_by').references(() => users.id),
    registeredBy: integer('registered_by').references(() => users.id),
    handlingResult: text('handling_result'),
    reply: text('reply'),
    satisfaction: text('satisfaction', { enum: SATISFACTIONS }),
    mergedInto: integer('merged_into').references((): AnySQLiteColumn => cases.id),
    /** The overall handling deadline (set at registration, moved by approved extensions). */
    dueAt: text('due_at'),
    /** The current step's deadline: registration decision, sign-for, or return visit. */
    stage: text('stage', { enum: STAGES }),
    stageStartedAt: text('stage_started_at'),
    stageDueAt: text('stage_due_at'),
    colour: text('colour', { enum: COLOURS }),
    /** When the colour can next change (a deadline turning yellow or red); the escalation job looks only at cases due. */
    nextCheckAt: text('next_check_at'),
    createdAt: createdAt(),
    registeredAt: text('registered_at'),
    closedAt: text('closed_at'),
    updatedAt: text('updated_at').$onUpdate(() => new Date().toISOString()),
  },
  (table) => [
    index('cases_caller_phone_idx').on(table.callerPhone),
    uniqueIndex('cases_call_idx').on(table.callId),
    index('cases_status_idx').on(table.status),
    index('cases_department_idx').on(table.departmentId, table.status),
    index('cases_colour_idx').on(table.colour),
    index('cases_next_check_idx').on(table.nextCheckAt),
    index('cases_due_idx').on(table.dueAt),
    index('cases_stage_due_idx').on(table.stageDueAt),
    index('cases_enterprise_idx').on(table.enterpriseName),
    index('cases_created_idx').on(table.createdAt),
  ],
);

/** The audit trail: who did what to a case, when and why. Append-only (triggers refuse edits). */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    reason: text('reason'),
    /** JSON of what changed (fields, department, deadline…). */
    details: text('details'),
    at: createdAt(),
  },
  (table) => [index('case_events_case_idx').on(table.caseId, table.id)],
);

export const extensionRequests = sqliteTable(
  'extension_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    extraWorkingDays: integer('extra_working_days').notNull(),
    reason: text('reason').notNull(),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: createdAt(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
  },
  (table) => [index('extension_requests_case_idx').on(table.caseId)],
);

/** 督办: overdue cases (found by the escalation job) and supervisors' own escalations. */
export const supervisionRecords = sqliteTable(
  'supervision_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ['overdue', 'manual'] }).notNull(),
    /** Which deadline was missed (ISO), so one deadline is escalated once. */
    deadline: text('deadline'),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    resolvedAt: text('resolved_at'),
  },
  (table) => [uniqueIndex('supervision_deadline_idx').on(table.caseId, table.kind, table.deadline)],
);

/**
 * A citizen to call back: booked in the IVR (option 5), from the queue (keeping the caller's place), on
 * overflow, from an abandoned call or from a desk. Served by a placeholder in the queue at the caller's
 * place (`anchorAt`); the operator's phone rings first, then the citizen is dialled.
 */
export const callbackRequests = sqliteTable(
  'callback_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id').references(() => calls.id),
    number: text('number').notNull(),
    lang: text('lang', { enum: ['zh', 'en'] }).notNull(),
    intent: text('intent'),
    status: text('status', { enum: CALLBACK_STATUSES }).notNull().default('pending'),
    requestedAt: createdAt('requested_at'),
    /** The queue that serves it (the caller's language). */
    queue: text('queue'),
    source: text('source', { enum: CALLBACK_SOURCES }).notNull().default('ivr'),
    /** Where in line it stands: the moment the caller joined (or asked); earlier anchors are served first. */
    anchorAt: text('anchor_at'),
    attempts: integer('attempts').notNull().default(0),
    /** When it may be placed in the queue (next attempt). */
    nextAttemptAt: text('next_attempt_at'),
    /** The placeholder channel standing in the queue now. */
    placeholderUniqueid: text('placeholder_uniqueid'),
    /** The last dial result: ANSWER, NOANSWER, BUSY… */
    lastDialStatus: text('last_dial_status'),
    agentUserId: integer('agent_user_id').references(() => users.id),
    caseId: integer('case_id').references(() => cases.id),
    updatedAt: text('updated_at'),
  },
  (table) => [
    index('callback_requests_status_idx').on(table.status, table.id),
    index('callback_requests_number_idx').on(table.number, table.status),
    index('callback_requests_due_idx').on(table.status, table.nextAttemptAt),
  ],
);


// Recordings, messages and their transcription jobs: schema-audio.ts.
export * from './schema-audio.ts';

/** Admin-editable settings (the time-limit table), as JSON by key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: createdAt('updated_at'),
});

/** The last case sequence handed out per day (YYMMDD). */
export const caseSequences = sqliteTable('case_sequences', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});
export * from './schema-desk.ts';
export * from './schema-call-control.ts';
