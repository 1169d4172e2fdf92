// Hardening with well-kept libraries: helmet's security headers (a CSP the desk and wallboard pass — the
// browser tests prove that part) and @fastify/rate-limit on login per address and per user name, and on the
// API per session (per address before logging in), each with 429, Retry-After and a message.
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
  await addUser(db, { username: 'sup', role: 'supervisor' });
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
    const elsewhere = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sup', password: 'correct-horse' }, remoteAddress: '10.0.0.7' });
    expect(elsewhere.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers the 4th attempt a minute for one user name with 429 too, whichever addresses they come from', async () => {
    const app = (await start({ HOTLINE_LOGIN_PER_MINUTE: '3' })).app;
    const login = (username: string, password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
    expect((await login('op', 'wrong-1', '10.0.0.1')).statusCode).toBe(401);
    expect((await login('op', 'wrong-2', '10.0.0.2')).statusCode).toBe(401);
    expect((await login('op', 'correct-horse', '10.0.0.3')).statusCode).toBe(200);
    const limited = await login('op', 'correct-horse', '10.0.0.4');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^too many login attempts for the user name op; try again in \d+ (seconds?|minutes?)$/),
    });
    // the limited attempt was not counted as a wrong password, and other names are not held back
    expect((await login('sup', 'correct-horse', '10.0.0.4')).statusCode).toBe(200);
  });

  it('refuses a rate that is not one at start, naming the variable', () => {
    expect(() => testConfig({ HOTLINE_LOGIN_PER_MINUTE: 'lots' })).toThrow(/HOTLINE_LOGIN_PER_MINUTE/);
    expect(() => testConfig({ HOTLINE_API_PER_MINUTE: '0' })).toThrow(/^HOTLINE_API_PER_MINUTE: "0" is not a rate/);
    expect(() => testConfig({ HOTLINE_LOCKOUT_FAILURES: '-1' })).toThrow(/^HOTLINE_LOCKOUT_FAILURES: "-1" is not a count/);
    expect(() => testConfig({ HOTLINE_LOCKOUT_MINUTES: '1.5' })).toThrow(/^HOTLINE_LOCKOUT_MINUTES: "1.5" is not a duration/);
    expect(testConfig()).toMatchObject({ lockout: { threshold: 5, minutes: 15 } });
    expect(testConfig({ HOTLINE_API_PER_MINUTE: '' }).apiPerMinute).toBe(1200);
  });
});

describe('API rate limit', () => {
  it('answers the request past HOTLINE_API_PER_MINUTE in one session with 429 and Retry-After; other sessions go on', async () => {
    const app = (await start({ HOTLINE_API_PER_MINUTE: '5' })).app;
    const tokenOf = async (username: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
    const [op, sup] = [await tokenOf('op'), await tokenOf('sup')];
    const me = (token: string) => app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    for (let request = 1; request <= 5; request++) expect((await me(op)).statusCode).toBe(200);
    const limited = await me(op);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^more than 5 requests a minute in this session; try again in \d+ (seconds?|minutes?)$/) });
    // a session of its own has a budget of its own, from the same address; pages outside /api are not limited
    expect((await me(sup)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('counts after authentication: a request without a session, or with a made-up token, is refused 401 and costs no budget', async () => {
    const app = (await start({ HOTLINE_API_PER_MINUTE: '2' })).app;
    for (let n = 0; n < 5; n++) {
      expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer made-up-${n}` } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    }
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op', password: 'correct-horse' } })).json().token as string;
    const me = () => app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect([(await me()).statusCode, (await me()).statusCode, (await me()).statusCode]).toEqual([200, 200, 429]);
  });
});
