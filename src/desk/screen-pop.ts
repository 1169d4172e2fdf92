// The screen pop: when an operator's phone rings, the call's draft case is stored first, then the pop
// is sent. The pop of a call stays current until that operator's part in it ends, so a desk that
// (re)connects meanwhile gets it again. A database that cannot be written costs the draft, not the pop.
import type { Language } from '../config.ts';
import type { CallRecord } from '../calls/call-store.ts';
import { CASE_KINDS, type Actor, type CaseKind, type CaseRecord } from '../cases/case-model.ts';
import type { DraftView } from '../cases/case-service.ts';
import { citizenPhone, type CaseSummary } from '../cases/case-store.ts';
import type { Logger } from '../log.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { QueueEvent } from '../queues/queue-events.ts';

export interface ScreenPop {
  /** call: a citizen calling in; callback: the line calling a citizen back (the operator first, then the citizen). */
  kind: 'call' | 'callback';
  callId: string;
  caller: string;
  lang: Language;
  queue: string;
  /** What the caller chose in the IVR menu, if anything. */
  intent: string | null;
  waitedSeconds: number;
  /** When the server learnt of the ring (epoch ms, sub-millisecond): lets a desk show "ringing for…". */
  ringAt: number;
  /** ringing until the operator answers, then talking. */
  state: 'ringing' | 'talking';
  /** The call's draft case; null when it could not be stored (the database was unavailable). */
  case: { number: string; status: string; kind: CaseKind | null } | null;
  history: CaseSummary[];
  /** For a call-back: the request, and when the citizen asked for it. */
  callback?: { id: number; number: string; requestedAt: string; attempts: number };
}

/** What a call-back's pop shows: the request and the call it came from (its intent and draft case). */
export interface CallbackContext {
  id: number;
  number: string;
  requestedAt: string;
  attempts: number;
  intent: string | null;
  lang: Language;
  /** The citizen's call the request came from; its draft case is the call-back's. */
  originalCallId: number | null;
  /** The case the request was booked for (from the desk), when there is no original call. */
  case: { number: string; status: string; kind: CaseKind | null } | null;
}

export interface ScreenPopNotifier {
  screenPop(userId: number, pop: ScreenPop): void;
  /** The operator's part in the popped call: answered (talking) or over (ended). */
  callState?(userId: number, update: { callId: string; state: 'talking' | 'ended' }): void;
}

/** What the pop needs of the case registry (CaseService implements it). */
export interface CallCases {
  /** `announce` runs as soon as the draft has its number, before its row is written (CaseService.draftForCall). */
  draftForCall(call: { callId: number; callerPhone: string | null; lang: Language; kind: CaseKind | null; at: Date }, announce?: (draft: DraftView) => void): CaseRecord;
  callAnswered(callId: number, userId: number): unknown;
  readonly registry: { historyForPhone(phone: string, excludeNumber: string | null, limit: number, viewer: Actor): CaseSummary[] };
}

export const HISTORY_LIMIT = 10;

const draftView = (draft: DraftView): NonNullable<ScreenPop['case']> => ({ number: draft.number, status: draft.status, kind: draft.kind });

type Ring = Extract<QueueEvent, { type: 'agent-called' }>;

export class ScreenPopService {
  /** The current pop of each operator, by user id. */
  #current = new Map<number, { uniqueid: string; pop: ScreenPop }>();

  constructor(
    private readonly operatorOfInterface: (agentInterface: string) => Actor | undefined,
    /** `recordRing` records a ring of a call the server has no record of (its queue join was missed): the draft is the record's. */
    private readonly calls: { byUniqueid(uniqueid: string): CallRecord | undefined; recordRing?(ring: Ring, receivedAt: number): CallRecord | undefined },
    private readonly cases: CallCases,
    private readonly notifier: ScreenPopNotifier,
    private readonly metrics: HotlineMetrics,
    private readonly log: Logger,
    private readonly languageOfQueue: (queue: string) => Language | undefined = () => undefined,
    private readonly callbackOf: (id: number) => CallbackContext | undefined = () => undefined,
  ) {}

  /** The pop of the call ringing or talking on this operator's phone, if any. */
  currentPop(userId: number): ScreenPop | undefined {
    return this.#current.get(userId)?.pop;
  }

  handle(event: QueueEvent, receivedAt: number): void {
    switch (event.type) {
      case 'agent-called':
        this.onAgentCalled(event, receivedAt);
        break;
      case 'agent-connected': {
        const operator = this.operatorOfInterface(event.agentInterface);
        const current = operator && this.#current.get(operator.id);
        if (operator && current?.uniqueid === event.uniqueid) {
          current.pop = { ...current.pop, state: 'talking' };
          this.notifier.callState?.(operator.id, { callId: event.uniqueid, state: 'talking' });
        }
        // A call-back's case is the original call's: the operator who serves it takes its draft.
        const callback = event.callbackId ? this.callbackOf(event.callbackId) : undefined;
        const callId = callback ? callback.originalCallId : this.calls.byUniqueid(event.uniqueid)?.id;
        if (operator && callId) this.cases.callAnswered(callId, operator.id);
        break;
      }
      case 'agent-ring-no-answer':
      case 'agent-completed': {
        const operator = this.operatorOfInterface(event.agentInterface);
        if (operator && this.#current.get(operator.id)?.uniqueid === event.uniqueid) {
          this.#current.delete(operator.id);
          this.notifier.callState?.(operator.id, { callId: event.uniqueid, state: 'ended' });
        }
        break;
      }
      case 'caller-abandoned':
      case 'hangup':
        for (const [userId, current] of this.#current) {
          if (current.uniqueid !== event.uniqueid) continue;
          this.#current.delete(userId);
          this.notifier.callState?.(userId, { callId: event.uniqueid, state: 'ended' });
        }
        break;
      default:
        break;
    }
  }

