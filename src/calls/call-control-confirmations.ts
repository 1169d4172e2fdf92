// Actions that answer on Asterisk's word: each waits for the event that confirms it, with a timeout, and is
// in place before the action leaves (the event may come before the action's own response).
import { CallControlError, type ChannelEvent } from './call-control-model.ts';

/** true: confirmed; an error: Asterisk said no (or the call ended); false: not this event. */
export type Confirmation = (event: ChannelEvent) => boolean | CallControlError;

interface Waiter {
  check: Confirmation;
  resolve: () => void;
  reject: (error: CallControlError) => void;
  timer: NodeJS.Timeout;
}

export class Confirmations {
  #waiters = new Set<Waiter>();

  constructor(private readonly timeoutMs: number) {}

  /** Sends an action and resolves once an event confirms it; 504 after the timeout, 503 when the action fails. */
  async act(what: string, send: () => Promise<void>, check: Confirmation): Promise<void> {
    let waiter!: Waiter;
    const confirmed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.#finish(waiter, new CallControlError(504, `Asterisk did not confirm ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
      waiter = { check, resolve, reject, timer };
    });
    this.#waiters.add(waiter);
    try {
      await send();
    } catch (error) {
      this.#finish(waiter, error instanceof CallControlError ? error : new CallControlError(503, `Asterisk refused ${what}: ${(error as Error).message}`));
    }
    return confirmed;
  }

  settle(event: ChannelEvent): void {
    for (const waiter of [...this.#waiters]) {
      const verdict = waiter.check(event);
      if (verdict === true) this.#finish(waiter, null);
      else if (verdict instanceof CallControlError) this.#finish(waiter, verdict);
    }
  }

  /** Nothing waiting will be confirmed (the connection is gone, the server stops). */
  failAll(error: CallControlError): void {
    for (const waiter of [...this.#waiters]) this.#finish(waiter, error);
  }

  #finish(waiter: Waiter, outcome: CallControlError | null): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (outcome) waiter.reject(outcome);
    else waiter.resolve();
  }
}
