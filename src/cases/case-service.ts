// Creating, editing, reading and finding cases, with the rules of who may do what.
import type { Language } from '../config.ts';
import { FINAL_STATUSES, type Actor, type CaseChannel, type CaseKind, type CaseRecord, type CaseStatus, type Urgency } from './case-model.ts';
import type { CaseQuery, CaseRegistry } from './case-registry.ts';
import type { DeadlineClock } from './deadlines.ts';
import { startOfLocalDay, type WorkingCalendar } from './working-days.ts';
import { CaseRuleError, canSee } from './lifecycle.ts';
import { maskedForActor, mayChangeConfidentiality, seesInformant } from './masking.ts';

/** The fields people type in; `citizenPhone` is stored as the indexed caller phone. */
export interface CaseFields {
  kind?: CaseKind | null;
  channel?: CaseChannel;
  lang?: Language;
  citizenName?: string | null;
  citizenPhone?: string | null;
  citizenAddress?: string | null;
  anonymous?: boolean;
  confidential?: boolean;
  subject?: string | null;
  description?: string | null;
  productCategory?: string | null;
  product?: string | null;
  enterpriseName?: string | null;
  enterpriseAddress?: string | null;
  place?: string | null;
  goodsValueFen?: number | null;
  lossesRecoveredFen?: number | null;
  urgency?: Urgency;
  transferSource?: string | null;
  transferReference?: string | null;
}

export class CaseNotFound extends Error {
  readonly statusCode = 404;
  constructor(number: string) {
    super(`no case ${number}`);
  }
}

/** States in which the centre still edits what the citizen said; later, only outcomes change. */
const EDITABLE: ReadonlySet<CaseStatus> = new Set(['draft', 'registered', 'returned']);
/** What identifies the informant: masked, and not editable, for those who may not see it. */
const INFORMANT_FIELDS = new Set<keyof CaseRecord>(['callerPhone', 'citizenName', 'citizenAddress', 'anonymous']);
/** Fields that stay editable while a department works the case (the money figures of the outcome). */
const OUTCOME_FIELDS = new Set<keyof CaseFields>(['lossesRecoveredFen', 'urgency']);

const toRecordFields = (fields: CaseFields): Partial<CaseRecord> => {
  const { citizenPhone, ...rest } = fields;
  return citizenPhone === undefined ? rest : { ...rest, callerPhone: citizenPhone };
};

export function caseView(record: CaseRecord, actor: Actor) {
  const { callerPhone, ...visible } = maskedForActor(actor, record);
  return { ...visible, citizenPhone: callerPhone };
}
export type CaseView = ReturnType<typeof caseView>;
/** What a screen pop shows of a call's draft. */
export type DraftView = Pick<CaseRecord, 'number' | 'status' | 'kind'>;

