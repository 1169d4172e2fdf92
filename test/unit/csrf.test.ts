// CSRF: a write (POST, PUT, PATCH, DELETE) authenticated by the session cookie needs the header
// X-Hotline-Client: web, and a browser's Origin (or Sec-Fetch-Site) must be this server's own. Refused with
// 403 and a message, changing nothing; the web app's header passes; bearer-token clients are not checked.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';
import { useAdminApp } from '../helpers/admin-app.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

const app = useAdminApp();
const HOST = 'hotline.test:3000';

/** The admin logged in as the browser is: the token only in the HttpOnly cookie. */
async function adminCookie() {
  const login = await app.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin1', password: 'correct-horse' }, headers: { host: HOST } });
  return String(login.headers['set-cookie']).split(';')[0]!;
}

const rename = (headers: Record<string, string>, displayName = 'Renamed') =>
  app.hotline.app.inject({ method: 'PATCH', url: `/api/users/${app.ids.operator}`, payload: { displayName }, headers: { host: HOST, ...headers } });
const nameOfOperator = () => (app.db.$client.prepare('select display_name as name from users where id = ?').get(app.ids.operator) as { name: string }).name;

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses POST, PUT, PATCH and DELETE with the cookie but without X-Hotline-Client, with 403 and a message, changing nothing', async () => {
    const cookie = await adminCookie();
    const before = app.snapshot();
    const attempts = [
      { method: 'POST', url: '/api/users', payload: { username: 'intruder', password: 'correct-horse-battery', role: 'admin' } },
      { method: 'PUT', url: '/api/admin/time-limits', payload: {} },
      { method: 'PATCH', url: `/api/users/${app.ids.operator}`, payload: { disabled: true } },
      { method: 'DELETE', url: '/api/callbacks/1' },
      { method: 'POST', url: '/api/auth/logout', payload: {} },
    ] as const;
    for (const attempt of attempts) {
      const response = await app.hotline.app.inject({ ...attempt, headers: { host: HOST, cookie } });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(403);
      expect(response.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'a write with the session cookie needs the header X-Hotline-Client: web (the web app sends it); scripts authenticate with Authorization: Bearer',
      });
    }
    expect(app.snapshot()).toBe(before);
    // the refused logout did not end the session: reads still work with the cookie alone
    expect((await app.hotline.app.inject({ method: 'GET', url: '/api/users', headers: { host: HOST, cookie } })).statusCode).toBe(200);
  });

  it('lets the web app write: the cookie with X-Hotline-Client: web, from the server’s own origin or none', async () => {
    const cookie = await adminCookie();
    const sameOrigin = await rename({ cookie, 'x-hotline-client': 'web', origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.statusCode).toBe(200);
    expect(nameOfOperator()).toBe('Renamed');
    expect((await rename({ cookie, 'x-hotline-client': 'web' }, 'Renamed again')).statusCode).toBe(200);
    expect(nameOfOperator()).toBe('Renamed again');
  });

  it('refuses a write from another origin, or one another site started, even with the header', async () => {
    const cookie = await adminCookie();
    const before = app.snapshot();
    const foreign = await rename({ cookie, 'x-hotline-client': 'web', origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().message).toBe("a write from the origin https://evil.example is refused: only this server's pages (and HOTLINE_ALLOWED_ORIGINS) may write");
    const crossSite = await rename({ cookie, 'x-hotline-client': 'web', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().message).toBe('a write started by another site (Sec-Fetch-Site: cross-site) is refused');
    expect((await rename({ cookie, 'x-hotline-client': 'web', origin: 'null' })).statusCode).toBe(403);
    expect((await rename({ cookie, 'x-hotline-client': 'other' })).statusCode).toBe(403);
    expect(app.snapshot()).toBe(before);
  });

  it('keeps other sites from logging a browser in; scripts log in without an Origin', async () => {
    const login = (headers: Record<string, string>) =>
      app.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password: 'correct-horse' }, headers: { host: HOST, ...headers } });
    const fromElsewhere = await login({ origin: 'https://evil.example' });
    expect(fromElsewhere.statusCode).toBe(403);
    expect(fromElsewhere.headers['set-cookie']).toBeUndefined();
    expect((await login({ origin: `http://${HOST}` })).statusCode).toBe(200);
    expect((await login({})).statusCode).toBe(200);
  });

  it('does not check reads, nor clients that send a bearer token (scripts, exchange clients)', async () => {
    const cookie = await adminCookie();
    expect((await app.hotline.app.inject({ method: 'GET', url: '/api/users', headers: { host: HOST, cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
    const bearer = await app.request('admin', 'PATCH', `/api/users/${app.ids.operator}`, { displayName: 'By script' });
    expect(bearer.statusCode).toBe(200);
    expect(nameOfOperator()).toBe('By script');
  });
});

describe('origins allowed besides the server’s own', () => {
  it('lets a browser write from an origin in HOTLINE_ALLOWED_ORIGINS (behind a proxy), and no other', async () => {
    const db = freshDatabase();
    await addUser(db, { username: 'op', role: 'operator' });
    const hotline = await createHotline(testConfig({ HOTLINE_ALLOWED_ORIGINS: 'https://hotline.example.gov.cn' }), createLogger('silent'), { db });
    try {
      const login = (origin: string) =>
        hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op', password: 'correct-horse' }, headers: { host: '127.0.0.1:3000', origin } });
      expect((await login('https://hotline.example.gov.cn')).statusCode).toBe(200);
      expect((await login('https://other.example.gov.cn')).statusCode).toBe(403);
    } finally {
      await hotline.stop();
    }
  });
});
