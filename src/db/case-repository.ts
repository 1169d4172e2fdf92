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
  readonly #history: Database.Statement<[string, string, number], CaseSummary>;
  readonly #draftForCall: Database.Transaction<(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }) => CaseSummary>;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.#byCall = sqlite.prepare(`select ${SUMMARY} from cases where call_id = ?`);
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
