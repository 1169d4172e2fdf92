// The wallboard's side of the live model: applies Asterisk's events to the model, records operators'
// status changes, says which items changed (the transport coalesces and pushes them), and builds the
// views a supervisor's screen shows — a full snapshot on connect, one item at a time after.
import { maskPhone } from '../cases/masking.ts';
import { localDay, startOfLocalDay } from '../cases/working-days.ts';
import type { Language } from '../config.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queues/queue-events.ts';
import type { AgentStatus } from './agent-status.ts';
import type { KpiThresholds } from './kpi-thresholds.ts';
import { kpiWindows, windowStarts, type CallFacts, type KpiSettings } from './kpis.ts';
import type { LiveChanges, LiveModel, LiveSnapshot } from './live-model.ts';
import type { AgentView, CallerView, KpiView, OverdueView, QueueView, WallSnapshot } from './wall-views.ts';

export interface Operator {
  userId: number;
  name: string;
  extension: string;
  languages: Language[];
}

/** What the wallboard reads and writes outside the live model (the database, the accounts). */
export interface WallSources {
  /** Active accounts with a phone: every one has a row, offline or not. */
  operators(): readonly Operator[];
  operatorOfInterface(agentInterface: string): Operator | undefined;
  callFactsSince(from: number): CallFacts[];
  answeredSince(userId: number, from: number): number;
  callbacksPending(): number;
  /** Messages waiting for their transcript, and those that failed (see src/stt). */
  transcriptions(): { backlog: number; failed: number };
  overdueCounts(): OverdueView;
  recordStatus(change: { userId: number | null; agentInterface: string; status: AgentStatus; reason: string | null; at: number }): void;
  thresholds(): KpiThresholds;
}

export type WallItem = 'queue' | 'caller' | 'agent' | 'kpi' | 'overdue';

export interface WallPublisher {
  changed(item: WallItem, key: string): void;
}

/** Events that change a KPI figure (the call records changed with them). */
const KPI_EVENTS = new Set<QueueEvent['type']>(['caller-joined', 'caller-left', 'caller-abandoned', 'agent-connected', 'agent-completed', 'hangup']);

export const KPI_KEY = 'all';

export class WallService {
  #publisher: WallPublisher = { changed: () => {} };

  constructor(
    readonly model: LiveModel,
    private readonly sources: WallSources,
    readonly settings: KpiSettings & { languageOfQueue: (queue: string) => Language },
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  publishTo(publisher: WallPublisher): void {
    this.#publisher = publisher;
  }

  /** An event from the AMI router (the membership has already taken it). */
  applied(event: QueueEvent, at: number): void {
    this.#publish(this.model.apply(event, at), KPI_EVENTS.has(event.type));
  }

  /** After a (re)connect: the model is what Asterisk lists now. */
  rebuilt(snapshot: LiveSnapshot, at: number): void {
    this.#publish(this.model.rebuild(snapshot, at), true);
  }

  /** The AMI connection is gone: nothing live is known until the rebuild. */
  cleared(at: number): void {
    this.#publish(this.model.clear(at), true);
  }

  /** Overdue cases may have changed (after the escalation pass, or a case action). */
  overdueChanged(): void {
    this.#publisher.changed('overdue', 'all');
  }

  /** The figures roll with the clock, and thresholds may have been changed by an admin. */
  kpisChanged(): void {
    this.#publisher.changed('kpi', KPI_KEY);
  }

  #publish(changes: LiveChanges, kpi: boolean): void {
    for (const change of changes.statusChanges) {
      try {
        this.sources.recordStatus({ userId: this.sources.operatorOfInterface(change.agentInterface)?.userId ?? null, ...change });
      } catch (error) {
        this.log.error({ err: error, agentInterface: change.agentInterface }, 'could not record an operator’s status change');
      }
    }
    for (const queue of changes.queues) this.#publisher.changed('queue', queue);
    for (const uniqueid of changes.callers) this.#publisher.changed('caller', uniqueid);
    for (const agent of changes.agents) this.#publisher.changed('agent', agent);
    if (kpi || changes.statusChanges.length > 0) this.#publisher.changed('kpi', KPI_KEY);
  }

