// What the process does with errors nobody caught. A rejected promise leaves no half-done state behind:
// it is logged with its context and counted, and the server keeps serving calls. A thrown exception
// may have left an emitter or a parser half-way: it is logged, callers in the IVR are handed to the
// queues (the clean stop), and the process exits for its supervisor (systemd) to restart it —
// Asterisk keeps every caller meanwhile (the dialplan fail-safe).
import type { Logger } from './log.ts';

export interface ProcessPolicyOptions {
  log: Logger;
  /** Counts what slipped through, for /metrics. */
  onUnhandled?: (kind: 'rejection' | 'exception') => void;
  /** The clean stop; given `stopMs` before the process exits anyway. */
  stop?: () => Promise<void>;
  stopMs?: number;
  exit?: (code: number) => void;
}

/** Exit code after an uncaught exception (EX_SOFTWARE): a supervisor restarts the server. */
export const UNCAUGHT_EXIT_CODE = 70;

export function installProcessPolicy(target: NodeJS.EventEmitter, options: ProcessPolicyOptions): () => void {
  const { log, onUnhandled, stop, stopMs = 5_000, exit = (code) => process.exit(code) } = options;
  let exiting = false;
  const onRejection = (reason: unknown) => {
    onUnhandled?.('rejection');
    log.error({ err: reason }, 'unhandled promise rejection: a bug, logged and survived (the server keeps running)');
  };
  const onException = (error: Error, origin: string) => {
    onUnhandled?.('exception');
    log.fatal({ err: error, origin }, 'uncaught exception: handing callers to the queues and exiting for a restart');
    if (exiting) return;
    exiting = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, stopMs).unref());
    void Promise.race([stop?.().catch((stopError: unknown) => log.error({ err: stopError }, 'clean stop failed')), deadline]).finally(() =>
      exit(UNCAUGHT_EXIT_CODE),
    );
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
