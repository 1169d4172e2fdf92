// One pino logger for the process; per-call children carry uniqueid, caller and language.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log record. */
export const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  '*.password',
  '*.secret',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hotline-12365' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export function callLogger(parent: Logger, call: { uniqueid: string; caller?: string; lang?: string }): Logger {
  return parent.child({ uniqueid: call.uniqueid, caller: call.caller, lang: call.lang });
}
