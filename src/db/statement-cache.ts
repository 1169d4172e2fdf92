// Statements prepared once per connection and SQL text. better-sqlite3 parses and plans the SQL on every
// `prepare` (a join's ≈ 50–100 µs); on a call's path that was 2 % of the server's CPU under load (bench:load,
// `perf` on-CPU profile, README Performance item 30). For SQL from a fixed text, or built from a small set of
// column lists; text that varies with its values (searches) is prepared as before. Bounded all the same: past
// `MAX_STATEMENTS` texts on one connection, the oldest is dropped (it is prepared again if asked for again).
import type Database from 'better-sqlite3';

export const MAX_STATEMENTS = 256;

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared<Params extends unknown[] | object = unknown[], Row = unknown>(sqlite: Database.Database, sql: string): Database.Statement<Params, Row> {
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
  }
  return statement as Database.Statement<Params, Row>;
}
