import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMITS } from '../../src/cases/time-limits.ts';
import { defaultLineSettings } from '../../src/queues/line-settings.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import type { Role } from '../../src/db/user-repository.ts';
import { useAdminApp } from '../helpers/admin-app.ts';

const app = useAdminApp();
const ALL_ROLES: Role[] = ['operator', 'supervisor', 'handler', 'admin', 'exchange'];
const branch = (code: string, parentId: number) => ({ code, nameZh: '海淀分局', nameEn: 'Haidian Branch', parentId });

type Route = { name: string; method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: () => string; payload?: () => unknown; allowed: Role[] };
const ROUTES: Route[] = [
  { name: 'GET /api/departments', method: 'GET', url: () => '/api/departments', allowed: ALL_ROLES },
  { name: 'POST /api/departments', method: 'POST', url: () => '/api/departments', payload: () => branch('haidian', app.ids.qualityBureau), allowed: ['admin'] },
  { name: 'PATCH /api/departments/:id', method: 'PATCH', url: () => `/api/departments/${app.ids.ciqBureau}`, payload: () => ({ nameEn: 'CIQ Bureau' }), allowed: ['admin'] },
  { name: 'GET /api/users', method: 'GET', url: () => '/api/users', allowed: ['admin'] },
  { name: 'POST /api/users', method: 'POST', url: () => '/api/users', payload: () => ({ username: 'op1002', password: 'long-enough', role: 'operator' }), allowed: ['admin'] },
  { name: 'PATCH /api/users/:id', method: 'PATCH', url: () => `/api/users/${app.ids.operator}`, payload: () => ({ displayName: '王芳' }), allowed: ['admin'] },
  { name: 'GET /api/admin/time-limits', method: 'GET', url: () => '/api/admin/time-limits', allowed: ['admin', 'supervisor'] },
  { name: 'PUT /api/admin/time-limits', method: 'PUT', url: () => '/api/admin/time-limits', payload: () => ({ ...DEFAULT_TIME_LIMITS, 'sign-for': { default: 2 } }), allowed: ['admin'] },
  { name: 'GET /api/admin/line-settings', method: 'GET', url: () => '/api/admin/line-settings', allowed: ['admin', 'supervisor'] },
  { name: 'GET /api/admin/pause-reasons', method: 'GET', url: () => '/api/admin/pause-reasons', allowed: ['admin', 'supervisor'] },
];

describe('admin API: who may do what', () => {
  const cases = ROUTES.flatMap((route) => ALL_ROLES.map((role) => [route.name, role, route] as const));
  it.each(cases)('%s as %s', async (_, role, route) => {
    const before = app.snapshot();
    const response = await app.request(role, route.method, route.url(), route.payload?.());
    if (route.allowed.includes(role)) {
      expect(response.statusCode).toBe(route.method === 'POST' ? 201 : 200);
    } else {
      expect(response.statusCode).toBe(403);
      expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining(`you are ${role}`) });
      expect(app.snapshot()).toBe(before);
    }
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s needs a session (401 without one)', async (_, route) => {
    const before = app.snapshot();
    expect((await app.request(null, route.method, route.url(), route.payload?.())).statusCode).toBe(401);
    expect(app.snapshot()).toBe(before);
  });

  it('refuses a forbidden role before looking at its body', async () => {
    const response = await app.request('operator', 'POST', '/api/departments', { nonsense: true });
    expect(response.statusCode).toBe(403);
  });
});

