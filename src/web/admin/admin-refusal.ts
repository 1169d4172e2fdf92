// A server's refusal as the console shows it: the message, and the field it names (`body/queues/hotline-zh/
// maxWaitSeconds: …`, `handling.complaint must be …`) so it can stand beside that field.
import { ApiError } from '../shared/api.ts';

export interface Refusal {
  status: number;
  message: string;
  /** The field named, with '/' between parts (`queues/hotline-zh/maxWaitSeconds`), or null. */
  path: string | null;
}

/** The field a refusal names, if any. */
export function refusedPath(message: string): string | null {
  const body = /^body\/([^\s:]+)/.exec(message);
  if (body) return body[1]!;
  // the time-limit table names `stage.kind`
  const dotted = /^([a-z-]+\.[a-z]+) /.exec(message);
  return dotted ? dotted[1]!.replace('.', '/') : null;
}

/** An ApiError as a Refusal; anything else is thrown on. */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiError)) throw error;
  return { status: error.status, message: error.message, path: refusedPath(error.message) };
}