  // ------------------------------------------------------------------ views

  snapshot(masked: boolean): WallSnapshot {
    return {
      serverNow: this.now(),
      queues: this.model.queues.map((queue) => this.queueView(queue)),
      callers: this.model.callers().map((caller) => this.callerView(caller.uniqueid, masked) as CallerView),
      agents: this.agentViews(masked),
      kpis: this.kpiView(),
      overdue: this.overdueView(),
      settings: { slSeconds: this.settings.slSeconds, shortAbandonSeconds: this.settings.shortAbandonSeconds },
      masked,
    };
  }

  queueView(queue: string): QueueView {
    const agents: Partial<Record<AgentStatus, number>> = {};
    for (const agent of this.model.agents()) if (agent.queues.includes(queue)) agents[agent.status] = (agents[agent.status] ?? 0) + 1;
    return { queue, lang: this.settings.languageOfQueue(queue), waiting: this.model.waiting(queue).length, longestWaitSince: this.model.longestWaitSince(queue), agents };
  }

  /** The caller's row, or that it is gone from the queues. */
  callerView(uniqueid: string, masked: boolean): CallerView | { uniqueid: string; gone: true } {
    const caller = this.model.caller(uniqueid);
    if (!caller) return { uniqueid, gone: true };
    return { ...caller, caller: masked ? maskPhone(caller.caller) : caller.caller };
  }

  agentViews(masked: boolean): AgentView[] {
    return this.#agentKeys()
      .map((key) => this.agentView(key, masked))
      .sort((a, b) => (a.extension ?? a.agentInterface).localeCompare(b.extension ?? b.agentInterface));
  }

  /** Every operator account with a phone, and every phone Asterisk has in a hotline queue. */
  #agentKeys(): string[] {
    return [...new Set([...this.sources.operators().map((operator) => `pjsip/${operator.extension}`), ...this.model.agents().map((agent) => agent.agentInterface.toLowerCase())])];
  }

  agentView(agentInterface: string, masked: boolean): AgentView {
    const live = this.model.agent(agentInterface);
    const operator = this.sources.operatorOfInterface(agentInterface);
    const extension = operator?.extension ?? agentInterface.match(/^PJSIP\/(.+)$/i)?.[1] ?? null;
    return {
      agentInterface: live?.agentInterface ?? `PJSIP/${extension ?? agentInterface}`,
      userId: operator?.userId ?? null,
      name: operator?.name ?? live?.memberName ?? agentInterface,
      extension,
      languages: operator?.languages ?? [],
      status: live?.status ?? 'offline',
      reason: live?.pausedReason ?? null,
      since: live?.since ?? null,
      call: live?.call ? { ...live.call, caller: masked ? maskPhone(live.call.caller) : live.call.caller } : null,
      answeredToday: operator ? this.sources.answeredSince(operator.userId, this.#todayStart()) : 0,
    };
  }

  kpiView(): KpiView {
    const now = this.now();
    const starts = windowStarts(now, this.#todayStart());
    const calls = this.sources.callFactsSince(Math.min(starts.today, starts.last60));
    const agentsByStatus: Partial<Record<AgentStatus, number>> = {};
    for (const key of this.#agentKeys()) {
      const status = this.model.agent(key)?.status ?? 'offline';
      agentsByStatus[status] = (agentsByStatus[status] ?? 0) + 1;
    }
    const waiting = this.model.callers();
    return {
      at: now,
      windows: kpiWindows(calls, this.model.queues, this.settings, now, starts),
      thresholds: this.sources.thresholds(),
      live: {
        waiting: waiting.length,
        longestWaitSince: waiting.length === 0 ? null : Math.min(...waiting.map((caller) => caller.joinedAt)),
        agentsByStatus,
        callbacksPending: this.sources.callbacksPending(),
        transcriptions: this.sources.transcriptions(),
      },
    };
  }

  overdueView(): OverdueView {
    return this.sources.overdueCounts();
  }

  #todayStart(): number {
    return startOfLocalDay(localDay(new Date(this.now()))).getTime();
  }
}
