// A step to run after every (re)connect that may fail for a while after the peer restarts (Asterisk accepts
// manager logins before app_queue is loaded): tried again every second for as long as the same connection
// lasts; a new connection starts over, and a lost one ends the tries.
import type { Logger } from '../log.ts';

export const RETRY_MS = 1_000;
export const ATTEMPTS = 30;

export function retryWhileConnected(step: () => Promise<void>, connected: () => boolean, log: Logger, what: string, retryMs = RETRY_MS) {
  let connection = 0;
  const attempt = (generation: number, number: number): void => {
    step().catch((error: unknown) => {
      const current = () => generation === connection && connected();
      if (current() && number < ATTEMPTS) {
        log.warn({ err: error, attempt: number, retryInMs: retryMs }, `could not ${what}; trying again`);
        setTimeout(() => current() && attempt(generation, number + 1), retryMs).unref();
      } else {
        log.error({ err: error, attempt: number }, `could not ${what}`);
      }
    });
  };
  return {
    /** A new connection: the step runs, and is retried while this connection lasts. */
    connected(): void {
      attempt(++connection, 1);
    },
  };
}