export class CaseService {
  constructor(
    readonly registry: CaseRegistry,
    readonly clock: DeadlineClock,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Finds a case the actor may see, or throws 404 (also for a case they may not see: its existence is not told) / 403. */
  visibleCase(number: string, actor: Actor): CaseRecord {
    if (actor.role === 'admin') throw new CaseRuleError(403, 'admins manage accounts and departments, not cases');
    const record = this.registry.byNumber(number);
    if (!record) throw new CaseNotFound(number);
    if (!canSee(actor, record)) throw new CaseNotFound(number);
    return record;
  }

  create(fields: CaseFields, actor: Actor): CaseRecord {
    if (!['operator', 'supervisor', 'exchange'].includes(actor.role)) {
      throw new CaseRuleError(403, `cases are created by operators, supervisors and exchange clients; you are ${actor.role}`);
    }
    const channel = fields.channel ?? (actor.role === 'exchange' ? 'transfer' : 'phone');
    if (actor.role === 'exchange' && channel !== 'transfer') throw new CaseRuleError(403, 'an exchange client can only transfer cases in (channel "transfer")');
    if (channel === 'transfer' && (!fields.transferSource || !fields.transferReference)) {
      throw new CaseRuleError(409, 'a transferred case needs transferSource and transferReference (the sender’s reference)');
    }
    return this.registry.transaction(() => this.#insert({ ...fields, channel }, actor.id, this.now(), { channel }));
  }

  /**
   * The draft case of a call, created the first time an operator's phone rings for it, through the same
   * path as every other case (deadlines by kind, a "create" event). The system creates it; the operator
   * who answers becomes its creator (see callAnswered), since the first phone to ring may not answer.
   * It is committed without waiting for a disk sync of its own: the sync was most of the pop's time
   * (bench:load), and the answer's "take" a few seconds later syncs the draft with it.
   *
   * `announce` gets the draft as soon as its number is taken, inside the transaction: the screen pop goes out
   * then, and the row, its trail, its deadlines and the commit (a case touches a dozen indexes) come after it.
   * A write that fails after that rolls back, number included, and throws. `announce` must not throw: what it
   * throws rolls the draft back too.
   */
  draftForCall(
    call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date },
    announce?: (draft: DraftView) => void,
  ): CaseRecord {
    return this.registry.transaction(() => {
      const existing = this.registry.byCallId(call.callId);
      if (existing) {
        announce?.(existing);
        return existing;
      }
      const number = this.registry.allocateNumber(call.at);
      announce?.({ number, status: 'draft', kind: call.kind });
      const fields = { channel: 'phone' as const, lang: call.lang, kind: call.kind, citizenPhone: call.callerPhone };
      return this.#insert(fields, null, call.at, { channel: 'phone', callId: call.callId }, call.callId, number);
    }, 'crash');
  }

  /** A call-back's outcome, in the history of its case (the request's own, or its original call's). */
  noteCallback(request: { id: number; caseId: number | null; callId: number | null; status: string; attempts: number; lastDialStatus: string | null; agentUserId: number | null }): void {
    this.registry.transaction(() => {
      const record = request.caseId ? this.registry.byId(request.caseId) : request.callId ? this.registry.byCallId(request.callId) : undefined;
      if (!record) return;
      this.registry.appendEvent(record.id, {
        action: 'callback',
        fromStatus: record.status,
        toStatus: record.status,
        actorUserId: request.agentUserId,
        details: { callbackId: request.id, outcome: request.status, attempts: request.attempts, lastDialStatus: request.lastDialStatus },
      });
    });
  }

  /**
   * The operator who answered a call takes its draft: they created it, so they see what they type. Like the
   * draft itself, call progress: no disk sync of its own on the answer's path (an fsync there held the
   * event loop ≈ 0.6 ms a call); the first save of what the caller says (power-cut durability) syncs both.
   */
  callAnswered(callId: number, userId: number): CaseRecord | undefined {
    return this.registry.transaction(() => {
      const draft = this.registry.byCallId(callId);
      if (!draft || draft.status !== 'draft' || draft.createdBy === userId) return draft;
      const taken = this.registry.update(draft.id, { createdBy: userId });
      this.registry.appendEvent(draft.id, { action: 'take', fromStatus: 'draft', toStatus: 'draft', actorUserId: userId, details: { callId, from: draft.createdBy } });
      return taken;
    }, 'crash');
  }

  #insert(fields: CaseFields & { channel: CaseChannel }, createdBy: number | null, now: Date, details: Record<string, unknown>, callId: number | null = null, number?: string): CaseRecord {
    const base = {
      kind: null,
      lang: 'zh' as Language,
      anonymous: false,
      confidential: false,
      urgency: 'normal' as Urgency,
      ...toRecordFields(fields),
      status: 'draft' as const,
      createdBy,
      departmentId: null,
      callId,
    };
    const deadlines = this.clock.received({ kind: base.kind ?? null, createdAt: now.toISOString() });
    const created = this.registry.create({ ...(base as Omit<CaseRecord, 'id'>), ...deadlines, ...this.clock.timing({ ...deadlines, registeredAt: null }, now) }, now, number);
    this.registry.appendEvent(created.id, { action: 'create', fromStatus: null, toStatus: 'draft', actorUserId: createdBy, details });
    return created;
  }

  update(number: string, fields: CaseFields, actor: Actor): CaseRecord {
    return this.registry.transaction(() => {
      const record = this.visibleCase(number, actor);
      if (!['operator', 'supervisor'].includes(actor.role)) throw new CaseRuleError(403, `${actor.role}s do not edit cases; use the actions`);
      if (FINAL_STATUSES.has(record.status)) throw new CaseRuleError(409, `case ${number} is ${record.status}; it can no longer be edited`);
      const locked = Object.keys(fields).filter((field) => !EDITABLE.has(record.status) && !OUTCOME_FIELDS.has(field as keyof CaseFields));
      if (locked.length > 0) throw new CaseRuleError(409, `${locked.join(', ')} cannot be changed while case ${number} is ${record.status}`);
      if (fields.channel === 'transfer' || (record.channel === 'transfer' && fields.channel)) {
        throw new CaseRuleError(409, 'the channel of a transferred case is fixed when it arrives');
      }
      const changes = toRecordFields(fields);
      const changed = Object.keys(changes).filter((key) => changes[key as keyof CaseRecord] !== record[key as keyof CaseRecord]);
      if (changed.length === 0) return record;
      if (changed.includes('confidential') && !mayChangeConfidentiality(actor, record)) {
        throw new CaseRuleError(403, `only a supervisor or the operator who registered case ${number} may change whether its informant is confidential`);
      }
      const informantFields = changed.filter((key) => INFORMANT_FIELDS.has(key as keyof CaseRecord));
      if (informantFields.length > 0 && !seesInformant(actor, record)) {
        throw new CaseRuleError(403, `the informant of case ${number} is confidential: ${informantFields.join(', ')} cannot be changed by you`);
      }
      let next: Partial<CaseRecord> = changes;
      if (record.status === 'draft' && 'kind' in changes) {
        const deadlines = this.clock.received({ kind: changes.kind ?? null, createdAt: record.createdAt });
        next = { ...changes, ...deadlines, ...this.clock.timing({ ...deadlines, registeredAt: null }, this.now()) };
      }
      const updated = this.registry.update(record.id, next);
      const details: Record<string, unknown> = { fields: changed };
      if (changed.includes('confidential')) details.confidential = { from: record.confidential, to: changes.confidential };
      this.registry.appendEvent(record.id, { action: 'edit', fromStatus: record.status, toStatus: record.status, actorUserId: actor.id, details });
      return updated;
    });
  }