describe('admin API: departments', () => {
  it('lists the seeded tree: the centre over the two bureaus', async () => {
    const { body } = await app.request('handler', 'GET', '/api/departments');
    expect(body.departments).toHaveLength(1);
    expect(body.departments[0]).toMatchObject({ code: 'centre', active: true });
    expect(body.departments[0].children.map((d: { code: string }) => d.code)).toEqual(['quality-bureau', 'ciq-bureau']);
  });

  it('creates a branch under the quality bureau and shows it in the tree', async () => {
    const created = await app.request('admin', 'POST', '/api/departments', branch('haidian', app.ids.qualityBureau));
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), code: 'haidian', parentId: app.ids.qualityBureau, active: true });
    const { body } = await app.request('operator', 'GET', '/api/departments');
    const bureau = body.departments[0].children.find((d: { code: string }) => d.code === 'quality-bureau');
    expect(bureau.children).toEqual([{ id: created.body.id, code: 'haidian', nameZh: '海淀分局', nameEn: 'Haidian Branch', active: true, children: [] }]);
  });

  it('moves, renames and deactivates a department', async () => {
    const { body: haidian } = await app.request('admin', 'POST', '/api/departments', branch('haidian', app.ids.qualityBureau));
    const moved = await app.request('admin', 'PATCH', `/api/departments/${haidian.id}`, { parentId: app.ids.ciqBureau, nameEn: 'Haidian', active: false });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toMatchObject({ parentId: app.ids.ciqBureau, nameEn: 'Haidian', nameZh: '海淀分局', active: false });
  });

  it('refuses a parent that would make a cycle with 409, changing nothing', async () => {
    const { body: haidian } = await app.request('admin', 'POST', '/api/departments', branch('haidian', app.ids.qualityBureau));
    const before = app.snapshot();
    for (const [id, parentId] of [[app.ids.centre, haidian.id], [app.ids.qualityBureau, haidian.id], [haidian.id, haidian.id]]) {
      const response = await app.request('admin', 'PATCH', `/api/departments/${id}`, { parentId, nameEn: 'Renamed' });
      expect(response.statusCode).toBe(409);
      expect(response.body.message).toMatch(/cycle/);
    }
    expect(app.snapshot()).toBe(before);
  });

  it('refuses a taken code with 409 and an unknown parent with 400 naming parentId', async () => {
    const before = app.snapshot();
    const taken = await app.request('admin', 'POST', '/api/departments', branch('ciq-bureau', app.ids.centre));
    expect(taken).toMatchObject({ statusCode: 409, body: { error: 'Conflict', message: 'code ciq-bureau is taken' } });
    const orphan = await app.request('admin', 'POST', '/api/departments', branch('orphan', 9999));
    expect(orphan).toMatchObject({ statusCode: 400, body: { message: expect.stringMatching(/^parentId 9999 /) } });
    const moveToNowhere = await app.request('admin', 'PATCH', `/api/departments/${app.ids.ciqBureau}`, { parentId: 9999 });
    expect(moveToNowhere.statusCode).toBe(400);
    expect(app.snapshot()).toBe(before);
  });

  it('answers 404 for an unknown department', async () => {
    const response = await app.request('admin', 'PATCH', '/api/departments/9999', { nameEn: 'Nowhere' });
    expect(response).toMatchObject({ statusCode: 404, body: { statusCode: 404, error: 'Not Found', message: 'no department 9999' } });
  });
});

