// Call control's records over SQLite: click-to-call dial-outs, transfers, and the dial-out allow-list (kept in
// the settings table like the other admin settings: validated when written and when read, cached until written).
import type Database from 'better-sqlite3';
import { DEFAULT_DIAL_OUT_PATTERNS, validateDialOutPatterns } from '../calls/call-control-dial-out.ts';
import type { TransferTarget } from '../calls/call-control-model.ts';
import type { CallControlStore, DialOutRecord } from '../calls/call-control-ports.ts';
import { describeTarget } from '../calls/call-control-model.ts';
import type { Db } from './database.ts';

const DIAL_OUT_SETTING = 'dial-out-patterns';
const DIAL_OUT_COLUMNS = 'id, user_id as userId, extension, number, case_id as caseId, operator_uniqueid as operatorUniqueid, outcome';

export interface DialOutRow extends DialOutRecord {
  requestedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  dialStatus: string | null;
}

export interface TransferRow {
  id: number;
  at: string;
  userId: number;
  action: string;
  targetKind: string | null;
  target: string | null;
  callId: number | null;
  dialOutId: number | null;
  caseId: number | null;
}

export class CallControlRepository implements CallControlStore {
  readonly #insertDialOut: Database.Statement;
  readonly #byOperatorUniqueid: Database.Statement<[string], DialOutRecord>;
  readonly #insertTransfer: Database.Statement;
  #patterns: readonly string[] | undefined;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.#insertDialOut = sqlite.prepare(
      `insert into dial_outs (user_id, extension, number, case_id, operator_uniqueid) values (@userId, @extension, @number, @caseId, @operatorUniqueid)`,
    );
    this.#byOperatorUniqueid = sqlite.prepare(`select ${DIAL_OUT_COLUMNS} from dial_outs where operator_uniqueid = ?`);
    this.#insertTransfer = sqlite.prepare(
      `insert into call_transfers (user_id, action, target_kind, target, citizen_uniqueid, call_id, dial_out_id, case_id)
       values (@userId, @action, @targetKind, @target, @citizenUniqueid, @callId, @dialOutId, @caseId)`,
    );
  }

  createDialOut(row: { userId: number; extension: string; number: string; caseId: number | null; operatorUniqueid: (id: number) => string }): DialOutRecord {
    return this.db.$client.transaction(() => {
      // the channel id names the row; a placeholder makes the row exist first
      const placeholder = `pending-${process.pid}-${Date.now()}-${Math.random()}`;
      const id = Number(this.#insertDialOut.run({ ...row, operatorUniqueid: placeholder }).lastInsertRowid);
      // named once: the name may carry the time, and a second call in the next millisecond named another row
      const operatorUniqueid = row.operatorUniqueid(id);
      this.db.$client.prepare('update dial_outs set operator_uniqueid = ? where id = ?').run(operatorUniqueid, id);
      return this.#byOperatorUniqueid.get(operatorUniqueid)!;
    })();
  }

  dialOutByOperatorUniqueid(uniqueid: string): DialOutRecord | undefined {
    return this.#byOperatorUniqueid.get(uniqueid);
  }

  dialOut(id: number): DialOutRow | undefined {
    return this.db.$client
      .prepare(`select ${DIAL_OUT_COLUMNS}, requested_at as requestedAt, answered_at as answeredAt, ended_at as endedAt, dial_status as dialStatus from dial_outs where id = ?`)
      .get(id) as DialOutRow | undefined;
  }

  updateDialOut(id: number, changes: { outcome?: string; dialStatus?: string; answeredAt?: string; endedAt?: string }): void {
    const columns: Record<string, string> = { outcome: 'outcome', dialStatus: 'dial_status', answeredAt: 'answered_at', endedAt: 'ended_at' };
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    this.db.$client.prepare(`update dial_outs set ${entries.map(([key]) => `${columns[key]} = ?`).join(', ')} where id = ?`).run(...entries.map(([, value]) => value), id);
  }

  recordTransfer(row: { userId: number; action: string; target: TransferTarget | null; citizenUniqueid: string | null; callId: number | null; dialOutId: number | null; caseId: number | null }): void {
    const { target, ...rest } = row;
    this.#insertTransfer.run({ ...rest, targetKind: target?.kind ?? null, target: target ? describeTarget(target) : null });
  }

  /** The steps taken on a call (a citizen's call by calls.id, or a dial-out by its id), oldest first. */
  transfers(of: { callId?: number; dialOutId?: number }): TransferRow[] {
    const [column, id] = of.callId !== undefined ? ['call_id', of.callId] : ['dial_out_id', of.dialOutId];
    return this.db.$client
      .prepare(
        `select id, at, user_id as userId, action, target_kind as targetKind, target, call_id as callId, dial_out_id as dialOutId, case_id as caseId
           from call_transfers where ${column} = ? order by id`,
      )
      .all(id) as TransferRow[];
  }

  /** The admin's allow-list, else the defaults. */
  dialOutPatterns(): readonly string[] {
    if (!this.#patterns) {
      const row = this.db.$client.prepare('select value from settings where key = ?').get(DIAL_OUT_SETTING) as { value: string } | undefined;
      this.#patterns = Object.freeze(row ? validateDialOutPatterns(JSON.parse(row.value)) : [...DEFAULT_DIAL_OUT_PATTERNS]);
    }
    return this.#patterns;
  }

  setDialOutPatterns(input: unknown): readonly string[] {
    const patterns = validateDialOutPatterns(input);
    this.db.$client
      .prepare(
        `insert into settings (key, value) values (?, ?)
         on conflict(key) do update set value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
      )
      .run(DIAL_OUT_SETTING, JSON.stringify(patterns));
    this.#patterns = undefined;
    return this.dialOutPatterns();
  }
}
