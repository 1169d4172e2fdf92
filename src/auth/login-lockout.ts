// Locking a user name after too many wrong passwords in a row (HOTLINE_LOCKOUT_FAILURES, HOTLINE_LOCKOUT_MINUTES).
// Accounts keep their count and lock in the database (an admin lifts a lock); names that are no account get
// the same answers from a bounded memory, so the answers do not tell which names exist.
import { lockedUntil, type User, type UserRepository } from '../db/user-repository.ts';

export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the name; 0 never locks. */
  threshold: number;
  minutes: number;
}

interface NameRecord {
  failures: number;
  lockedUntil: string | null;
}

export class LoginLockout {
  readonly #unknownNames = new Map<string, NameRecord>();

  constructor(
    private readonly users: UserRepository,
    readonly policy: LockoutPolicy,
    private readonly maxUnknownNames = 10_000,
  ) {}

  /** Until when logins under this name are refused, or null. `user` is the account of that name, if any. */
  lockedUntil(username: string, user: User | undefined, now = new Date()): string | null {
    if (user) return lockedUntil(user, now);
    const until = this.#unknownNames.get(username)?.lockedUntil ?? null;
    return until !== null && until > now.toISOString() ? until : null;
  }

  /** A wrong password under this name; returns the end of the lock when this failure set one. */
  failed(username: string, user: User | undefined, now = new Date()): string | undefined {
    if (this.policy.threshold === 0) return undefined;
    if (user) return this.users.recordFailedLogin(user.id, this.policy, now);
    const record = this.#unknownNames.get(username) ?? { failures: 0, lockedUntil: null };
    // Re-inserted so the Map's order is least recently failed first: the oldest names are forgotten first.
    this.#unknownNames.delete(username);
    record.failures += 1;
    let locked: string | undefined;
    if (record.failures >= this.policy.threshold) {
      locked = new Date(now.getTime() + this.policy.minutes * 60_000).toISOString();
      record.failures = 0;
      record.lockedUntil = locked;
    }
    this.#unknownNames.set(username, record);
    if (this.#unknownNames.size > this.maxUnknownNames) this.#unknownNames.delete(this.#unknownNames.keys().next().value!);
    return locked;
  }

  /** A successful login: the count starts again. */
  succeeded(user: User): void {
    if (user.failedLogins > 0 || user.lockedUntil !== null) this.users.clearFailedLogins(user.id);
  }
}
