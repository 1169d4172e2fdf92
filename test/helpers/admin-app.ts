// The app on a fresh migrated database with one account per role, for the admin API tests.
import { afterEach, beforeEach } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { Db } from '../../src/db/database.ts';
import { UserRepository, type Role } from '../../src/db/user-repository.ts';
import { createLogger } from '../../src/log.ts';
import { TEST_PASSWORD_COST, testConfig } from './test-config.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { freshDatabase } from './test-db.ts';

// Asterisk deliberately unreachable: the admin routes never need it.
const config = testConfig();

export const ROLE_ACCOUNTS: Record<Role, string> = { operator: 'op1001', supervisor: 'sup1', handler: 'handler1', admin: 'admin1', exchange: 'exchange1' };
export const PASSWORD = 'correct-horse';
// Hashed once: scrypt per account per test would dominate the run time.
const PASSWORD_HASH = await hashPassword(PASSWORD, TEST_PASSWORD_COST);

export interface AdminApp {
  db: Db;
  hotline: Hotline;
  ids: Record<'centre' | 'qualityBureau' | 'ciqBureau', number> & Record<Role, number>;
  /** Sends a request as `role` (or anonymously with null), JSON in and out. */
  request(role: Role | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown): Promise<{ statusCode: number; body: any }>;
  login(username: string, password?: string): Promise<{ statusCode: number; token?: string }>;
  /** Every row an admin route could change, to prove a refused request changed nothing. */
  snapshot(): string;
}

export function useAdminApp(): AdminApp {
  const state = {} as AdminApp;
  const tokens = new Map<Role, string>();

  beforeEach(async () => {
    tokens.clear();
    const db = freshDatabase();
    const departmentId = (code: string) => (db.$client.prepare('select id from departments where code = ?').get(code) as { id: number }).id;
    const accounts = {} as Record<Role, number>;
    const users = new UserRepository(db);
    for (const [role, username] of Object.entries(ROLE_ACCOUNTS) as [Role, string][]) {
      const extension = role === 'operator' ? '1001' : null;
      const departmentIdOf = role === 'handler' ? departmentId('quality-bureau') : null;
      accounts[role] = users.create({ username, displayName: username, passwordHash: PASSWORD_HASH, role, extension, departmentId: departmentIdOf }).id;
    }
    state.db = db;
    state.ids = { centre: departmentId('centre'), qualityBureau: departmentId('quality-bureau'), ciqBureau: departmentId('ciq-bureau'), ...accounts };
    state.hotline = await createHotline(config, createLogger('silent'), { db });
    // Logged in up front, so a snapshot taken before a request already holds every session.
    const logins = await Promise.all((Object.keys(ROLE_ACCOUNTS) as Role[]).map(async (role) => [role, (await state.login(ROLE_ACCOUNTS[role])).token!] as const));
    for (const [role, token] of logins) tokens.set(role, token);
  });

  afterEach(async () => {
    await state.hotline.stop();
  });

  state.login = async (username, password = PASSWORD) => {
    const response = await state.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    return { statusCode: response.statusCode, token: response.json().token };
  };

  state.request = async (role, method, url, payload) => {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${tokens.get(role)}`;
    const response = await state.hotline.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { statusCode: response.statusCode, body: response.body ? response.json() : undefined };
  };

  state.snapshot = () =>
    JSON.stringify(
      ['departments', 'users', 'settings', 'sessions'].map((table) => state.db.$client.prepare(`select * from ${table} order by rowid`).all()),
    );

  return state;
}
