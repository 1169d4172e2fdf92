// Operators going available / paused / offline. The action goes to Asterisk; only the member event
// that comes back counts as done. The operator's intent is kept so it can be re-applied after Asterisk restarts.
import type { Language } from '../config.ts';
import { WRAP_UP_REASON } from '../live/agent-status.ts';
import type { Logger } from '../log.ts';
import type { QueueMember } from './queue-events.ts';
import type { QueueMembership } from './queue-membership.ts';

export type AgentState = 'available' | 'paused' | 'offline';

export interface Agent {
  userId: number;
  username: string;
  extension: string;
  languages: Language[];
  desiredState: AgentState;
  pauseReason: string | null;
}

/** Queue actions, implemented over AMI. */
export interface QueueControl {
  addMember(queue: string, agentInterface: string, memberName: string, paused: boolean, reason?: string): Promise<void>;
  pauseMember(queue: string, agentInterface: string, paused: boolean, reason?: string): Promise<void>;
  removeMember(queue: string, agentInterface: string): Promise<void>;
  listMembers(): Promise<QueueMember[]>;
}

export interface AgentStore {
  agentsWithIntent(): Agent[];
  saveDesiredState(userId: number, state: AgentState, reason: string | null): void;
}

export interface AgentPresence {
  state: AgentState;
  reason: string | null;
  queues: { queue: string; paused: boolean }[];
}

export const agentInterface = (extension: string) => `PJSIP/${extension}`;

export class AgentStateService {
  #chains = new Map<number, Promise<unknown>>();
  /** Extensions whose state change is under way. */
  #inFlight = new Set<string>();

  constructor(
    private readonly control: QueueControl,
    private readonly membership: QueueMembership,
    private readonly store: AgentStore,
    private readonly queueByLanguage: Record<Language, string>,
    private readonly log: Logger,
    private readonly confirmTimeoutMs = 5_000,
  ) {}

  get hotlineQueues(): string[] {
    return Object.values(this.queueByLanguage);
  }

  presence(agent: Pick<Agent, 'extension'>): AgentPresence {
    const iface = agentInterface(agent.extension);
    const queues = this.hotlineQueues.flatMap((queue) => {
      const member = this.membership.get(queue, iface);
      return member ? [{ queue, paused: member.paused }] : [];
    });
    const state: AgentState = queues.length === 0 ? 'offline' : queues.every((q) => q.paused) ? 'paused' : 'available';
    const reason = state === 'paused' ? (this.membership.get(queues[0]!.queue, iface)?.pausedReason || null) : null;
    return { state, reason, queues };
  }

