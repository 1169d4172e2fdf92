// What the desk's case form looks up, through app.inject against a migrated SQLite database: the product
// categories (seeded, bilingual, kept by admins), enterprise suggestions from earlier cases, and the
// worklist filters (mine, open) of the case search.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseApi } from '../helpers/case-api.ts';

let api: Awaited<ReturnType<typeof caseApi>>;
beforeEach(async () => {
  api = await caseApi();
});
afterEach(async () => {
  await api.hotline.stop();
});

describe('product categories', () => {
  it('are seeded as a bilingual two-level taxonomy every signed-in user can read', async () => {
    const response = await api.call('op', 'GET', '/api/product-categories');
    expect(response.statusCode).toBe(200);
    const { categories } = response.json() as { categories: { code: string; parentCode: string | null; nameZh: string; nameEn: string }[] };
    expect(categories.length).toBeGreaterThan(40);
    expect(categories).toContainEqual(expect.objectContaining({ code: 'food.dairy', parentCode: 'food', nameZh: '乳制品', nameEn: 'Dairy products' }));
    const groups = new Set(categories.filter((entry) => entry.parentCode === null).map((entry) => entry.code));
    for (const entry of categories) {
      expect(entry.nameZh.trim().length && entry.nameEn.trim().length).toBeGreaterThan(0);
      if (entry.parentCode) expect(groups.has(entry.parentCode), entry.code).toBe(true);
    }
    expect((await api.call(null, 'GET', '/api/product-categories')).statusCode).toBe(401);
  });

  it('are replaced by an admin only; a category left out is retired (kept for old cases), audited', async () => {
    const list = [
      { code: 'food', parentCode: null, nameZh: '食品', nameEn: 'Food' },
      { code: 'food.dairy', parentCode: 'food', nameZh: '乳制品', nameEn: 'Dairy' },
      { code: 'toys', parentCode: null, nameZh: '玩具', nameEn: 'Toys' },
    ];
    expect((await api.call('op', 'PUT', '/api/admin/product-categories', { categories: list })).statusCode).toBe(403);
    const response = await api.call('admin', 'PUT', '/api/admin/product-categories', { categories: list });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ added: ['toys'], changed: ['food.dairy'] });
    expect(response.json().retired).toContain('appliance');
    const offered = (await api.call('op', 'GET', '/api/product-categories')).json().categories;
    expect(offered.map((entry: { code: string }) => entry.code)).toEqual(['food', 'food.dairy', 'toys']);
    const all = (await api.call('op', 'GET', '/api/product-categories?all=true')).json().categories;
    expect(all.find((entry: { code: string }) => entry.code === 'appliance')).toMatchObject({ active: false });
    const audit = api.db.$client.prepare(`select action, details from audit_events where action = 'product-categories'`).all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details).added).toEqual(['toys']);
  });

  it('refuse a bad table with the entry named, and change nothing', async () => {
    const before = (await api.call('op', 'GET', '/api/product-categories?all=true')).body;
    const bad: [unknown[], RegExp][] = [
      [[{ code: 'Food!', nameZh: '食品', nameEn: 'Food' }], /category 1 \(Food!\): a code is lower-case/],
      [[{ code: 'food', nameZh: '食品', nameEn: 'Food' }, { code: 'food', nameZh: '食品', nameEn: 'Food' }], /appears twice/],
      [[{ code: 'food.dairy', parentCode: 'food', nameZh: '乳', nameEn: 'Dairy' }], /its group food is not in the list/],
      [[{ code: 'food.dairy', parentCode: 'drinks', nameZh: '乳', nameEn: 'Dairy' }], /its group must be food/],
      [[{ code: 'food', nameZh: '<b>食品</b>', nameEn: 'Food' }], /nameZh/],
      [[], /body\/categories: at least 1 item/],
    ];
    for (const [categories, message] of bad) {
      const response = await api.call('admin', 'PUT', '/api/admin/product-categories', { categories });
      expect(response.statusCode, JSON.stringify(categories)).toBe(400);
      expect(response.json().message).toMatch(message);
    }
    expect((await api.call('op', 'GET', '/api/product-categories?all=true')).body).toBe(before);
  });
});

describe('enterprise suggestions', () => {
  it('offer names (and addresses) from earlier cases by prefix or, from 3 characters, anywhere in the name — most often named first', async () => {
    await api.create('op', { enterpriseName: '杭州某某电动车有限公司', enterpriseAddress: '杭州市余杭区' });
    await api.create('op', { enterpriseName: '杭州某某电动车有限公司', enterpriseAddress: '杭州市余杭区' });
    await api.create('op', { enterpriseName: '杭州某某食品厂', enterpriseAddress: '杭州市萧山区' });
    await api.create('op', { enterpriseName: 'Acme Toys Ltd', enterpriseAddress: 'Shenzhen' });
    const suggest = async (q: string) => (await api.call('op', 'GET', `/api/enterprises?q=${encodeURIComponent(q)}`)).json().enterprises as { name: string; address: string; cases: number }[];
    expect(await suggest('杭州')).toEqual([
      expect.objectContaining({ name: '杭州某某电动车有限公司', address: '杭州市余杭区', cases: 2 }),
      expect.objectContaining({ name: '杭州某某食品厂', cases: 1 }),
    ]);
    expect((await suggest('电动车')).map((entry) => entry.name)).toEqual(['杭州某某电动车有限公司']);
    expect((await suggest('Acme')).map((entry) => entry.name)).toEqual(['Acme Toys Ltd']);
    expect(await suggest('无此企业')).toEqual([]);
    expect((await api.call('h1', 'GET', '/api/enterprises?q=杭州')).statusCode).toBe(403);
    expect((await api.call('op', 'GET', '/api/enterprises')).statusCode).toBe(400);
  });
});

describe('worklist filters of the case search', () => {
  it('mine=true finds the cases I created or registered; open=true leaves out drafts and final cases', async () => {
    const mineDraft = await api.create('op', api.complaint);
    const mineOpen = await api.create('op', api.complaint);
    expect((await api.act('op', mineOpen, { action: 'register' })).statusCode).toBe(200);
    const theirs = await api.create('op2', api.complaint);
    const numbers = async (query: string) => ((await api.call('op', 'GET', `/api/cases?${query}`)).json().items as { number: string }[]).map((item) => item.number);
    expect(await numbers('mine=true')).toEqual([mineOpen, mineDraft]);
    expect(await numbers('mine=true&status=draft')).toEqual([mineDraft]);
    expect(await numbers('mine=true&open=true')).toEqual([mineOpen]);
    expect(await numbers('open=true')).toEqual([mineOpen]);
    expect((await numbers('status=draft')).sort()).toEqual([mineDraft, theirs].sort());
    expect((await api.call('op', 'GET', '/api/cases?mine=yes')).statusCode).toBe(400);
  });
});
