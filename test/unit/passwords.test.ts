// scrypt at OWASP's cost, and hashes from a cheaper era re-made at the next login.
import { afterEach, describe, expect, it } from 'vitest';
import { costOf, hashPassword, needsRehash, verifyPassword } from '../../src/auth/passwords.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig, TEST_PASSWORD_COST } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

let hotline: Hotline | undefined;
afterEach(async () => {
  await hotline?.stop();
});

describe('passwords', () => {
  it('hash at N = 2^17, r = 8, p = 1 by default, and verify', async () => {
    const hash = await hashPassword('correct-horse');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('correct-horse', hash)).toBe(true);
    expect(await verifyPassword('correct-horsE', hash)).toBe(false);
    expect(needsRehash(hash, costOf(17))).toBe(false);
    expect(needsRehash(await hashPassword('x', costOf(14)), costOf(17))).toBe(true);
  });

  it('are re-hashed at the configured cost after a successful login, and only then', async () => {
    const db = freshDatabase();
    await addUser(db, { username: 'op1001', role: 'operator' });
    const stored = () => (db.$client.prepare(`select password_hash as hash from users where username = 'op1001'`).get() as { hash: string }).hash;
    const cheap = stored();
    expect(cheap).toMatch(new RegExp(`^scrypt\\$${TEST_PASSWORD_COST.N}\\$`));
    hotline = await createHotline(testConfig({ HOTLINE_PASSWORD_COST: '15' }), createLogger('silent'), { db });
    const login = (password: string) => hotline!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password } });
    expect((await login('wrong-horse')).statusCode).toBe(401);
    expect(stored()).toBe(cheap);
    expect((await login('correct-horse')).statusCode).toBe(200);
    expect(stored()).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect((await login('correct-horse')).statusCode).toBe(200);
  });

  it('give the session cookie Secure when the deployment is behind TLS', async () => {
    const db = freshDatabase();
    await addUser(db, { username: 'op1001', role: 'operator' });
    hotline = await createHotline(testConfig({ HOTLINE_COOKIE_SECURE: 'true' }), createLogger('silent'), { db });
    const response = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password: 'correct-horse' } });
    expect(response.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  });
});
