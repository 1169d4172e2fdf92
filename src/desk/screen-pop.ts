// The screen pop: when an operator's phone rings, the draft case is stored first, then the pop is sent.
import type { Language } from '../config.ts';
import type { CallRecord } from '../calls/call-store.ts';
import { CASE_KINDS, type CaseKind } from '../cases/case-model.ts';
import { citizenPhone, type CaseStore, type CaseSummary } from '../cases/case-store.ts';
import type { Logger } from '../log.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { QueueEvent } from '../queues/queue-events.ts';

export interface ScreenPop {
  callId: string;
  caller: string;
  lang: Language;
  queue: string;
  /** What the caller chose in the IVR menu, if anything. */
  intent: string | null;
  waitedSeconds: number;
  /** When the server learnt of the ring (epoch ms, sub-millisecond): lets a desk show "ringing for…". */
  ringAt: number;
  case: { number: string; status: string; kind: CaseKind | null };
  history: CaseSummary[];
}

export interface ScreenPopNotifier {
  screenPop(userId: number, pop: ScreenPop): void;
}

export const HISTORY_LIMIT = 10;

export class ScreenPopService {
  constructor(
    private readonly userIdOfInterface: (agentInterface: string) => number | undefined,
    private readonly cases: CaseStore,
    private readonly notifier: ScreenPopNotifier,
    private readonly metrics: HotlineMetrics,
    private readonly log: Logger,
  ) {}

  /** `receivedAt` is when the AgentCalled event reached the server (epoch ms). */
  onAgentCalled(event: Extract<QueueEvent, { type: 'agent-called' }>, call: CallRecord, receivedAt: number): ScreenPop | undefined {
    const userId = this.userIdOfInterface(event.agentInterface);
    if (userId === undefined) {
      this.metrics.screenPopFailures({ reason: 'unknown-agent' });
      this.log.warn({ uniqueid: event.uniqueid, agentInterface: event.agentInterface }, 'ringing phone belongs to no operator account');
      return undefined;
    }
    const lang: Language = event.lang ?? call.lang ?? 'zh';
    const phone = citizenPhone(event.caller);
    const kind = (CASE_KINDS as readonly string[]).includes(call.intent ?? '') ? (call.intent as CaseKind) : null;
    const draft = this.cases.draftForCall({ callId: call.id, callerPhone: phone, lang, kind, at: new Date(receivedAt) });
    const queuedAt = Date.parse(call.queuedAt ?? call.enteredAt);
    const pop: ScreenPop = {
      callId: event.uniqueid,
      caller: event.caller,
      lang,
      queue: event.queue,
      intent: call.intent,
      waitedSeconds: Math.max(0, Math.round((receivedAt - queuedAt) / 1000)),
      ringAt: receivedAt,
      case: { number: draft.number, status: draft.status, kind: draft.kind },
      history: phone ? this.cases.historyForPhone(phone, draft.number, HISTORY_LIMIT) : [],
    };
    this.notifier.screenPop(userId, pop);
    this.metrics.screenPops();
    this.log.info({ uniqueid: event.uniqueid, userId, caseNumber: draft.number, lang }, 'screen pop sent');
    return pop;
  }
}
