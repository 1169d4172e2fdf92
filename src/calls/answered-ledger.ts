// Calls an operator answered while this server could not see it — killed, restarting, its AMI link down. The
// events of those calls are gone (AMI does not replay them), so the dialplan keeps its own ledger: every
// answer is written to astdb (dialplan/extensions.conf, [hotline-answered]), one family per UTC day, three
// days kept. After every AMI (re)connect the server reads the ledger and gives each answered call what the
// events would have given it: the call record (created if the server never saw the call), its answer and
// operator, and the call's draft case, taken by that operator. Idempotent: an answer the server saw costs
// one read, and reading the ledger twice changes nothing.
import type { Language } from '../config.ts';
import { CASE_KINDS, type CaseKind, type CaseRecord } from '../cases/case-model.ts';
import { citizenPhone } from '../cases/case-store.ts';
import type { Logger } from '../log.ts';
import type { CallStore } from './call-store.ts';

export const LEDGER_FAMILY_PREFIX = 'hotline-answered-';
/** The dialplan drops the family of three days before each answer. */
export const LEDGER_DAYS = 3;

export interface AnsweredEntry {
  uniqueid: string;
  answeredAt: Date;
  agentInterface: string;
  lang: Language;
  caller: string;
  intent: string | null;
  path: string | null;
  enteredAt: Date;
}

/** The astdb families of the ledger that may hold answers, newest first: hotline-answered-YYYYMMDD (UTC). */
export function ledgerFamilies(now: Date, days = LEDGER_DAYS): string[] {
  return Array.from({ length: days }, (_, back) => `${LEDGER_FAMILY_PREFIX}${new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')}`);
}

/** One entry: key /hotline-answered-YYYYMMDD/<uniqueid>, value <answered>|<interface>|<lang>|<caller>|<intent>|<path>|<entered> (epochs in seconds). */
export function parseAnsweredEntry(key: string, value: string): AnsweredEntry | undefined {
  const uniqueid = key.split('/').pop() ?? '';
  const [answered, agentInterface = '', lang = '', caller = '', intent = '', path = '', entered = ''] = value.split('|');
  const answeredSeconds = Number(answered);
  if (!/^\d+\.\d+$/.test(uniqueid) || !Number.isFinite(answeredSeconds) || answeredSeconds <= 0 || !agentInterface) return undefined;
  const enteredSeconds = Number(entered);
  return {
    uniqueid,
    answeredAt: new Date(answeredSeconds * 1000),
    agentInterface,
    lang: lang === 'en' ? 'en' : 'zh',
    caller,
    intent: intent || null,
    path: path || null,
    enteredAt: new Date((Number.isFinite(enteredSeconds) && enteredSeconds > 0 && entered !== '' ? enteredSeconds : answeredSeconds) * 1000),
  };
}

export interface LedgerCases {
  draftForCall(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }): CaseRecord;
  callAnswered(callId: number, userId: number): unknown;
  readonly registry: { byCallId(callId: number): CaseRecord | undefined };
}

export class AnsweredLedger {
  constructor(
    private readonly read: () => Promise<{ key: string; value: string }[]>,
    private readonly calls: CallStore,
    private readonly cases: LedgerCases,
    private readonly userIdOfInterface: (agentInterface: string) => number | undefined,
    private readonly queueOfLanguage: (lang: Language) => string,
    private readonly log: Logger,
    /** When this database took over the line: an older answer of a call it never saw is another database's. */
    private readonly since: Date = new Date(0),
  ) {}

  /** Applies the ledger; returns the uniqueids of the calls it completed (answers the server had missed). */
  async reconcile(): Promise<string[]> {
    const completed: string[] = [];
    const entries = await this.read();
    for (const { key, value } of entries) {
      const entry = parseAnsweredEntry(key, value);
      if (!entry) {
        this.log.warn({ key, value }, 'unreadable entry in the ledger of answered calls: skipped');
        continue;
      }
      if (this.apply(entry)) completed.push(entry.uniqueid);
    }
    if (completed.length > 0) this.log.warn({ calls: completed.length, uniqueids: completed }, 'calls answered while the server could not see them: recorded from the ledger');
    this.log.info({ entries: entries.length, completed: completed.length }, 'ledger of answered calls read');
    return completed;
  }

  /** Whether the entry added anything (the server had missed the call, its answer or its case). */
  apply(entry: AnsweredEntry): boolean {
    let changed = false;
    let call = this.calls.byUniqueid(entry.uniqueid);
    // the ledger's times are whole seconds
    if (!call && entry.answeredAt.getTime() + 1000 <= this.since.getTime()) return false;
    if (!call) {
      call = this.calls.ensure({ uniqueid: entry.uniqueid, linkedid: entry.uniqueid, caller: entry.caller, enteredAt: entry.enteredAt.toISOString() });
      this.calls.update(entry.uniqueid, { lang: entry.lang, queue: this.queueOfLanguage(entry.lang), intent: entry.intent, queuedAt: entry.enteredAt.toISOString() });
      if (entry.path) this.calls.appendPath(entry.uniqueid, entry.path);
      changed = true;
    }
    const userId = this.userIdOfInterface(entry.agentInterface);
    if (!call.answeredAt) {
      this.calls.setOnce(entry.uniqueid, 'answeredAt', entry.answeredAt.toISOString());
      this.calls.update(entry.uniqueid, { outcome: 'answered', ...(userId ? { agentUserId: userId } : {}) });
      changed = true;
    }
    let draft = this.cases.registry.byCallId(call.id);
    if (!draft) {
      const intent = call.intent ?? entry.intent;
      const kind = (CASE_KINDS as readonly string[]).includes(intent ?? '') ? (intent as CaseKind) : null;
      draft = this.cases.draftForCall({ callId: call.id, callerPhone: citizenPhone(call.caller || entry.caller), lang: call.lang ?? entry.lang, kind, at: entry.answeredAt });
      changed = true;
    }
    // the operator who answered takes a draft nobody has taken (a later transfer's operator keeps theirs)
    if (userId && draft.status === 'draft' && draft.createdBy === null) {
      this.cases.callAnswered(call.id, userId);
      changed = true;
    }
    return changed;
  }
}
