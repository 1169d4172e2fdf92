// Wrap-up (后处理): after each queue call the operator gets no call for the queue's wrapUpSeconds — the server
// pauses their phone with the reason "wrap-up" (Asterisk's own wrapuptime covers the moment in between) — then
// goes back to what they had chosen. "Ready" ends it early; when the line requires it (wrapUpRequiresCase),
// only once the call's case is saved or marked as needing none. The time taken is kept on the call.
import type { Logger } from '../log.ts';
import { WRAP_UP_REASON } from '../live/agent-status.ts';
import type { Agent, AgentPresence } from './agent-state.ts';
import type { LineSettings } from './line-settings.ts';
import type { QueueEvent } from './queue-events.ts';

export interface WrapUpState {
  /** The call just ended (its Asterisk uniqueid). */
  callId: string;
  startedAt: number;
  /** When the operator is ready again by themselves (epoch ms). */
  endsAt: number;
  /** Ready only after the call's case is saved or marked as needing none. */
  requiresCase: boolean;
}

export class WrapUpError extends Error {
  readonly statusCode = 409;
}

export interface WrapUpPorts {
  /** The operator whose phone this is, with their chosen state as stored now. */
  agentOfInterface(agentInterface: string): Agent | undefined;
  agentOfUser(userId: number): Agent | undefined;
  /** Pauses the phone for wrap-up without changing the operator's chosen state. */
  pause(agent: Agent): Promise<AgentPresence>;
  /** Puts back the operator's chosen state (unless they changed it during wrap-up). */
  resume(agent: Agent): Promise<AgentPresence>;
  /** Whether the call's case was saved (registered beyond a draft); undefined when the call has none. */
  caseSaved(uniqueid: string): boolean | undefined;
  /** Records the wrap-up on the call. */
  recordWrapUp(uniqueid: string, seconds: number, noCaseNeeded: boolean): void;
  notify(userId: number, state: WrapUpState | null, presence?: AgentPresence): void;
}

export class WrapUpService {
  #current = new Map<number, WrapUpState & { timer: NodeJS.Timeout }>();

  constructor(
    private readonly ports: WrapUpPorts,
    private readonly settings: () => LineSettings,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  current(userId: number): WrapUpState | undefined {
    const state = this.#current.get(userId);
    if (!state) return undefined;
    const { timer: _timer, ...rest } = state;
    return rest;
  }

  handle(event: QueueEvent): void {
    if (event.type !== 'agent-completed') return;
    const behaviour = this.settings().queues[event.queue];
    if (!behaviour || behaviour.wrapUpSeconds <= 0) return;
    const agent = this.ports.agentOfInterface(event.agentInterface);
    // Only an operator taking calls goes into wrap-up; one who paused or left during the call stays so.
    if (!agent || agent.desiredState !== 'available') return;
    this.#begin(agent, event.uniqueid, behaviour.wrapUpSeconds).catch((error: unknown) =>
      this.log.error({ err: error, username: agent.username }, 'could not start wrap-up; the operator takes calls at once'),
    );
  }

  /** Ends wrap-up early (the desk's "ready"); refused while the call's case is required and not saved. */
  async ready(userId: number, options: { noCaseNeeded?: boolean } = {}): Promise<AgentPresence | undefined> {
    const state = this.#current.get(userId);
    if (!state) return undefined;
    if (state.requiresCase && !options.noCaseNeeded && this.ports.caseSaved(state.callId) === false) {
      throw new WrapUpError("save the call's case first, or mark the call as needing no case");
    }
    return this.#end(userId, state, Boolean(options.noCaseNeeded), 'ready');
  }

  stop(): void {
    for (const state of this.#current.values()) clearTimeout(state.timer);
    this.#current.clear();
  }

  async #begin(agent: Agent, uniqueid: string, seconds: number): Promise<void> {
    const previous = this.#current.get(agent.userId);
    if (previous) clearTimeout(previous.timer);
    const startedAt = this.now();
    const state = {
      callId: uniqueid,
      startedAt,
      endsAt: startedAt + seconds * 1000,
      requiresCase: this.settings().wrapUpRequiresCase,
      timer: setTimeout(() => {
        const current = this.#current.get(agent.userId);
        if (current === state) void this.#end(agent.userId, state, false, 'time').catch(() => {});
      }, seconds * 1000),
    };
    state.timer.unref();
    this.#current.set(agent.userId, state);
    const presence = await this.ports.pause(agent);
    this.log.info({ username: agent.username, uniqueid, seconds }, 'operator in wrap-up');
    this.ports.notify(agent.userId, this.current(agent.userId) ?? null, presence);
  }

  async #end(userId: number, state: WrapUpState & { timer: NodeJS.Timeout }, noCaseNeeded: boolean, why: 'ready' | 'time'): Promise<AgentPresence | undefined> {
    clearTimeout(state.timer);
    this.#current.delete(userId);
    const seconds = Math.max(0, Math.round((this.now() - state.startedAt) / 1000));
    try {
      this.ports.recordWrapUp(state.callId, seconds, noCaseNeeded);
    } catch (error) {
      this.log.error({ err: error, uniqueid: state.callId }, 'could not record the wrap-up time on the call');
    }
    const agent = this.ports.agentOfUser(userId);
    let presence: AgentPresence | undefined;
    try {
      presence = agent ? await this.ports.resume(agent) : undefined;
    } catch (error) {
      this.log.error({ err: error, userId }, 'could not end wrap-up in Asterisk; the operator can choose "available" again');
      throw error;
    } finally {
      this.ports.notify(userId, null, presence);
    }
    this.log.info({ userId, seconds, why }, 'wrap-up ended');
    return presence;
  }
}

export { WRAP_UP_REASON };
