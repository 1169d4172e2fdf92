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

/**
 * A request as logged (Fastify's fields), its query's values left out: a search by phone or by a citizen's
 * name must not write them to the log. `/api/cases?phone=13800138000` is logged as `/api/cases?phone=…`.
 */
export function requestForLog(request: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: request.method,
    url: request.url?.replace(/([?&][^=&#]*)=[^&#]*/g, '$1=…'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hotline-12365' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: requestForLog },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export function callLogger(parent: Logger, call: { uniqueid: string; caller?: string; lang?: string }): Logger {
  return parent.child({ uniqueid: call.uniqueid, caller: call.caller, lang: call.lang });
}
