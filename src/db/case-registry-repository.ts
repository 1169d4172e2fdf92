// CaseRegistry on SQLite: prepared statements for lookups, FTS5 for free text (trigram; Han bigrams for two characters).
import type Database from 'better-sqlite3';
import type { Actor, CaseRecord, Colour } from '../cases/case-model.ts';
import { SEARCH_COUNT_CAP, type CaseEvent, type CaseEventInput, type CaseQuery, type CaseRegistry, type CaseSearchResult, type Durability, type ExtensionRequest, type NewCase, type SupervisionEntry } from '../cases/case-registry.ts';
import type { CaseSummary } from '../cases/case-store.ts';
import { isHanPair } from './bigrams.ts';
import { allocateCaseNumber } from './case-numbers.ts';
import { withoutFsync, type Db } from './database.ts';
import { prepared } from './statement-cache.ts';

const COLUMN: Record<keyof CaseRecord, string> = {
  id: 'id', number: 'number', status: 'status', kind: 'kind', channel: 'channel', callerPhone: 'caller_phone',
  citizenName: 'citizen_name', citizenAddress: 'citizen_address', anonymous: 'anonymous', confidential: 'confidential',
  lang: 'lang', subject: 'subject', description: 'description', productCategory: 'product_category', product: 'product',
  enterpriseName: 'enterprise_name', enterpriseAddress: 'enterprise_address', place: 'place', goodsValueFen: 'goods_value_fen',
  lossesRecoveredFen: 'losses_recovered_fen', urgency: 'urgency', departmentId: 'department_id', callId: 'call_id',
  transferSource: 'transfer_source', transferReference: 'transfer_reference', createdBy: 'created_by', registeredBy: 'registered_by',
  handlingResult: 'handling_result', reply: 'reply', satisfaction: 'satisfaction', mergedInto: 'merged_into', dueAt: 'due_at',
  stage: 'stage', stageStartedAt: 'stage_started_at', stageDueAt: 'stage_due_at', colour: 'colour', nextCheckAt: 'next_check_at', createdAt: 'created_at',
  registeredAt: 'registered_at', closedAt: 'closed_at', updatedAt: 'updated_at',
};
const SELECT = `select ${Object.entries(COLUMN).map(([field, column]) => `c.${column} as "${field}"`).join(', ')} from cases c`;

type Row = Omit<CaseRecord, 'anonymous' | 'confidential'> & { anonymous: number; confidential: number };
const fromRow = (row: Row | undefined): CaseRecord | undefined =>
  row && { ...row, anonymous: Boolean(row.anonymous), confidential: Boolean(row.confidential) };
const toSql = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null));

/** A user's text as one FTS5 string: quotes doubled, so it is matched literally. */
export const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
const FTS_COLUMNS = ['subject', 'description', 'enterprise_name', 'product', 'product_category', 'place'];
/** A LIKE pattern finding `text` anywhere, its wildcards escaped. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
/** Cases one of whose messages' transcripts (the engine's or the correction) contains `text`. */
function saidSql(text: string): { sql: string; params: string[] } {
  if ([...text].length >= 3) {
    return { sql: `c.id in (select case_id from voicemails where id in (select rowid from voicemails_fts where voicemails_fts match ?))`, params: [ftsPhrase(text)] };
  }
  const pattern = likePattern(text);
  return { sql: `c.id in (select case_id from voicemails where transcript like ? escape '\\' or transcript_corrected like ? escape '\\')`, params: [pattern, pattern] };
}

/**
 * seesInformant (cases/masking.ts) as SQL: cases whose informant `actor` may see. Searching by a masked
 * field (the phone) goes through it, so a search cannot tell who stands behind a confidential case.
 */
export function informantVisibleSql(actor: Actor): { sql: string; params: number[] } {
  if (actor.role === 'supervisor') return { sql: '1 = 1', params: [] };
  if (actor.role === 'operator') {
    return { sql: '(c.confidential = 0 or c.registered_by = ? or (c.registered_by is null and c.created_by = ?))', params: [actor.id, actor.id] };
  }
  return { sql: 'c.confidential = 0', params: [] };
}

const SUMMARY = `c.number, c.status, c.kind, c.lang, c.created_at as createdAt, c.due_at as dueAt, c.colour`;

export class CaseRegistryRepository implements CaseRegistry {
  readonly #sqlite: Database.Database;
  readonly #byNumber: Database.Statement<[string], Row>;
  readonly #byId: Database.Statement<[number], Row>;
  readonly #insertEvent: Database.Statement;
  readonly #history: Database.Statement<[number], CaseEvent & { details: string | null }>;
  readonly #byCallId: Database.Statement<[number], Row>;
  readonly #dueForCheck: Database.Statement;
  readonly #setTiming: Database.Statement;

