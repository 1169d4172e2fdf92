// The audit log: every admin change writes one row (and a refused one none), and admins read the log
// through GET /api/admin/audit with filters, newest first, a page at a time, off the index on `at`.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMITS } from '../../src/cases/time-limits.ts';
import { auditSearchSql, type AuditFilter } from '../../src/db/audit-repository.ts';
import { DEFAULT_KPI_THRESHOLDS } from '../../src/live/kpi-thresholds.ts';
import { defaultLineSettings } from '../../src/queues/line-settings.ts';
import { useAdminApp } from '../helpers/admin-app.ts';

const app = useAdminApp();

const auditRows = () =>
  app.db.$client.prepare('select actor_user_id as actor, action, target_user_id as target, details from audit_events order by id').all() as {
    actor: number | null;
    action: string;
    target: number | null;
    details: string | null;
  }[];

type Change = { action: string; url: string | (() => string); valid: () => Promise<unknown> | unknown; invalid: unknown; method?: 'PUT' | 'POST' | 'PATCH'; target?: () => number };
const year = new Date().getFullYear() + 1;
const CHANGES: Change[] = [
  { action: 'time-limits', url: '/api/admin/time-limits', valid: () => ({ ...DEFAULT_TIME_LIMITS, 'sign-for': { default: 2 } }), invalid: { ...DEFAULT_TIME_LIMITS, 'sign-for': { default: 0 } } },
  { action: 'kpi-thresholds', url: '/api/admin/kpi-thresholds', valid: () => ({ ...DEFAULT_KPI_THRESHOLDS, waiting: { better: 'lower', yellow: 4, red: 9 } }), invalid: { ...DEFAULT_KPI_THRESHOLDS, waiting: { better: 'lower', yellow: 9, red: 4 } } },
  { action: 'line-settings', url: '/api/admin/line-settings', valid: () => ({ ...defaultLineSettings(), callbackAttempts: 5 }), invalid: { ...defaultLineSettings(), callbackAttempts: 0 } },
  { action: 'pause-reasons', url: '/api/admin/pause-reasons', valid: () => [{ code: 'drill', zh: '演练', en: 'Drill' }], invalid: [{ code: 'wrap-up', zh: '后处理', en: 'Wrap-up' }] },
  { action: 'opening-hours', url: '/api/admin/opening-hours', valid: () => ({ text: 'workdays 08:00-20:00' }), invalid: { text: 'mon-fri 9-5' } },
  { action: 'dial-out-patterns', url: '/api/admin/dial-out', valid: () => ({ patterns: ['1[3-9][0-9]{9}', '12345'] }), invalid: { patterns: ['(unclosed'] } },
  {
    action: 'product-categories',
    url: '/api/admin/product-categories',
    valid: async () => ({
      categories: [
        ...((await app.request('admin', 'GET', '/api/product-categories')).body.categories as Record<string, unknown>[]).map(({ code, parentCode, nameZh, nameEn }) => ({ code, parentCode, nameZh, nameEn })),
        { code: 'toys', parentCode: null, nameZh: '玩具', nameEn: 'Toys' },
      ],
    }),
    invalid: { categories: [{ code: 'toys.dolls', parentCode: 'nowhere', nameZh: '娃娃', nameEn: 'Dolls' }] },
  },
  {
    action: 'calendar-year',
    url: `/api/admin/calendar/${year}`,
    valid: () => ({ holidays: { [`${year}-01-01`]: '元旦' } }),
    invalid: { holidays: { [`${year}-01-01`]: '元旦' }, workdays: { [`${year}-01-01`]: '元旦' } },
  },
  { action: 'department-created', method: 'POST', url: '/api/departments', valid: () => ({ code: 'haidian', nameZh: '海淀分局', nameEn: 'Haidian Branch', parentId: app.ids.qualityBureau }), invalid: { code: 'haidian', nameZh: '海淀分局', nameEn: 'Haidian Branch', parentId: 999 } },
  { action: 'department-changed', method: 'PATCH', url: () => `/api/departments/${app.ids.ciqBureau}`, valid: () => ({ nameEn: 'CIQ Bureau' }), invalid: { parentId: 999 } },
  { action: 'user-created', method: 'POST', url: '/api/users', valid: () => ({ username: 'op1002', password: 'long-enough', role: 'operator', extension: '1002' }), invalid: { username: 'op1003', password: 'long-enough', role: 'operator', extension: '1001' } },
];

