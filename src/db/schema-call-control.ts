// Call control's records (re-exported by schema.ts: one schema for drizzle): the desk's click-to-call
// dial-outs, and every transfer, consult, three-way and hand-over made on a call, each with its case.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { calls, cases, users } from './schema.ts';
import { createdAt } from './schema-columns.ts';

export const DIAL_OUT_OUTCOMES = ['ringing-operator', 'operator-no-answer', 'dialling', 'answered', 'no-answer', 'busy', 'failed', 'ended'] as const;
export const CALL_CONTROL_ACTIONS = ['blind-transfer', 'consult', 'conference', 'complete', 'cancel'] as const;

/** A click-to-call: the operator's phone first, then the citizen through the trunk showing the hotline's number. */
export const dialOuts = sqliteTable(
  'dial_outs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    extension: text('extension').notNull(),
    number: text('number').notNull(),
    caseId: integer('case_id').references(() => cases.id),
    /** The operator's channel (Originate's ChannelId): its events carry it as Uniqueid. */
    operatorUniqueid: text('operator_uniqueid').notNull().unique(),
    requestedAt: createdAt('requested_at'),
    answeredAt: text('answered_at'),
    endedAt: text('ended_at'),
    outcome: text('outcome', { enum: DIAL_OUT_OUTCOMES }).notNull().default('ringing-operator'),
    /** Asterisk's DIALSTATUS of the citizen's leg (ANSWER, NOANSWER, BUSY, CONGESTION, CHANUNAVAIL…). */
    dialStatus: text('dial_status'),
  },
  (table) => [index('dial_outs_case_idx').on(table.caseId), index('dial_outs_user_idx').on(table.userId, table.requestedAt)],
);

/** One call-control step on a call, confirmed by Asterisk's events; on the call's record and in its case's trail. */
export const callTransfers = sqliteTable(
  'call_transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt('at'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    action: text('action', { enum: CALL_CONTROL_ACTIONS }).notNull(),
    /** operator / queue / external, and the extension, queue or number. */
    targetKind: text('target_kind', { enum: ['operator', 'queue', 'external'] }),
    target: text('target'),
    /** The citizen's channel. */
    citizenUniqueid: text('citizen_uniqueid'),
    callId: integer('call_id').references(() => calls.id),
    dialOutId: integer('dial_out_id').references(() => dialOuts.id),
    caseId: integer('case_id').references(() => cases.id),
  },
  (table) => [index('call_transfers_call_idx').on(table.callId), index('call_transfers_dial_out_idx').on(table.dialOutId), index('call_transfers_case_idx').on(table.caseId)],
);