  constructor(db: Db) {
    this.#sqlite = db.$client;
    this.#byNumber = this.#sqlite.prepare(`${SELECT} where c.number = ?`);
    this.#byId = this.#sqlite.prepare(`${SELECT} where c.id = ?`);
    this.#byCallId = this.#sqlite.prepare(`${SELECT} where c.call_id = ?`);
    // Only cases whose colour can have changed: the index on next_check_at, never a scan of every open case.
    this.#dueForCheck = this.#sqlite.prepare(
      `${SELECT} where c.next_check_at <= ? and c.status not in ('closed', 'not-accepted', 'merged') order by c.next_check_at limit ?`,
    );
    this.#setTiming = this.#sqlite.prepare(`update cases set colour = ?, next_check_at = ? where id = ?`);
    this.#insertEvent = this.#sqlite.prepare(
      `insert into case_events (case_id, action, from_status, to_status, actor_user_id, reason, details)
       values (@caseId, @action, @fromStatus, @toStatus, @actorUserId, @reason, @details)`,
    );
    this.#history = this.#sqlite.prepare(
      `select e.id, e.action, e.from_status as fromStatus, e.to_status as toStatus, e.actor_user_id as actorUserId, u.display_name as actor,
              e.reason, e.details, e.created_at as at
         from case_events e left join users u on u.id = e.actor_user_id where e.case_id = ? order by e.id`,
    );
  }

  transaction<T>(work: () => T, durability: Durability = 'power-cut'): T {
    const transaction = this.#sqlite.transaction(work);
    return durability === 'crash' ? withoutFsync(this.#sqlite, () => transaction.immediate()) : transaction.immediate();
  }

  byNumber(number: string): CaseRecord | undefined {
    return fromRow(this.#byNumber.get(number));
  }

  byId(id: number): CaseRecord | undefined {
    return fromRow(this.#byId.get(id));
  }

  byCallId(callId: number): CaseRecord | undefined {
    return fromRow(this.#byCallId.get(callId));
  }

  historyForPhone(phone: string, excludeNumber: string | null, limit: number, viewer: Actor): CaseSummary[] {
    const visible = informantVisibleSql(viewer);
    return prepared(
      this.#sqlite,
      `select ${SUMMARY} from cases c where c.caller_phone = ? and c.number is not ? and ${visible.sql} order by c.created_at desc, c.id desc limit ?`,
    ).all(phone, excludeNumber, ...visible.params, limit) as CaseSummary[];
  }

  allocateNumber(at: Date): string {
    return allocateCaseNumber(this.#sqlite, at);
  }

  create(fields: NewCase, at: Date, number = this.allocateNumber(at)): CaseRecord {
    const entries = Object.entries({ ...fields, number }).filter(([key]) => key in COLUMN) as [keyof CaseRecord, unknown][];
    // Prepared once per set of columns: a call's draft is created on the screen-pop path.
    const columns = entries.map(([key]) => COLUMN[key]).join(', ');
    const result = prepared(this.#sqlite, `insert into cases (${columns}) values (${entries.map(() => '?').join(', ')})`).run(...entries.map(([, value]) => toSql(value)));
    return this.byId(Number(result.lastInsertRowid))!;
  }

  update(id: number, changes: Partial<CaseRecord>): CaseRecord {
    const entries = Object.entries(changes).filter(([key, value]) => key in COLUMN && key !== 'id' && value !== undefined) as [keyof CaseRecord, unknown][];
    entries.push(['updatedAt', new Date().toISOString()]);
    prepared(this.#sqlite, `update cases set ${entries.map(([key]) => `${COLUMN[key]} = ?`).join(', ')} where id = ?`)
      .run(...entries.map(([, value]) => toSql(value)), id);
    return this.byId(id)!;
  }

  appendEvent(caseId: number, event: CaseEventInput): void {
    this.#insertEvent.run({
      caseId,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorUserId: event.actorUserId,
      reason: event.reason ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
    });
  }

  history(caseId: number): CaseEvent[] {
    return this.#history.all(caseId).map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : undefined }));
  }

  search(query: CaseQuery): CaseSearchResult {
    const where: string[] = [];
    const params: unknown[] = [];
    const equal = (column: string, value: unknown) => {
      if (value === undefined) return;
      where.push(`c.${column} = ?`);
      params.push(value);
    };
    equal('number', query.number);
    equal('caller_phone', query.phone);
    if (query.phone !== undefined && query.viewer) {
      const visible = informantVisibleSql(query.viewer);
      where.push(visible.sql);
      params.push(...visible.params);
    }
    equal('status', query.status);
    equal('kind', query.kind);
    equal('department_id', query.departmentId);
    equal('colour', query.colour);
    equal('department_id', query.onlyDepartmentId);
    equal('created_by', query.onlyCreatedBy);
    if (query.mineOf !== undefined) {
      where.push(`(c.created_by = ? or c.registered_by = ?)`);
      params.push(query.mineOf, query.mineOf);
    }
    if (query.openOnly) where.push(`c.status not in ('draft', 'closed', 'not-accepted', 'merged')`);
    // A text of 3+ characters goes through the trigram index, two Han characters (电池) through the bigram
    // index; one such text drives the query (below), others filter.
    const indexOf = (value: string): 'cases_fts' | 'cases_bigrams' | undefined =>
      [...value].length >= 3 ? 'cases_fts' : isHanPair(value) ? 'cases_bigrams' : undefined;
    const indexed = [query.text, query.enterprise].filter((value) => value && indexOf(value));
    let driving: { table: 'cases_fts' | 'cases_bigrams'; match: string; said?: { sql: string; params: string[] } } | undefined;
    // withTranscripts: the words of the case's messages count too (the engine's text and any correction).
    const text = (value: string | undefined, columns: string[], withTranscripts = false) => {
      if (!value) return;
      const table = indexOf(value);
      const said = withTranscripts ? saidSql(value) : undefined;
      if (table) {
        const match = columns.length === FTS_COLUMNS.length ? ftsPhrase(value) : `{${columns.join(' ')}} : ${ftsPhrase(value)}`;
        if (indexed.length === 1) {
          driving = { table, match, said };
          return;
        }
        const own = `c.id in (select rowid from ${table} where ${table} match ?)`;
        where.push(said ? `(${own} or ${said.sql})` : own);
        params.push(match, ...(said?.params ?? []));
      } else {
        // One character, or two that are not both Han: a scan of the text columns, newest first, so a
        // common one fills its page (and the capped count) long before the end of the table.
        const scans = columns.map((column) => `c.${column} like ? escape '\\'`);
        if (said) scans.push(said.sql);
        where.push(`(${scans.join(' or ')})`);
        params.push(...columns.map(() => likePattern(value)), ...(said?.params ?? []));
      }
    };
    text(query.enterprise, ['enterprise_name']);
    text(query.text, FTS_COLUMNS, true);
    const offset = (query.page - 1) * query.pageSize;
    const filters = where.map((condition) => ` and ${condition}`).join('');
    if (driving) {
      // The index streams its matches newest first (rowid order), so a page and a capped count stop early
      // instead of collecting every match; a message's words (few) are added by a union.
      const { table, match, said } = driving;
      const own = `select c.id as id from ${table} f join cases c on c.id = f.rowid where f.${table} match ?${filters}`;
      const saidCases = said && `select c.id as id from cases c where ${said.sql}${filters}`;
      const newest = saidCases
        ? `select id from (${own} order by f.rowid desc limit ?) union ${saidCases} order by id desc limit ? offset ?`
        : `${own} order by f.rowid desc limit ? offset ?`;
      const pageParams = said
        ? [match, ...params, offset + query.pageSize, ...said.params, ...params, query.pageSize, offset]
        : [match, ...params, query.pageSize, offset];
      const ids = (this.#sqlite.prepare(newest).all(...pageParams) as { id: number }[]).map((row) => row.id);
      const rows = ids.length === 0 ? [] : (this.#sqlite.prepare(`${SELECT} where c.id in (${ids.map(() => '?').join(', ')}) order by c.id desc`).all(...ids) as Row[]);
      // Counted without the union's de-duplication: the index's matches (without a join when nothing else
      // filters), plus the cases only a message matched.
      const ownCount = this.#count(filters ? own : `select rowid from ${table} where ${table} match ?`, filters ? [match, ...params] : [match]);
      if (saidCases && !ownCount.totalCapped) {
        const saidOnly = `${saidCases} and not exists (select 1 from ${table} where ${table} match ? and rowid = c.id)`;
        const { total } = this.#count(saidOnly, [...said!.params, ...params, match]);
        ownCount.total = Math.min(SEARCH_COUNT_CAP, ownCount.total + total);
      }
      return { ...ownCount, items: rows.map((row) => fromRow(row)!) };
    }
    const clause = where.length > 0 ? ` where ${where.join(' and ')}` : '';
    const rows = this.#sqlite.prepare(`${SELECT}${clause} order by c.id desc limit ? offset ?`).all(...params, query.pageSize, offset) as Row[];
    return { ...this.#count(`select c.id from cases c${clause}`, params), items: rows.map((row) => fromRow(row)!) };
  }

  /** Exact up to SEARCH_COUNT_CAP; beyond it "at least" (a broad search need not count a million rows). */
  #count(matching: string, params: unknown[]): { total: number; totalCapped: boolean } {
    const { n } = this.#sqlite.prepare(`select count(*) as n from (${matching} limit ${SEARCH_COUNT_CAP + 1})`).get(...params) as { n: number };
    return n > SEARCH_COUNT_CAP ? { total: SEARCH_COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
  }

  dueForCheck(nowIso: string, limit: number): CaseRecord[] {
    return (this.#dueForCheck.all(nowIso, limit) as Row[]).map((row) => fromRow(row)!);
  }

  setTiming(id: number, timing: { colour: Colour | null; nextCheckAt: string | null }): void {
    this.#setTiming.run(timing.colour, timing.nextCheckAt, id);
  }

  openWithDeadlineFrom(fromIso: string, afterId: number, limit: number): CaseRecord[] {
    return (
      prepared(
        this.#sqlite,
        `${SELECT} where c.id > ? and c.status not in ('closed', 'not-accepted', 'merged')
           and c.id in (select id from cases where due_at >= ? union select id from cases where stage_due_at >= ?) order by c.id limit ?`,
      )
        .all(afterId, fromIso, fromIso, limit) as Row[]
    ).map((row) => fromRow(row)!);
  }

  addExtensionRequest(caseId: number, extraWorkingDays: number, reason: string, requestedBy: number): ExtensionRequest {
    const id = prepared(this.#sqlite, `insert into extension_requests (case_id, extra_working_days, reason, requested_by) values (?, ?, ?, ?)`)
      .run(caseId, extraWorkingDays, reason, requestedBy).lastInsertRowid;
    return this.extensionRequest(Number(id))!;
  }

  extensionRequest(id: number): ExtensionRequest | undefined {
    return prepared(
      this.#sqlite,
      `select id, case_id as caseId, extra_working_days as extraWorkingDays, reason, requested_by as requestedBy,
              created_at as requestedAt, status from extension_requests where id = ?`,
    )
      .get(id) as ExtensionRequest | undefined;
  }

  /** Extension requests waiting for a supervisor (of one department's cases, if given), oldest first. */
  pendingExtensions(onlyDepartmentId?: number): (ExtensionRequest & { caseNumber: string; requestedByName: string | null; dueAt: string | null })[] {
    return prepared(
      this.#sqlite,
      `select e.id, e.case_id as caseId, e.extra_working_days as extraWorkingDays, e.reason, e.requested_by as requestedBy, e.created_at as requestedAt,
              e.status, c.number as caseNumber, u.display_name as requestedByName, c.due_at as dueAt
         from extension_requests e join cases c on c.id = e.case_id left join users u on u.id = e.requested_by
        where e.status = 'pending' ${onlyDepartmentId === undefined ? '' : 'and c.department_id = ?'} order by e.id limit 500`,
    )
      .all(...(onlyDepartmentId === undefined ? [] : [onlyDepartmentId])) as (ExtensionRequest & { caseNumber: string; requestedByName: string | null; dueAt: string | null })[];
  }

  pendingExtension(caseId: number): ExtensionRequest | undefined {
    const row = prepared(this.#sqlite, `select id from extension_requests where case_id = ? and status = 'pending'`).get(caseId) as { id: number } | undefined;
    return row ? this.extensionRequest(row.id) : undefined;
  }

  decideExtension(id: number, status: 'approved' | 'rejected', decidedBy: number, at: Date): void {
    prepared(this.#sqlite, `update extension_requests set status = ?, decided_by = ?, decided_at = ? where id = ?`).run(status, decidedBy, at.toISOString(), id);
  }

  addSupervision(caseId: number, kind: 'overdue' | 'manual', deadline: string | null, note: string | null, createdBy: number | null): boolean {
    const result = prepared(this.#sqlite, `insert into supervision_records (case_id, kind, deadline, note, created_by) values (?, ?, ?, ?, ?) on conflict do nothing`)
      .run(caseId, kind, deadline, note, createdBy);
    return result.changes > 0;
  }

  openSupervision(onlyDepartmentId?: number): SupervisionEntry[] {
    return prepared(
      this.#sqlite,
      `select s.id, c.number as caseNumber, s.kind, s.deadline, s.note, s.created_at as createdAt, c.stage, c.status, c.department_id as departmentId
         from supervision_records s join cases c on c.id = s.case_id
        where s.resolved_at is null ${onlyDepartmentId === undefined ? '' : 'and c.department_id = ?'}
        order by s.id`,
    )
      .all(...(onlyDepartmentId === undefined ? [] : [onlyDepartmentId])) as SupervisionEntry[];
  }

  resolveSupervision(caseId: number, at: Date): void {
    prepared(this.#sqlite, `update supervision_records set resolved_at = ? where case_id = ? and resolved_at is null`).run(at.toISOString(), caseId);
  }

  departmentExists(id: number): boolean {
    return prepared(this.#sqlite, `select 1 from departments where id = ? and active = 1`).get(id) !== undefined;
  }
}