describe('every admin change is audited', () => {
  it.each(CHANGES.map((change) => [change.action, change] as const))('%s: one row naming the admin; a refused change none', async (action, change) => {
    const before = auditRows().length;
    const url = typeof change.url === 'string' ? change.url : change.url();
    const refused = await app.request('admin', change.method ?? 'PUT', url, change.invalid);
    expect([400, 409]).toContain(refused.statusCode);
    expect(auditRows()).toHaveLength(before);

    const accepted = await app.request('admin', change.method ?? 'PUT', url, await change.valid());
    expect(accepted.statusCode, JSON.stringify(accepted.body)).toBeLessThan(300);
    const written = auditRows().slice(before);
    expect(written).toEqual([expect.objectContaining({ actor: app.ids.admin, action })]);
    expect(JSON.parse(written[0]!.details!)).toBeTypeOf('object');
  });

  it('keeps what a setting was and what it became', async () => {
    await app.request('admin', 'PUT', '/api/admin/pause-reasons', [{ code: 'drill', zh: '演练', en: 'Drill' }]);
    const details = JSON.parse(auditRows().at(-1)!.details!);
    expect(details.before.map((reason: { code: string }) => reason.code)).toContain('lunch');
    expect(details.after).toEqual([{ code: 'drill', zh: '演练', en: 'Drill' }]);
  });

  it('names the account changed, and of a new password only that it was reset', async () => {
    const response = await app.request('admin', 'PATCH', `/api/users/${app.ids.operator}`, { password: 'a-new-secret', displayName: '王芳' });
    expect(response.statusCode).toBe(200);
    const row = auditRows().at(-1)!;
    expect(row).toMatchObject({ actor: app.ids.admin, action: 'user-changed', target: app.ids.operator });
    expect(JSON.parse(row.details!)).toEqual({ displayName: '王芳', passwordReset: true });
    expect(row.details).not.toContain('a-new-secret');
  });
});

describe('logins and logouts are audited', () => {
  it('records a login with its address, a refused one with the reason (never the password), and a logout', async () => {
    const rowsOf = (action: string) => auditRows().filter((row) => row.action === action);
    const before = rowsOf('login').length;
    const { token } = await app.login('op1001');
    expect(rowsOf('login')).toHaveLength(before + 1);
    expect(rowsOf('login').at(-1)).toMatchObject({ actor: app.ids.operator, target: null });
    expect(JSON.parse(rowsOf('login').at(-1)!.details!)).toEqual({ address: '127.0.0.1', role: 'operator' });
    expect((await app.login('op1001', 'not-the-password')).statusCode).toBe(401);
    expect((await app.login('nobody-here', 'whatever-it-is')).statusCode).toBe(401);
    const refused = rowsOf('login-failed');
    expect(refused.map((row) => [row.actor, row.target, JSON.parse(row.details!)])).toEqual([
      [null, app.ids.operator, { username: 'op1001', address: '127.0.0.1', reason: 'wrong password' }],
      [null, null, { username: 'nobody-here', address: '127.0.0.1', reason: 'unknown user' }],
    ]);
    expect(JSON.stringify(auditRows())).not.toContain('not-the-password');
    const logout = await app.hotline.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(logout.statusCode).toBe(204);
    expect(rowsOf('logout')).toEqual([expect.objectContaining({ actor: app.ids.operator })]);
  });
});

