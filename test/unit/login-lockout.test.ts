// A user name is locked after HOTLINE_LOCKOUT_FAILURES wrong passwords in a row (default 5): even the right
// password is refused (423, until when), the lock is audited and kept in the database, an admin lifts it
// (audited), a login in between starts the count again, and names that are no account answer alike.
import { describe, expect, it } from 'vitest';
import { LoginLockout } from '../../src/auth/login-lockout.ts';
import { UserRepository } from '../../src/db/user-repository.ts';
import { PASSWORD, useAdminApp } from '../helpers/admin-app.ts';
import { freshDatabase, addUser } from '../helpers/test-db.ts';

const app = useAdminApp();

const login = (username: string, password: string) =>
  app.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: '10.1.2.3' });
const auditOf = (action: string) => app.hotline.audit.search({ action }).entries;
const lockColumns = (id: number) => app.db.$client.prepare('select failed_logins as failures, locked_until as until from users where id = ?').get(id);

describe('login lockout', () => {
  it('locks the name at the 5th wrong password in a row: the right one is refused with 423, until when, audited', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) expect((await login('op1001', `wrong-${attempt}`)).statusCode).toBe(401);
    const fifth = await login('op1001', 'wrong-5');
    expect(fifth.statusCode).toBe(423);
    const until = fifth.json().lockedUntil as string;
    const minutes = (Date.parse(until) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(fifth.json()).toMatchObject({ statusCode: 423, error: 'Locked', message: `user op1001 is locked after 5 wrong passwords in a row, until ${until}; an admin can unlock it sooner` });

    const right = await login('op1001', PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().message).toContain('is locked');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(890);
    expect(right.headers['set-cookie']).toBeUndefined();

    expect(auditOf('account-locked')).toEqual([
      expect.objectContaining({ actor: null, target: expect.objectContaining({ username: 'op1001' }), details: { failures: 5, until, address: '10.1.2.3' } }),
    ]);
    // kept in the database, so a restart does not lift it; the admin's list shows it
    expect(lockColumns(app.ids.operator)).toEqual({ failures: 0, until });
    const listed = (await app.request('admin', 'GET', '/api/users')).body.users;
    expect(listed.find((user: { username: string }) => user.username === 'op1001').lockedUntil).toBe(until);
    expect(listed.find((user: { username: string }) => user.username === 'sup1').lockedUntil).toBeNull();
    // other accounts are not touched
    expect((await login('sup1', PASSWORD)).statusCode).toBe(200);
  });

  it('lets an admin unlock the account (audited): the right password works again, and the count starts anew', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await login('op1001', `wrong-${attempt}`);
    expect((await login('op1001', PASSWORD)).statusCode).toBe(423);

    const unlocked = await app.request('admin', 'POST', `/api/admin/users/${app.ids.operator}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.body).toMatchObject({ username: 'op1001', lockedUntil: null });
    expect(auditOf('account-unlocked')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ username: 'admin1' }), target: expect.objectContaining({ username: 'op1001' }) }),
    ]);
    expect(lockColumns(app.ids.operator)).toEqual({ failures: 0, until: null });
    expect((await login('op1001', PASSWORD)).statusCode).toBe(200);
    // once unlocked there is nothing left to unlock: a clear 409 that changes nothing
    const before = app.snapshot();
    const again = await app.request('admin', 'POST', `/api/admin/users/${app.ids.operator}/unlock`);
    expect(again).toEqual({ statusCode: 409, body: { statusCode: 409, error: 'Conflict', message: 'user op1001 is not locked' } });
    expect(app.snapshot()).toBe(before);
  });

  it('refuses the unlock to everyone but an admin, and for a user that does not exist, changing nothing', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await login('op1001', `wrong-${attempt}`);
    const before = app.snapshot();
    for (const role of ['operator', 'supervisor', 'handler', 'exchange'] as const) {
      expect((await app.request(role, 'POST', `/api/admin/users/${app.ids.operator}/unlock`)).statusCode).toBe(403);
    }
    expect((await app.request(null, 'POST', `/api/admin/users/${app.ids.operator}/unlock`)).statusCode).toBe(401);
    expect(await app.request('admin', 'POST', '/api/admin/users/999999/unlock')).toMatchObject({ statusCode: 404, body: { message: 'no user 999999' } });
    expect((await app.request('admin', 'POST', '/api/admin/users/abc/unlock')).statusCode).toBe(400);
    expect(app.snapshot()).toBe(before);
    expect((await login('op1001', PASSWORD)).statusCode).toBe(423);
  });

  it('counts wrong passwords in a row only: a login in between starts the count again', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await login('op1001', `wrong-${attempt}`);
    expect(lockColumns(app.ids.operator)).toEqual({ failures: 4, until: null });
    expect((await login('op1001', PASSWORD)).statusCode).toBe(200);
    expect(lockColumns(app.ids.operator)).toEqual({ failures: 0, until: null });
    for (let attempt = 1; attempt <= 4; attempt++) expect((await login('op1001', `wrong-${attempt}`)).statusCode).toBe(401);
    expect((await login('op1001', PASSWORD)).statusCode).toBe(200);
  });

  it('locks once when wrong passwords arrive all at once: those checked after the lock are refused as locked', async () => {
    // All eight pass the first look (not locked yet) and are hashed side by side; each reads the account again after.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => login('op1001', `wrong-${n}`)));
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 401)).toHaveLength(4);
    expect(codes.filter((code) => code === 423)).toHaveLength(4);
    expect(auditOf('account-locked')).toHaveLength(1);
  });

  it('answers a name that is no account the same way, so the answers do not tell which names exist', async () => {
    const answers = [];
    for (let attempt = 1; attempt <= 6; attempt++) answers.push((await login('nobody', `wrong-${attempt}`)).json());
    expect(answers.slice(0, 4).map((answer) => answer.statusCode)).toEqual([401, 401, 401, 401]);
    expect(answers[4]).toMatchObject({ statusCode: 423, message: expect.stringMatching(/^user nobody is locked after 5 wrong passwords in a row, until /) });
    expect(answers[5]).toMatchObject({ statusCode: 423 });
    // nothing written about a name that is no account
    expect(auditOf('account-locked')).toEqual([]);
  });
});

describe('the lock in the database', () => {
  it('runs out by itself after HOTLINE_LOCKOUT_MINUTES, and then the name has its full count again', async () => {
    const db = freshDatabase();
    const user = await addUser(db, { username: 'op', role: 'operator' });
    const users = new UserRepository(db);
    const lockout = new LoginLockout(users, { threshold: 3, minutes: 10 });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute));
    expect(lockout.failed('op', users.byId(user.id), at(0))).toBeUndefined();
    expect(lockout.failed('op', users.byId(user.id), at(1))).toBeUndefined();
    expect(lockout.failed('op', users.byId(user.id), at(2))).toBe('2026-11-22T09:12:00.000Z');
    expect(lockout.lockedUntil('op', users.byId(user.id), at(11))).toBe('2026-11-22T09:12:00.000Z');
    expect(lockout.lockedUntil('op', users.byId(user.id), at(12))).toBeNull();
    expect(lockout.failed('op', users.byId(user.id), at(13))).toBeUndefined();
    expect(lockout.failed('op', users.byId(user.id), at(14))).toBeUndefined();
    expect(lockout.failed('op', users.byId(user.id), at(15))).toBe('2026-11-22T09:25:00.000Z');
  });

  it('never locks with HOTLINE_LOCKOUT_FAILURES=0', async () => {
    const db = freshDatabase();
    const user = await addUser(db, { username: 'op', role: 'operator' });
    const users = new UserRepository(db);
    const lockout = new LoginLockout(users, { threshold: 0, minutes: 15 });
    for (let attempt = 0; attempt < 20; attempt++) expect(lockout.failed('op', users.byId(user.id))).toBeUndefined();
    expect(lockout.lockedUntil('op', users.byId(user.id))).toBeNull();
  });

  it('forgets the oldest names that are no account first, past its bound', () => {
    const lockout = new LoginLockout(new UserRepository(freshDatabase()), { threshold: 1, minutes: 15 }, 2);
    for (const name of ['a', 'b', 'c']) expect(lockout.failed(name, undefined)).toBeDefined();
    expect(lockout.lockedUntil('a', undefined)).toBeNull();
    expect(lockout.lockedUntil('b', undefined)).not.toBeNull();
    expect(lockout.lockedUntil('c', undefined)).not.toBeNull();
  });
});