  /** Sets the operator's state in Asterisk and records the intent; resolves once Asterisk confirmed. */
  setState(agent: Agent, state: AgentState, reason: string | null = null): Promise<AgentPresence> {
    return this.#chain(agent, async () => {
      await this.#apply(agent, state, reason);
      this.store.saveDesiredState(agent.userId, state, state === 'paused' ? reason : null);
      return this.presence(agent);
    });
  }

  /** Wrap-up: the phone paused with the server's own reason; the operator's chosen state is left as it is. */
  pauseForWrapUp(agent: Agent): Promise<AgentPresence> {
    return this.#chain(agent, async () => {
      await this.#apply(agent, 'paused', WRAP_UP_REASON);
      return this.presence(agent);
    });
  }

  /** After wrap-up: the operator's chosen state again — unless they chose one during it, which stands. */
  resumeAfterWrapUp(agent: Agent): Promise<AgentPresence> {
    return this.#chain(agent, async () => {
      if (this.presence(agent).reason === WRAP_UP_REASON) await this.#apply(agent, agent.desiredState, agent.pauseReason);
      return this.presence(agent);
    });
  }

  /** One change at a time per operator, each after the previous one settled. */
  #chain(agent: Agent, work: () => Promise<AgentPresence>): Promise<AgentPresence> {
    const previous = this.#chains.get(agent.userId) ?? Promise.resolve();
    this.#inFlight.add(agent.extension);
    const next = previous.catch(() => {}).then(work);
    const settled = () => {
      if (this.#chains.get(agent.userId) === next) {
        this.#chains.delete(agent.userId);
        this.#inFlight.delete(agent.extension);
      }
    };
    next.then(settled, settled);
    this.#chains.set(agent.userId, next);
    return next;
  }

  /**
   * Takes phones out of the hotline queues that no active operator wants there — an account disabled
   * (by an admin, or by the CLI in another process) or gone. Operators whose change is under way are left alone.
   */
  async removeUnwanted(): Promise<number> {
    const wanted = new Set(
      this.store
        .agentsWithIntent()
        .filter((a) => a.desiredState !== 'offline')
        .map((a) => agentInterface(a.extension).toLowerCase()),
    );
    const busy = new Set([...this.#inFlight].map((agent) => agentInterface(agent).toLowerCase()));
    let removed = 0;
    for (const member of this.membership.all()) {
      const iface = member.agentInterface.toLowerCase();
      if (!this.hotlineQueues.includes(member.queue) || wanted.has(iface) || busy.has(iface)) continue;
      try {
        await this.#confirmed(member.queue, member.agentInterface, 'member-removed', () => this.control.removeMember(member.queue, member.agentInterface));
        removed++;
        this.log.warn({ queue: member.queue, agentInterface: member.agentInterface }, 'phone taken out of the queue: no active operator wants it there');
      } catch (error) {
        this.log.error({ err: error, queue: member.queue, agentInterface: member.agentInterface }, 'could not remove a phone nobody is logged in on');
      }
    }
    return removed;
  }

  /** After a (re)connect: read the truth from Asterisk, then re-apply every operator's intent. */
  async reconcile(): Promise<void> {
    this.membership.replaceAll(await this.control.listMembers());
    await this.restoreIntents();
  }

  /** With the membership just read from Asterisk: phones nobody wants leave, operators' intents are re-applied. */
  async restoreIntents(): Promise<void> {
    await this.removeUnwanted();
    for (const agent of this.store.agentsWithIntent()) {
      if (agent.desiredState === 'offline') continue;
      try {
        await this.setState(agent, agent.desiredState, agent.pauseReason);
      } catch (error) {
        this.log.error({ err: error, username: agent.username }, 'could not restore operator to the queues');
      }
    }
  }

  async #apply(agent: Agent, state: AgentState, reason: string | null): Promise<void> {
    const iface = agentInterface(agent.extension);
    const spoken = new Set(agent.languages.map((lang) => this.queueByLanguage[lang]));
    for (const queue of this.hotlineQueues) {
      const member = this.membership.get(queue, iface);
      const belongs = state !== 'offline' && spoken.has(queue);
      const paused = state === 'paused';
      if (!belongs) {
        if (member) await this.#confirmed(queue, iface, 'member-removed', () => this.control.removeMember(queue, iface));
        continue;
      }
      if (!member) {
        await this.#confirmed(queue, iface, 'member-added', () =>
          this.control.addMember(queue, iface, agent.username, paused, paused ? (reason ?? undefined) : undefined),
        );
      } else if (member.paused !== paused || (paused && (member.pausedReason || null) !== reason)) {
        await this.#confirmed(queue, iface, 'member-paused', () => this.control.pauseMember(queue, iface, paused, reason ?? undefined));
      }
    }
  }

  async #confirmed(queue: string, iface: string, type: 'member-added' | 'member-removed' | 'member-paused', act: () => Promise<void>): Promise<void> {
    const lower = iface.toLowerCase();
    const wait = this.membership.waitFor(
      (event) => event.type === type && event.queue === queue && event.agentInterface.toLowerCase() === lower,
      this.confirmTimeoutMs,
      `${type} ${iface} in ${queue}`,
    );
    // The event may arrive before the action's response, so the wait starts first; its outcome is
    // taken at once (as a value), so a confirmation timing out while the action is still pending
    // is never an unhandled rejection.
    const confirmation = wait.done.then(
      () => undefined,
      (error: Error) => error,
    );
    try {
      await act();
    } catch (error) {
      wait.cancel();
      throw error;
    }
    const failure = await confirmation;
    if (failure) throw failure;
  }
}
