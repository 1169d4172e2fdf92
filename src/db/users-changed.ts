// Knows when the users table may have changed, so that what is read from it on every call event (the
// account behind a ringing phone, the wallboard's operators) can be kept in memory between changes.
// This connection's own writes, raw SQL included, are counted by temporary triggers calling back into the
// process; another process's (the `hotline user` CLI's) show as a new PRAGMA data_version.
import type Database from 'better-sqlite3';

interface Watch {
  generation: number;
  dataVersion: Database.Statement<[], number>;
}

/** One watch per connection, however many repositories share it. */
const watches = new WeakMap<Database.Database, Watch>();

function watchOf(sqlite: Database.Database): Watch {
  let watch = watches.get(sqlite);
  if (watch) return watch;
  const created: Watch = { generation: 0, dataVersion: sqlite.prepare<[], number>('pragma data_version').pluck() };
  sqlite.function('hotline_users_changed', { deterministic: false }, () => {
    created.generation++;
    return null;
  });
  for (const change of ['insert', 'update', 'delete']) {
    sqlite.exec(`create temp trigger if not exists hotline_users_${change} after ${change} on main.users begin select hotline_users_changed(); end`);
  }
  watches.set(sqlite, created);
  watch = created;
  return watch;
}

/** A value derived from the users table, computed again only after the table (may have) changed. */
export class UsersDerived<T> {
  readonly #watch: Watch;
  #stamp: { generation: number; dataVersion: number } | undefined;
  #value: T | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly derive: () => T,
  ) {
    this.#watch = watchOf(sqlite);
  }

  get(): T {
    // inside a transaction the table may hold what a rollback takes back: read it, keep nothing
    if (this.sqlite.inTransaction) return this.derive();
    const dataVersion = this.#watch.dataVersion.get()!;
    const { generation } = this.#watch;
    if (this.#stamp?.generation !== generation || this.#stamp.dataVersion !== dataVersion || this.#value === undefined) {
      this.#value = this.derive();
      this.#stamp = { generation, dataVersion };
    }
    return this.#value;
  }
}
