// Column helpers shared by the schema files.
import { sql } from 'drizzle-orm';
import { text } from 'drizzle-orm/sqlite-core';

/** An ISO-8601 UTC timestamp (milliseconds) set by SQLite when the row is written. */
export const createdAt = (column = 'created_at') =>
  text(column)
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