describe('GET /api/admin/audit', () => {
  /** Rows at known moments (inserting is allowed; the triggers refuse only edits). */
  const seed = () => {
    const insert = app.db.$client.prepare('insert into audit_events (at, actor_user_id, action, target_user_id, details) values (?, ?, ?, ?, ?)');
    insert.run('2026-11-20T01:00:00.000Z', app.ids.supervisor, 'listen', app.ids.operator, '{"queue":"hotline-zh"}');
    insert.run('2026-11-20T17:00:00.000Z', app.ids.supervisor, 'force-pause', app.ids.operator, '{"reason":"break"}'); // 11-21 01:00 Beijing
    insert.run('2026-11-21T02:00:00.000Z', app.ids.admin, 'time-limits', null, '{}');
    insert.run('2026-11-22T03:00:00.000Z', app.ids.admin, 'pause-reasons', null, '{}');
    insert.run('2026-11-22T03:00:00.000Z', null, 'recording-expired', null, '{"recordingId":7}');
  };
  /** The fixture's own logins are in the log too (checked below); the seeded rows are what these tests read. */
  const SESSION_ACTIONS = ['login', 'login-failed', 'logout'];
  const seeded = <T extends { action: string }>(entries: T[]) => entries.filter((entry) => !SESSION_ACTIONS.includes(entry.action));
  const actions = (body: { entries: { action: string }[] }) => seeded(body.entries).map((entry) => entry.action);

  it('lists everything newest first, naming the people', async () => {
    seed();
    const { statusCode, body } = await app.request('admin', 'GET', '/api/admin/audit');
    expect(statusCode).toBe(200);
    // same moment: the later row first
    expect(actions(body)).toEqual(['recording-expired', 'pause-reasons', 'time-limits', 'force-pause', 'listen']);
    expect(body).toMatchObject({ page: 1, pageSize: 50, hasMore: false });
    // every account of the fixture logged in, and says so
    expect(body.entries.filter((entry: { action: string }) => entry.action === 'login').map((entry: { actor: { username: string } }) => entry.actor.username).sort()).toEqual(
      ['admin1', 'exchange1', 'handler1', 'op1001', 'sup1'],
    );
    expect(seeded(body.entries).at(-1)).toEqual({
      id: expect.any(Number),
      at: '2026-11-20T01:00:00.000Z',
      actor: { id: app.ids.supervisor, username: 'sup1', displayName: 'sup1' },
      action: 'listen',
      target: { id: app.ids.operator, username: 'op1001', displayName: 'op1001' },
      details: { queue: 'hotline-zh' },
    });
    expect(seeded(body.entries)[0]).toMatchObject({ actor: null, target: null });
  });

  it('filters by actor, action, and Beijing days or moments', async () => {
    seed();
    const get = async (query: string) => actions((await app.request('admin', 'GET', `/api/admin/audit?${query}`)).body);
    expect(await get('actor=sup1')).toEqual(['force-pause', 'listen']);
    expect(await get('action=time-limits')).toEqual(['time-limits']);
    expect(await get('actor=admin1&action=pause-reasons')).toEqual(['pause-reasons']);
    // 2026-11-21 Beijing is 11-20T16:00Z to 11-21T16:00Z
    expect(await get('from=2026-11-21&to=2026-11-22')).toEqual(['time-limits', 'force-pause']);
    expect(await get('from=2026-11-21T09:00:00%2B08:00')).toEqual(['recording-expired', 'pause-reasons', 'time-limits']);
    expect(await get('actor=sup1&from=2026-11-21')).toEqual(['force-pause']);
    expect(await get('actor=op1001')).toEqual([]);
  });

  it('pages through the log', async () => {
    const insert = app.db.$client.prepare("insert into audit_events (at, actor_user_id, action) values (?, ?, 'listen')");
    for (let minute = 0; minute < 120; minute++) insert.run(new Date(Date.UTC(2026, 10, 20, 8, minute)).toISOString(), app.ids.supervisor);
    const page = async (n: number) => (await app.request('admin', 'GET', `/api/admin/audit?actor=sup1&action=listen&page=${n}`)).body;
    const [first, second, third, fourth] = [await page(1), await page(2), await page(3), await page(4)];
    expect([first.entries.length, second.entries.length, third.entries.length, fourth.entries.length]).toEqual([50, 50, 20, 0]);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
    expect(first.entries[0].at).toBe('2026-11-20T09:59:00.000Z');
    expect(second.entries[0].at).toBe('2026-11-20T09:09:00.000Z');
    expect(third.entries.at(-1).at).toBe('2026-11-20T08:00:00.000Z');
  });

  it('refuses what it cannot read with 400, and everyone but admins with 403', async () => {
    for (const query of ['actor=nobody', 'from=yesterday', 'from=2026-11-22&to=2026-11-21', 'page=0', 'action=DROP%20TABLE', 'sort=at']) {
      const response = await app.request('admin', 'GET', `/api/admin/audit?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body.message, query).toMatch(/querystring/);
    }
    for (const role of ['operator', 'supervisor', 'handler', 'exchange'] as const) expect((await app.request(role, 'GET', '/api/admin/audit')).statusCode).toBe(403);
    expect((await app.request(null, 'GET', '/api/admin/audit')).statusCode).toBe(401);
  });

  it('reads every combination of filters off the index on `at`, never sorting the table', () => {
    const names: (keyof AuditFilter)[] = ['from', 'to', 'actorUserId', 'action'];
    for (let mask = 0; mask < 16; mask++) {
      const used = names.filter((_, bit) => mask & (1 << bit));
      const plan = (app.db.$client.prepare(`explain query plan ${auditSearchSql(used)}`).all(Object.fromEntries([...used.map((name) => [name, name === 'actorUserId' ? 1 : 'x']), ['limit', 51], ['offset', 0]])) as { detail: string }[]).map((row) => row.detail);
      expect(plan.join('; '), used.join(',')).toMatch(/audit_events_at_idx/);
      expect(plan.join('; '), used.join(',')).not.toMatch(/TEMP B-TREE/);
    }
  });
});