describe('admin API: accounts', () => {
  it('lists accounts without password hashes', async () => {
    const { body } = await app.request('admin', 'GET', '/api/users');
    expect(body.users.map((u: { username: string }) => u.username).sort()).toEqual(['admin1', 'exchange1', 'handler1', 'op1001', 'sup1']);
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|password_hash|scrypt\$/);
    expect(body.users.find((u: { role: string }) => u.role === 'handler')).toMatchObject({ departmentId: app.ids.qualityBureau });
  });

  it('creates an operator who can then log in', async () => {
    const created = await app.request('admin', 'POST', '/api/users', {
      username: 'op1002', password: 'long-enough', role: 'operator', displayName: '李娜', extension: '1002', languages: ['zh', 'en'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ username: 'op1002', displayName: '李娜', extension: '1002', languages: ['zh', 'en'], departmentId: null, disabled: false }));
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await app.login('op1002', 'long-enough')).statusCode).toBe(200);
  });

  it('requires a department for a handler, on create and on a role change', async () => {
    const before = app.snapshot();
    const created = await app.request('admin', 'POST', '/api/users', { username: 'handler2', password: 'long-enough', role: 'handler' });
    expect(created).toMatchObject({ statusCode: 400, body: { message: 'departmentId is required for a handler' } });
    const promoted = await app.request('admin', 'PATCH', `/api/users/${app.ids.exchange}`, { role: 'handler' });
    expect(promoted.statusCode).toBe(400);
    const unassigned = await app.request('admin', 'PATCH', `/api/users/${app.ids.handler}`, { departmentId: null });
    expect(unassigned.statusCode).toBe(400);
    expect(app.snapshot()).toBe(before);
    const withDepartment = await app.request('admin', 'POST', '/api/users', { username: 'handler2', password: 'long-enough', role: 'handler', departmentId: app.ids.ciqBureau });
    expect(withDepartment.statusCode).toBe(201);
  });

  it('refuses a taken extension or username with 409, changing nothing', async () => {
    const before = app.snapshot();
    const newcomer = await app.request('admin', 'POST', '/api/users', { username: 'op1002', password: 'long-enough', role: 'operator', extension: '1001' });
    expect(newcomer).toMatchObject({ statusCode: 409, body: { message: 'extension 1001 is taken' } });
    const existing = await app.request('admin', 'PATCH', `/api/users/${app.ids.supervisor}`, { extension: '1001', displayName: 'x' });
    expect(existing.statusCode).toBe(409);
    const sameName = await app.request('admin', 'POST', '/api/users', { username: 'op1001', password: 'long-enough', role: 'operator' });
    expect(sameName).toMatchObject({ statusCode: 409, body: { message: 'username op1001 is taken' } });
    expect(app.snapshot()).toBe(before);
    const keepOwn = await app.request('admin', 'PATCH', `/api/users/${app.ids.operator}`, { extension: '1001' });
    expect(keepOwn.statusCode).toBe(200);
  });

  it('gives a username to one of two simultaneous requests for it, and 409 to the other', async () => {
    const both = await Promise.all([1002, 1003].map((extension) => app.request('admin', 'POST', '/api/users', { username: 'op1002', password: 'long-enough', role: 'operator', extension: String(extension) })));
    expect(both.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  it('ends the sessions of a user whose password an admin changes', async () => {
    const token = (await app.login('handler1')).token;
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.hotline.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    expect((await app.request('admin', 'PATCH', `/api/users/${app.ids.handler}`, { password: 'a-new-passphrase' })).statusCode).toBe(200);
    expect((await app.hotline.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    expect((await app.login('handler1')).statusCode).toBe(401);
    expect((await app.login('handler1', 'a-new-passphrase')).statusCode).toBe(200);
  });

  it('disables a user: sessions end, login is refused, the agent goes offline', async () => {
    const response = await app.request('admin', 'PATCH', `/api/users/${app.ids.operator}`, { disabled: true });
    expect(response.body).toMatchObject({ disabled: true });
    expect((await app.request('operator', 'GET', '/api/departments')).statusCode).toBe(401);
    expect((await app.login('op1001')).statusCode).toBe(401);
    expect(app.db.$client.prepare('select desired_agent_state as s from users where id = ?').get(app.ids.operator)).toEqual({ s: 'offline' });
  });

  it('does not let an admin disable or demote themselves', async () => {
    const before = app.snapshot();
    expect((await app.request('admin', 'PATCH', `/api/users/${app.ids.admin}`, { disabled: true })).statusCode).toBe(409);
    expect((await app.request('admin', 'PATCH', `/api/users/${app.ids.admin}`, { role: 'operator' })).statusCode).toBe(409);
    expect(app.snapshot()).toBe(before);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await app.request('admin', 'PATCH', '/api/users/9999', { displayName: 'x' })).body).toMatchObject({ statusCode: 404, message: 'no user 9999' });
  });
});

describe('admin API: the time-limit table', () => {
  const edited = { ...DEFAULT_TIME_LIMITS, handling: { ...DEFAULT_TIME_LIMITS.handling, complaint: 20 }, 'sign-for': { default: 2 } };

  it('serves the defaults, then stores and serves an edited table', async () => {
    expect((await app.request('supervisor', 'GET', '/api/admin/time-limits')).body).toEqual(DEFAULT_TIME_LIMITS);
    const saved = await app.request('admin', 'PUT', '/api/admin/time-limits', edited);
    expect(saved).toMatchObject({ statusCode: 200, body: edited });
    expect((await app.request('supervisor', 'GET', '/api/admin/time-limits')).body).toEqual(edited);
    expect(app.hotline.settings.timeLimits()).toEqual(edited);
    expect(new SettingsRepository(app.db).timeLimits()).toEqual(edited);
  });

  it.each([
    [{ ...edited, handling: { ...edited.handling, complaint: 0 } }, /^handling\.complaint must be a whole number of working days from 1 to 365$/],
    [{ ...edited, handling: { ...edited.handling, complaint: 1.5 } }, /^handling\.complaint must be a whole number/],
    [{ ...edited, handling: { ...edited.handling, complaint: 366 } }, /^handling\.complaint must be a whole number/],
    [{ ...edited, registration: { repair: 3 } }, /^registration\.repair is not a case kind/],
    [{ ...edited, 'return-visit': { default: '1' } }, /^return-visit\.default must be a whole number/],
    [{ registration: edited.registration, handling: edited.handling, 'return-visit': edited['return-visit'] }, /^sign-for is missing$/],
  ])('refuses an invalid table naming the path (%#), keeping the stored one', async (table, message) => {
    await app.request('admin', 'PUT', '/api/admin/time-limits', edited);
    const before = app.snapshot();
    const response = await app.request('admin', 'PUT', '/api/admin/time-limits', table);
    expect(response).toMatchObject({ statusCode: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) } });
    expect(app.snapshot()).toBe(before);
    expect((await app.request('admin', 'GET', '/api/admin/time-limits')).body).toEqual(edited);
  });
});

