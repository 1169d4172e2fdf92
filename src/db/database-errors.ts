// SQLite failures that are the database's state, not the request's fault: another process holds the
// write lock, the disk is full, the file cannot be written. Callers answer 503 and carry on.

export interface DatabaseUnavailable {
  code: string;
  /** What a person reads: what happened, that nothing changed, what to do. */
  message: string;
}

const MESSAGES: [RegExp, string][] = [
  [/^SQLITE_(BUSY|LOCKED)/, 'the database is busy: another process holds its write lock. Nothing was changed; try again in a moment'],
  [/^SQLITE_FULL/, 'the disk of the database is full. Nothing was changed; free some space and try again'],
  [/^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/, 'the database cannot be written at the moment. Nothing was changed; try again, and check the server log'],
];

/** The database condition behind `error`, if it is one; undefined for any other error. */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const match = MESSAGES.find(([pattern]) => pattern.test(code));
  return match && { code, message: match[1] };
}
