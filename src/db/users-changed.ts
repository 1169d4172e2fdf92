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
  const known = watches.get(sqlite);
  if (known) return known;
  const watch: Watch = { generation: 0, dataVersion: sqlite.prepare<[], number>('pragma data_version').pluck() };
  sqlite.function('hotline_users_changed', { deterministic: false }, () => {
    watch.generation++;
    return null;
  });
  for (const change of ['insert', 'update', 'delete']) {
    sqlite.exec(`create temp trigger if not exists hotline_users_${change} after ${change} on main.users begin select hotline_users_changed(); end`);
  }
  watches.set(sqlite, watch);
  return watch;
}

/** A value derived from the users table, computed again only after the table (may have) changed. */
export class UsersDerived<T> {
  readonly #watch: Watch;
  #generation = -1;
  #dataVersion = -1;
  #value: { current: T } | undefined;
  #checkedThisTurn = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly derive: () => T,
  ) {
    this.#watch = watchOf(sqlite);
  }

  get(): T {
    // data_version costs what a point read costs (it opens a read of the WAL), so it is asked once per turn of
    // the event loop however many events of one AMI chunk ask for accounts: another process's change is seen
    // from the next turn; this connection's own, at once
    if (!this.#checkedThisTurn) {
      this.#checkedThisTurn = true;
      queueMicrotask(() => (this.#checkedThisTurn = false));
      const dataVersion = this.#watch.dataVersion.get()!;
      if (dataVersion !== this.#dataVersion) this.#value = undefined;
      this.#dataVersion = dataVersion;
    }
    if (this.#watch.generation !== this.#generation) this.#value = undefined;
    this.#generation = this.#watch.generation;
    if (this.#value) return this.#value.current;
    const value = this.derive();
    // Read inside a transaction, the table may hold what a rollback takes back: used, not kept. What was kept
    // before serves inside a transaction too, as long as the transaction has not written the table (a write
    // moves the generation): reading every account in a transaction that only asks for one cost ≈ 2 ms a call.
    if (!this.sqlite.inTransaction) this.#value = { current: value };
    return value;
  }
}