  history(number: string, actor: Actor) {
    return this.registry.history(this.visibleCase(number, actor).id);
  }

  search(query: Omit<CaseQuery, 'onlyDepartmentId' | 'onlyCreatedBy'>, actor: Actor) {
    if (actor.role === 'admin') throw new CaseRuleError(403, 'admins manage accounts and departments, not cases');
    if (actor.role === 'handler' && actor.departmentId === null) throw new CaseRuleError(403, 'your account has no department');
    return this.registry.search({
      ...query,
      viewer: actor,
      ...(actor.role === 'handler' ? { onlyDepartmentId: actor.departmentId! } : {}),
      ...(actor.role === 'exchange' ? { onlyCreatedBy: actor.id } : {}),
    });
  }

  /**
   * The escalation pass: the cases whose colour can have changed by now (next check due, indexed), a
   * few at a time — each slice stops after `sliceMs` and yields to the event loop, so prompts and pops
   * never wait long behind it. Recolours them, escalates missed deadlines once each (督办), and sets
   * when each needs looking at next.
   */
  async evaluateDeadlines(options: { sliceMs?: number; yieldToLoop?: () => Promise<void> } = {}): Promise<{ evaluated: number; escalated: string[] }> {
    const { sliceMs = 8, yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve)) } = options;
    const now = this.now();
    const escalated: string[] = [];
    let evaluated = 0;
    for (;;) {
      const sliceEnds = performance.now() + sliceMs;
      let batch = 0;
      do {
        const due = this.registry.dueForCheck(now.toISOString(), 16);
        if (due.length === 0) return { evaluated, escalated };
        this.registry.transaction(() => {
          for (const record of due) {
            this.registry.setTiming(record.id, this.clock.timing(record, now));
            for (const missed of this.clock.missedDeadlines(record, now)) {
              if (!this.registry.addSupervision(record.id, 'overdue', missed, `${record.stage} deadline passed`, null)) continue;
              this.registry.appendEvent(record.id, { action: 'overdue', fromStatus: record.status, toStatus: record.status, actorUserId: null, details: { stage: record.stage, deadline: missed } });
              escalated.push(record.number);
            }
          }
        });
        evaluated += due.length;
        batch += due.length;
      } while (performance.now() < sliceEnds);
      await yieldToLoop();
    }
  }

  /** Whether the case's deadlines lie beyond the calendar's horizon (shown as provisional). */
  deadlineProvisional(record: CaseRecord): boolean {
    return this.clock.isProvisional(record);
  }

  /**
   * After the working calendar changed (an admin entered a year's holidays): every open case with a
   * deadline on or after `fromDay` is counted again on the new calendar (same number of working days),
   * audited, a few at a time. Returns the cases whose deadlines moved.
   */
  async recountDeadlines(before: WorkingCalendar, fromDay: string, reason: string): Promise<string[]> {
    const moved: string[] = [];
    const now = this.now();
    let afterId = 0;
    for (;;) {
      const batch = this.registry.openWithDeadlineFrom(startOfLocalDay(fromDay).toISOString(), afterId, 64);
      if (batch.length === 0) return moved;
      this.registry.transaction(() => {
        for (const record of batch) {
          const recounted = this.clock.recounted(record, before);
          if (recounted.dueAt === record.dueAt && recounted.stageDueAt === record.stageDueAt) continue;
          const next = { ...record, ...recounted };
          this.registry.update(record.id, { ...recounted, ...this.clock.timing(next, now) });
          this.registry.appendEvent(record.id, {
            action: 'deadline-recounted',
            fromStatus: record.status,
            toStatus: record.status,
            actorUserId: null,
            reason,
            details: { dueAt: { from: record.dueAt, to: recounted.dueAt }, stageDueAt: { from: record.stageDueAt, to: recounted.stageDueAt } },
          });
          moved.push(record.number);
        }
      });
      afterId = batch.at(-1)!.id;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
