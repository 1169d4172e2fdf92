// The one place AMI events enter the domain: each event is mapped once, events of queues that are not
// the hotline's are dropped (Asterisk may serve other lines), and every subscriber gets the event in
// the order it subscribed, each in its own try/catch so one failing feature cannot starve the others.
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queues/queue-events.ts';
import type { AmiMessage } from './ami-client.ts';
import { mapAmiEvent } from './ami-events.ts';

/** A subscriber: the mapped event, and when the server received it (epoch ms, sub-millisecond). */
export type AmiSubscriber = (event: QueueEvent, receivedAt: number) => void;

export class AmiEventRouter {
  #subscribers: { name: string; handle: AmiSubscriber }[] = [];
  readonly #queues: ReadonlySet<string>;
  /** Each operator's phone's call now: the AgentConnect, until its AgentComplete. */
  readonly #connected = new Map<string, Extract<QueueEvent, { type: 'agent-connected' }>>();

  constructor(
    hotlineQueues: readonly string[],
    private readonly log: Logger,
    private readonly onFailure: (subscriber: string) => void = () => {},
  ) {
    this.#queues = new Set(hotlineQueues);
  }

  /** Adds a feature; `name` appears in the log when it fails. */
  subscribe(name: string, handle: AmiSubscriber): void {
    this.#subscribers.push({ name, handle });
  }

  /** Whether a mapped event belongs to the hotline (events without a queue, like Hangup, always do). */
  isHotline(event: QueueEvent): boolean {
    return !('queue' in event) || this.#queues.has(event.queue);
  }

  route(message: AmiMessage, receivedAt = performance.timeOrigin + performance.now()): QueueEvent | null {
    const mapped = mapAmiEvent(message);
    if (!mapped || !this.isHotline(mapped)) return null;
    const event = this.#withCaller(mapped);
    for (const { name, handle } of this.#subscribers) {
      try {
        handle(event, receivedAt);
      } catch (error) {
        this.onFailure(name);
        this.log.error({ err: error, subscriber: name, event: message.event, uniqueid: message.uniqueid }, 'an AMI event subscriber failed');
      }
    }
    return event;
  }

  /**
   * An AgentComplete that came without the caller (ami-events.ts: the caller's channel already gone, and the
   * operator's channel without the call's id, as on a call-back) takes the caller of the operator's AgentConnect.
   */
  #withCaller(event: QueueEvent): QueueEvent {
    if (event.type === 'agent-connected') this.#connected.set(event.agentInterface, event);
    if (event.type !== 'agent-completed') return event;
    const connected = this.#connected.get(event.agentInterface);
    this.#connected.delete(event.agentInterface);
    if (event.uniqueid) return event;
    if (!connected || connected.queue !== event.queue) {
      this.log.warn({ agentInterface: event.agentInterface, queue: event.queue }, 'AgentComplete without its caller, and no AgentConnect of that phone to take it from');
      return event;
    }
    const { type: _type, agentInterface: _agent, holdSeconds: _hold, ringSeconds: _ring, ...caller } = connected;
    return { ...event, ...caller };
  }
}
