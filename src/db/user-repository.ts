// Users, their sessions and their agent intent.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Language } from '../config.ts';
import type { Agent, AgentState, AgentStore } from '../queues/agent-state.ts';
import type { Db } from './database.ts';
import { sessions, users } from './schema.ts';
import { UsersDerived } from './users-changed.ts';

export type Role = (typeof users.$inferSelect)['role'];
export const ROLES: readonly Role[] = ['operator', 'supervisor', 'handler', 'admin', 'exchange'];
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type PhoneAccount = Readonly<Pick<User, 'id' | 'displayName' | 'languages'> & { extension: string }>;

/** Sessions are stored (and compared) by the SHA-256 of their token, never the token itself. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Which sessions ended: one (logout) or all of a user's (disabled, password changed). */
export type SessionsEnded = { tokenHash: string } | { userId: number };

export function languagesOf(user: Pick<User, 'languages'>): Language[] {
  return user.languages.split(',').filter((lang): lang is Language => lang === 'zh' || lang === 'en');
}

/** Until when the account refuses logins, or null when it is not locked (never, or the lock has run out). */
export function lockedUntil(user: Pick<User, 'lockedUntil'>, now = new Date()): string | null {
  return user.lockedUntil !== null && user.lockedUntil > now.toISOString() ? user.lockedUntil : null;
}

export function toAgent(user: User): Agent | null {
  if (!user.extension) return null;
  return {
    userId: user.id,
    username: user.username,
    extension: user.extension,
    languages: languagesOf(user),
    desiredState: user.desiredAgentState,
    pauseReason: user.pauseReason,
  };
}

export class UserRepository implements AgentStore {
  /** The active accounts with a phone, read again only after a change to the users table (see users-changed.ts). */
  readonly #phones: UsersDerived<{ byExtension: Map<string, User>; withPhones: PhoneAccount[] }>;
  readonly #liveSessions;
  readonly #sessionListeners = new Set<(ended: SessionsEnded) => void>();

  /** Called after sessions end in this process, so open sockets of those sessions can be closed at once. */
  onSessionsEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.#sessionListeners.add(listener);
    return () => this.#sessionListeners.delete(listener);
  }

  #sessionsEnded(ended: SessionsEnded): void {
    for (const listener of this.#sessionListeners) listener(ended);
  }

  constructor(private readonly db: Db) {
    const columns = `id, username, display_name as displayName, role, extension, languages,
              desired_agent_state as desiredAgentState, pause_reason as pauseReason, disabled, department_id as departmentId, created_at as createdAt,
              password_hash as passwordHash, failed_logins as failedLogins, locked_until as lockedUntil`;
    const withPhone = db.$client.prepare<[], User>(`select ${columns} from users where extension is not null and disabled = 0 order by username`);
    this.#phones = new UsersDerived(db.$client, () => {
      const rows = withPhone.all().map((row) => Object.freeze({ ...row, disabled: Boolean(row.disabled) }));
      return {
        byExtension: new Map(rows.map((row) => [row.extension!, row])),
        withPhones: rows
          .filter((row) => row.role === 'operator' || row.role === 'supervisor')
          .map((row) => Object.freeze({ id: row.id, displayName: row.displayName, extension: row.extension!, languages: row.languages })),
      };
    });
    this.#liveSessions = db.$client.prepare<[string], { tokenHash: string }>(
      `select s.token_hash as tokenHash from sessions s join users u on u.id = s.user_id where s.expires_at > ? and u.disabled = 0`,
    );
  }

  create(user: NewUser): User {
    return this.db.insert(users).values(user).returning().get();
  }

  byUsername(username: string): User | undefined {
    return this.db.select().from(users).where(eq(users.username, username)).get();
  }

  byId(id: number): User | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  /** The active account at this extension (asked on every ring and queue-member event: kept in memory). */
  byExtension(extension: string): Readonly<User> | undefined {
    return this.#phones.get().byExtension.get(extension);
  }

  /** Active operators and supervisors with a phone, by username: the wallboard's rows (asked on every KPI push). */
  withPhones(): readonly PhoneAccount[] {
    return this.#phones.get().withPhones;
  }

  list(): User[] {
    return this.db.select().from(users).orderBy(users.username).all();
  }

  update(id: number, changes: Partial<NewUser>): void {
    this.db.update(users).set(changes).where(eq(users.id, id)).run();
  }

  /** Whether another user (disabled ones too: the column is unique) already has this extension. */
  isExtensionTaken(extension: string, exceptUserId?: number): boolean {
    const holder = this.db.select({ id: users.id }).from(users).where(eq(users.extension, extension)).get();
    return holder !== undefined && holder.id !== exceptUserId;
  }

  /** A password change or a disabling: the update and the end of every session commit together. */
  updateEndingSessions(id: number, changes: Partial<NewUser>): void {
    this.db.transaction((tx) => {
      tx.update(users).set(changes).where(eq(users.id, id)).run();
      tx.delete(sessions).where(eq(sessions.userId, id)).run();
    });
    this.#sessionsEnded({ userId: id });
  }

  agentsWithIntent(): Agent[] {
    return this.db
      .select()
      .from(users)
      .where(and(isNotNull(users.extension), eq(users.disabled, false)))
      .all()
      .flatMap((user) => toAgent(user) ?? []);
  }

  saveDesiredState(userId: number, state: AgentState, reason: string | null): void {
    this.db.update(users).set({ desiredAgentState: state, pauseReason: reason }).where(eq(users.id, userId)).run();
  }

  createSession(userId: number, hours: number): { token: string; expiresAt: string } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString();
    this.db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt }).run();
    return { token, expiresAt };
  }

  userForToken(token: string): User | undefined {
    const row = this.db
      .select({ user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date().toISOString()), eq(users.disabled, false)))
      .get();
    return row?.user;
  }

  /** The hashes of every session still good (not expired, its user not disabled): one read for all open sockets. */
  liveSessionHashes(now = new Date()): Set<string> {
    return new Set(this.#liveSessions.all(now.toISOString()).map((row) => row.tokenHash));
  }

  endSession(token: string): void {
    const tokenHash = hashToken(token);
    this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    this.#sessionsEnded({ tokenHash });
  }

  endAllSessions(userId: number): void {
    this.db.delete(sessions).where(eq(sessions.userId, userId)).run();
    this.#sessionsEnded({ userId });
  }

  /**
   * A wrong password for this account: one more failure in a row; the one that reaches `threshold` locks the
   * account until `now + minutes` and starts the count again. Returns the lock's end when this failure set it.
   */
  recordFailedLogin(id: number, lockout: { threshold: number; minutes: number }, now = new Date()): string | undefined {
    return this.db.transaction((tx) => {
      const { failedLogins } = tx.update(users).set({ failedLogins: sql`${users.failedLogins} + 1` }).where(eq(users.id, id)).returning({ failedLogins: users.failedLogins }).get()!;
      if (lockout.threshold === 0 || failedLogins < lockout.threshold) return undefined;
      const lockedUntil = new Date(now.getTime() + lockout.minutes * 60_000).toISOString();
      tx.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, id)).run();
      return lockedUntil;
    });
  }

  /** A login, or an admin's unlock: no failures counted, no lock. */
  clearFailedLogins(id: number): void {
    this.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id)).run();
  }

  /** Deletes sessions past their expiry; returns how many. */
  purgeExpiredSessions(now = new Date()): number {
    return this.db.$client.prepare('delete from sessions where expires_at <= ?').run(now.toISOString()).changes;
  }
}
