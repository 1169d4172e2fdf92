// CaseStore over SQLite: daily sequence and draft insert in one transaction; prepared statements.
import type Database from 'better-sqlite3';
import type { CaseKind } from '../cases/case-model.ts';
import type { Language } from '../config.ts';
import type { CaseStore, CaseSummary } from '../cases/case-store.ts';
import { allocateCaseNumber } from './case-numbers.ts';
import type { Db } from './database.ts';

const SUMMARY = `number, status, kind, lang, created_at as createdAt`;

export class CaseRepository implements CaseStore {
  readonly #byCall: Database.Statement<[number], CaseSummary>;
  readonly #insertDraft: Database.Statement;
  readonly #insertCreated: Database.Statement;
  readonly #history: Database.Statement<[string, string, number], CaseSummary>;
  readonly #draftForCall: Database.Transaction<(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }) => CaseSummary>;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.#byCall = sqlite.prepare(`select ${SUMMARY} from cases where call_id = ?`);
    // Like every case, a call's draft starts its audit trail with "create" (by the system, from the call).
    this.#insertCreated = sqlite.prepare(
      `insert into case_events (case_id, action, from_status, to_status, actor_user_id, details)
       select id, 'create', null, 'draft', null, json_object('channel', 'phone', 'callId', call_id) from cases where call_id = ?`,
    );
    this.#insertDraft = sqlite.prepare(
      `insert into cases (number, status, kind, caller_phone, lang, call_id) values (@number, 'draft', @kind, @callerPhone, @lang, @callId)`,
    );
    this.#history = sqlite.prepare(
      `select ${SUMMARY} from cases where caller_phone = ? and number <> ? order by created_at desc, id desc limit ?`,
    );
    this.#draftForCall = sqlite.transaction((call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }) => {
      const existing = this.#byCall.get(call.callId);
      if (existing) return existing;
      const number = allocateCaseNumber(sqlite, call.at);
      this.#insertDraft.run({ number, kind: call.kind, callerPhone: call.callerPhone, lang: call.lang, callId: call.callId });
      this.#insertCreated.run(call.callId);
      return this.#byCall.get(call.callId)!;
    });
  }

  draftForCall(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }): CaseSummary {
    return this.#draftForCall.immediate(call);
  }

  historyForPhone(phone: string, excludeNumber: string, limit: number): CaseSummary[] {
    return this.#history.all(phone, excludeNumber, limit);
  }
}
