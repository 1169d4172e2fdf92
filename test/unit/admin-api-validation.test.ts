import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMITS } from '../../src/cases/time-limits.ts';
import { useAdminApp } from '../helpers/admin-app.ts';

const app = useAdminApp();
const department = (changes: Record<string, unknown> = {}) => ({ code: 'haidian', nameZh: '海淀分局', nameEn: 'Haidian Branch', parentId: app.ids.qualityBureau, ...changes });
const account = (changes: Record<string, unknown> = {}) => ({ username: 'op1002', password: 'long-enough', role: 'operator', ...changes });

type BadRequest = [label: string, method: 'POST' | 'PATCH' | 'PUT', url: () => string, payload: () => unknown, message: RegExp];
const BAD_REQUESTS: BadRequest[] = [
  ['a code with capitals and spaces', 'POST', () => '/api/departments', () => department({ code: 'Hai Dian' }), /body\/code: a code: /],
  ['SQL in a code', 'POST', () => '/api/departments', () => department({ code: "x'; drop table departments; --" }), /body\/code: a code: /],
  ['a one-letter code', 'POST', () => '/api/departments', () => department({ code: 'h' }), /body\/code: a code: /],
  ['a script tag in nameZh', 'POST', () => '/api/departments', () => department({ nameZh: '<script>alert(1)</script>' }), /body\/nameZh: a name: /],
  ['a closing tag in nameEn', 'POST', () => '/api/departments', () => department({ nameEn: 'Haidian</b>' }), /body\/nameEn: a name: /],
  ['an HTML comment in nameEn', 'POST', () => '/api/departments', () => department({ nameEn: '<!-- x -->' }), /body\/nameEn: a name: /],
  ['a blank name', 'POST', () => '/api/departments', () => department({ nameEn: '   ' }), /body\/nameEn: a name: /],
  ['a name of 101 characters', 'POST', () => '/api/departments', () => department({ nameEn: 'x'.repeat(101) }), /body\/nameEn: at most 100 characters/],
  ['parentId as a string', 'POST', () => '/api/departments', () => department({ parentId: String(app.ids.qualityBureau) }), /body\/parentId: must be a whole number/],
  ['a department without parentId', 'POST', () => '/api/departments', () => ({ code: 'haidian', nameZh: '海淀', nameEn: 'Haidian' }), /parentId: required/],
  ['an unknown department field', 'POST', () => '/api/departments', () => department({ id: 1 }), /^body\/id: not a field here \(the fields are code, nameZh, nameEn, parentId\)$/],
  ['an unknown parent', 'POST', () => '/api/departments', () => department({ parentId: 9999 }), /^parentId 9999 is not a department$/],
  ['a department id that is not a number', 'PATCH', () => '/api/departments/abc', () => ({ nameEn: 'x' }), /params\/id: an id: /],
  ['department id 0', 'PATCH', () => '/api/departments/0', () => ({ nameEn: 'x' }), /params\/id: an id: /],
  ['SQL in a department id', 'PATCH', () => `/api/departments/1%20or%201=1`, () => ({ nameEn: 'x' }), /params\/id: an id: /],
  ['an empty department change', 'PATCH', () => `/api/departments/${app.ids.ciqBureau}`, () => ({}), /^body: send at least one field$/],
  ['a change of code', 'PATCH', () => `/api/departments/${app.ids.ciqBureau}`, () => ({ code: 'ciq' }), /body\/code: not a field here/],
  ['active as a string', 'PATCH', () => `/api/departments/${app.ids.ciqBureau}`, () => ({ active: 'false' }), /body\/active: must be true or false/],
  ['SQL in a username', 'POST', () => '/api/users', () => account({ username: "admin' OR '1'='1" }), /body\/username: a user name: /],
  ['a password of 7 characters', 'POST', () => '/api/users', () => account({ password: 'short12' }), /body\/password: at least 8 characters/],
  ['a password of 257 characters', 'POST', () => '/api/users', () => account({ password: 'p'.repeat(257) }), /body\/password: at most 256 characters/],
  ['an unknown role', 'POST', () => '/api/users', () => account({ role: 'root' }), /body\/role: one of /],
  ['an extension with a letter', 'POST', () => '/api/users', () => account({ extension: '10a1' }), /body\/extension: an extension: /],
  ['an extension as a number', 'POST', () => '/api/users', () => account({ extension: 1002 }), /body\/extension: must be text or null/],
  ['an unknown language', 'POST', () => '/api/users', () => account({ languages: ['fr'] }), /body\/languages\/0: one of /],
  ['a repeated language', 'POST', () => '/api/users', () => account({ languages: ['zh', 'zh'] }), /body\/languages: each item only once/],
  ['a handler without a department', 'POST', () => '/api/users', () => account({ role: 'handler' }), /^departmentId is required for a handler$/],
  ['an unknown department for a user', 'POST', () => '/api/users', () => account({ role: 'handler', departmentId: 9999 }), /^departmentId 9999 is not a department$/],
  ['a password hash sent as such', 'POST', () => '/api/users', () => account({ passwordHash: 'scrypt$1$1$1$x$y' }), /body\/passwordHash: not a field here/],
  ['a user id that is not a number', 'PATCH', () => '/api/users/abc', () => ({ displayName: 'x' }), /params\/id: an id: /],
  ['disabled as a string', 'PATCH', () => `/api/users/${app.ids.operator}`, () => ({ disabled: 'yes' }), /body\/disabled: must be true or false/],
  ['an image tag in displayName', 'PATCH', () => `/api/users/${app.ids.operator}`, () => ({ displayName: '<img src=x onerror=alert(1)>' }), /body\/displayName: a name: /],
  ['a change of username', 'PATCH', () => `/api/users/${app.ids.operator}`, () => ({ username: 'root' }), /body\/username: not a field here/],
  ['a time-limit table as an array', 'PUT', () => '/api/admin/time-limits', () => [DEFAULT_TIME_LIMITS], /body: must be a JSON object/],
  ['an unknown time-limit stage', 'PUT', () => '/api/admin/time-limits', () => ({ ...DEFAULT_TIME_LIMITS, appeal: { default: 5 } }), /body\/appeal: not a field here/],
  ['a stage that is a number', 'PUT', () => '/api/admin/time-limits', () => ({ ...DEFAULT_TIME_LIMITS, handling: 15 }), /body\/handling: must be a JSON object/],
];

describe('admin API: bad input', () => {
  it.each(BAD_REQUESTS)('refuses %s with 400, changing nothing', async (_, method, url, payload, message) => {
    const before = app.snapshot();
    const response = await app.request('admin', method, url(), payload());
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    expect(app.snapshot()).toBe(before);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const before = app.snapshot();
    const token = (await app.login('admin1')).token;
    const response = await app.hotline.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"code": "haidian",',
    });
    expect(response.statusCode).toBe(400);
    // Only the login above may have changed anything: a session row.
    const [departments, users, settings] = JSON.parse(before);
    expect(JSON.parse(app.snapshot()).slice(0, 3)).toEqual([departments, users, settings]);
  });

  it('refuses an inactive department for a handler', async () => {
    await app.request('admin', 'PATCH', `/api/departments/${app.ids.ciqBureau}`, { active: false });
    const before = app.snapshot();
    const response = await app.request('admin', 'PATCH', `/api/users/${app.ids.handler}`, { departmentId: app.ids.ciqBureau });
    expect(response).toMatchObject({ statusCode: 400, body: { message: `departmentId ${app.ids.ciqBureau} is inactive` } });
    expect(app.snapshot()).toBe(before);
  });
});