  /**
   * `receivedAt` is when the AgentCalled event reached the server (epoch ms). The pop goes out as soon as the
   * call's draft has its number, before the draft's row and commit are written (see CaseService.draftForCall).
   */
  onAgentCalled(event: Ring, receivedAt: number): ScreenPop | undefined {
    const operator = this.operatorOfInterface(event.agentInterface);
    if (!operator) {
      this.metrics.screenPopFailures({ reason: 'unknown-agent' });
      this.log.warn({ uniqueid: event.uniqueid, agentInterface: event.agentInterface }, 'ringing phone belongs to no operator account');
      return undefined;
    }
    const call = this.#read(() => this.calls.byUniqueid(event.uniqueid) ?? this.calls.recordRing?.(event, receivedAt), event, 'call record');
    const callback = event.callbackId ? this.#read(() => this.callbackOf(event.callbackId!), event, 'call-back request') : undefined;
    const lang: Language = callback?.lang ?? event.lang ?? call?.lang ?? this.languageOfQueue(event.queue) ?? 'zh';
    const intent = callback ? callback.intent : (call?.intent ?? event.intent ?? null);
    const phone = citizenPhone(callback?.number ?? event.caller);
    const kind = (CASE_KINDS as readonly string[]).includes(intent ?? '') ? (intent as CaseKind) : null;
    const queuedAt = callback ? Date.parse(callback.requestedAt) : call ? Date.parse(call.queuedAt ?? call.enteredAt) : receivedAt;
    /** Without a draft of its own, a call-back shows the case it was booked for. */
    const noDraft = callback?.case ?? null;
    let pop: ScreenPop | undefined;
    const send = (caseView: ScreenPop['case']) => {
      pop = {
        kind: callback ? 'callback' : 'call',
        callId: event.uniqueid,
        caller: event.caller,
        lang,
        queue: event.queue,
        intent,
        waitedSeconds: Math.max(0, Math.round((receivedAt - queuedAt) / 1000)),
        ringAt: receivedAt,
        state: 'ringing',
        case: caseView,
        history: phone ? (this.#read(() => this.cases.registry.historyForPhone(phone, caseView?.number ?? null, HISTORY_LIMIT, operator), event, 'history') ?? []) : [],
        ...(callback ? { callback: { id: callback.id, number: callback.number, requestedAt: callback.requestedAt, attempts: callback.attempts } } : {}),
      };
      this.#publish(operator.id, event, pop);
    };
    // A call-back's draft is its original call's (or the case it was booked for); a call's is its own.
    const draftCallId = callback ? callback.originalCallId : call?.id;
    const drafted = draftCallId
      ? this.#read(() => this.cases.draftForCall({ callId: draftCallId, callerPhone: phone, lang, kind, at: new Date(receivedAt) }, (draft) => send(draftView(draft))), event, 'draft case')
      : undefined;
    if (!pop) send(noDraft);
    else if (!drafted && pop.case !== noDraft) {
      // the draft it named was rolled back: the desk is told at once
      pop = { ...pop, case: noDraft };
      this.#publish(operator.id, event, pop);
    }
    const sent = pop!;
    if (!sent.case) this.metrics.screenPopFailures({ reason: 'no-draft' });
    this.metrics.screenPops();
    this.log.info({ uniqueid: event.uniqueid, userId: operator.id, caseNumber: sent.case?.number, lang, kind: sent.kind }, 'screen pop sent');
    return sent;
  }

  /** Sends the pop and keeps it current. Never throws: it runs inside the draft's transaction. */
  #publish(userId: number, event: Ring, pop: ScreenPop): void {
    this.#current.set(userId, { uniqueid: event.uniqueid, pop });
    try {
      this.notifier.screenPop(userId, pop);
    } catch (error) {
      this.log.error({ err: error, uniqueid: event.uniqueid, userId }, 'screen pop could not be sent; the desk gets it when it reconnects');
    }
  }

  /** The pop goes out whatever the database says: a failed read or write is logged and left out. */
  #read<T>(work: () => T, event: Ring, what: string): T | undefined {
    try {
      return work();
    } catch (error) {
      this.log.error({ err: error, uniqueid: event.uniqueid }, `screen pop without its ${what}: the database failed`);
      return undefined;
    }
  }
}
