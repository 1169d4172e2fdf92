// Hardening with well-kept libraries: helmet's security headers (a CSP the desk and wallboard pass — the
// browser tests prove that part) and @fastify/rate-limit on login per address, with 429 and Retry-After.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

let hotline: Hotline | undefined;
afterEach(async () => {
  await hotline?.stop();
  hotline = undefined;
});

async function start(env: Record<string, string> = {}) {
  const db = freshDatabase();
  await addUser(db, { username: 'op', role: 'operator' });
  hotline = await createHotline(testConfig(env), createLogger('silent'), { db });
  return hotline;
}

describe('security headers', () => {
  it('sends a CSP that allows only the app’s own scripts, no framing, no sniffing; no HSTS over plain HTTP', async () => {
    const app = (await start()).app;
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS and upgrades requests when served over HTTPS (secure cookies)', async () => {
    const app = (await start({ HOTLINE_COOKIE_SECURE: 'true' })).app;
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['strict-transport-security']).toContain('max-age=15552000');
    expect(String(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});

describe('login rate limit', () => {
  it('answers the 4th attempt a minute from one address with 429, Retry-After and a readable message; others are not limited', async () => {
    const app = (await start({ HOTLINE_LOGIN_PER_MINUTE: '3' })).app;
    const login = (password: string, remoteAddress = '127.0.0.1') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op', password }, remoteAddress });
    expect((await login('wrong-1')).statusCode).toBe(401);
    expect((await login('wrong-2')).statusCode).toBe(401);
    expect((await login('correct-horse')).statusCode).toBe(200);
    const limited = await login('correct-horse');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited.json().message).toMatch(/^too many login attempts from your address; try again in \d+ (seconds?|minutes?)$/);
    // another address, and the rest of the API, are not held back
    expect((await login('correct-horse', '10.0.0.7')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses a rate that is not one at start, naming the variable', () => {
    expect(() => testConfig({ HOTLINE_LOGIN_PER_MINUTE: 'lots' })).toThrow(/HOTLINE_LOGIN_PER_MINUTE/);
  });
});