describe('admin API: the line settings and pause reasons', () => {
  it('takes effect at once, and a bad one gets 400 naming its path and changes nothing', async () => {
    const changed = { ...defaultLineSettings(), callbackRetryMinutes: 2.5 };
    changed.queues['hotline-en']!.wrapUpSeconds = 45;
    expect((await app.request('admin', 'PUT', '/api/admin/line-settings', changed)).statusCode).toBe(200);
    expect((await app.request('supervisor', 'GET', '/api/admin/line-settings')).body).toEqual(changed);
    for (const role of ['operator', 'supervisor', 'handler', 'exchange'] as const) {
      expect((await app.request(role, 'PUT', '/api/admin/line-settings', defaultLineSettings())).statusCode).toBe(403);
      expect((await app.request(role, 'PUT', '/api/admin/pause-reasons', [{ code: 'nap', zh: '小睡', en: 'Nap' }])).statusCode).toBe(403);
    }
    const before = app.snapshot();
    const bad = await app.request('admin', 'PUT', '/api/admin/line-settings', { ...changed, callbackAttempts: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.message).toBe('body/callbackAttempts: a whole number from 1 to 10');
    expect(app.snapshot()).toBe(before);
    expect((await app.request('admin', 'GET', '/api/admin/line-settings')).body).toEqual(changed);
  });

  it('keeps the pause reasons operators choose from', async () => {
    const reasons = [{ code: 'drill', zh: '演练', en: 'Drill' }];
    expect((await app.request('admin', 'PUT', '/api/admin/pause-reasons', reasons)).statusCode).toBe(200);
    expect((await app.request('operator', 'GET', '/api/pause-reasons')).body).toEqual({ reasons });
    const bad = await app.request('admin', 'PUT', '/api/admin/pause-reasons', [{ code: 'wrap-up', zh: '后处理', en: 'Wrap-up' }]);
    expect(bad.statusCode).toBe(400);
    expect((await app.request('operator', 'GET', '/api/pause-reasons')).body).toEqual({ reasons });
  });
});
