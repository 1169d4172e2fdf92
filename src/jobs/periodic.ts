// A job run every so often: never two runs of it at once, errors logged (the timer goes on), unref'd
// so it never keeps the process alive, stopped together with the server.
import type { Logger } from '../log.ts';

export interface PeriodicJob {
  /** Runs the job now (unless it is running), resolving when this run ends. */
  runNow(): Promise<void>;
  stop(): void;
}

export function every(intervalMs: number, name: string, work: () => Promise<unknown> | unknown, log: Logger, options: { runAtStart?: boolean } = {}): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runNow = () => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      try {
        await work();
      } catch (error) {
        log.error({ err: error, job: name }, `${name} failed; it runs again in ${Math.round(intervalMs / 1000)} s`);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  if (options.runAtStart) void runNow();
  return {
    runNow,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
