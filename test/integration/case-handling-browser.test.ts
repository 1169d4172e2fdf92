// A case's life after the operator, in Chromium: a supervisor dispatches it from the dispatch page, a handler
// of that department signs for it, handles it (with the values involved and losses recovered) and replies,
// all through the pages; a handler of another department neither lists it nor opens it by its URL; the trail
// shows each step with who did it. Screenshots in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startHotline } from '../helpers/hotline-server.ts';
import { addUser } from '../helpers/test-db.ts';

/** Seeded departments (migration 0001): 2 is the quality bureau, 3 the inspection-and-quarantine bureau. */
const QUALITY_BUREAU = 2;
const CIQ_BUREAU = 3;

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;

beforeAll(async () => {
  server = await startHotline();
  for (const [username, role] of [
    ['op1', 'operator'],
    ['sup1', 'supervisor'],
    ['qh1', 'handler'],
    ['ch1', 'handler'],
  ] as const) {
    await addUser(server.db, { username, role });
  }
  server.db.$client.prepare(`update users set department_id = ? where username = 'qh1'`).run(QUALITY_BUREAU);
  server.db.$client.prepare(`update users set department_id = ? where username = 'ch1'`).run(CIQ_BUREAU);
  server.db.$client.prepare(`update users set display_name = '王质检' where username = 'qh1'`).run();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.hotline.stop();
});

async function logIn(username: string, locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const page = await browser.newPage({ locale, viewport: { width: 1500, height: 1000 } });
  await page.goto(`${server.baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'correct-horse');
  await page.click('[data-test=login-submit]');
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

async function registeredComplaint(): Promise<string> {
  const login = await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1', password: 'correct-horse' } });
  const headers = { authorization: `Bearer ${login.json().token}` };
  const created = await server.hotline.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers,
    payload: {
      channel: 'phone',
      lang: 'zh',
      kind: 'complaint',
      citizenPhone: '13800138000',
      citizenName: '张三',
      subject: '电动自行车电池充电起火',
      description: '购买的电动自行车电池在充电时冒烟起火，要求退货赔偿。',
      enterpriseName: '某某电动车有限公司',
      productCategory: 'vehicle.ebike',
    },
  });
  const number = created.json().number as string;
  expect((await server.hotline.app.inject({ method: 'POST', url: `/api/cases/${number}/actions`, headers, payload: { action: 'register' } })).statusCode).toBe(200);
  return number;
}

const status = (page: Page) => page.getAttribute('[data-test=case-status]', 'data-status');

describe('handling a case in the browser', () => {
  it('is dispatched by a supervisor, signed for, handled and replied to by the department’s handler; another department cannot see it', async () => {
    const number = await registeredComplaint();

    // the supervisor: dispatch page → the case → a department from the tree
    const supervisor = await logIn('sup1', 'en-US');
    expect(new URL(supervisor.url()).pathname).toBe('/wall');
    await supervisor.click('[data-test=nav-work]');
    await supervisor.click(`[data-test=worklist-case-${number}]`);
    await supervisor.waitForSelector(`[data-test=case-page][data-number="${number}"] [data-test=action-dispatch]`);
    // dispatching without a department is refused beside the field
    await supervisor.click('[data-test=action-dispatch]');
    await expect.poll(() => supervisor.locator('.el-form-item:has([data-test=dispatch-department]) .el-form-item__error').textContent()).toBe('Fill in Department');
    await supervisor.click('[data-test=dispatch-department]');
    await supervisor.click('.el-select-dropdown .el-tree-node__content >> text="Quality and Technical Supervision Bureau"');
    await supervisor.fill('[data-test=dispatch-note]', 'Please check the battery batch');
    await supervisor.click('[data-test=action-dispatch]');
    await expect.poll(() => status(supervisor)).toBe('dispatched');
    await supervisor.screenshot({ path: 'test-results/case-dispatched-en.png', fullPage: true });

    // the handler of that department lands on their worklist and finds it to sign for
    const handler = await logIn('qh1', 'zh-CN');
    expect(new URL(handler.url()).pathname).toBe('/work');
    await handler.waitForSelector(`[data-test=worklist][data-department-id="${QUALITY_BUREAU}"]`);
    await handler.click(`[data-test=worklist-case-${number}]`);
    await handler.waitForSelector('[data-test=action-accept]');
    expect(await handler.textContent('[data-test=case-description]')).toContain('冒烟起火');
    await handler.click('[data-test=action-accept]');
    await expect.poll(() => status(handler)).toBe('accepted');
    // handling needs a result: said beside the field in Chinese
    await handler.click('[data-test=action-handle]');
    await expect.poll(() => handler.locator('.el-form-item:has([data-test=handle-result]) .el-form-item__error').textContent()).toBe('请填写办理结果');
    await handler.fill('[data-test=handle-result]', '经查，该批次电池存在质量问题，已责令企业召回并为投诉人退货。');
    await handler.fill('[data-test=handle-goods-value]', '2399');
    await handler.fill('[data-test=handle-losses]', '2399.00');
    await handler.click('[data-test=action-handle]');
    await expect.poll(() => status(handler)).toBe('handled');
    await handler.fill('[data-test=reply-text]', '已向投诉人答复处理结果，企业已退货。');
    await handler.click('[data-test=action-reply]');
    await expect.poll(() => status(handler)).toBe('replied');
    await expect.poll(() => handler.locator('[data-test=case-trail] [data-action=reply]').textContent()).toContain('王质检');
    await handler.screenshot({ path: 'test-results/case-handled-zh.png', fullPage: true });

    const trail = await handler.locator('[data-test=case-trail] .el-timeline-item').allTextContents();
    const step = (action: string) => trail.find((text) => text.startsWith(action)) ?? '';
    expect(step('派单')).toContain('sup1');
    expect(step('派单')).toContain('Please check the battery batch');
    for (const action of ['签收', '办理', '答复']) expect(step(action)).toContain('王质检');
    const stored = await handler.evaluate(async (path) => (await fetch(path)).json(), `/api/cases/${number}`);
    expect(stored).toMatchObject({ status: 'replied', departmentId: QUALITY_BUREAU, goodsValueFen: 239_900, lossesRecoveredFen: 239_900, reply: '已向投诉人答复处理结果，企业已退货。' });

    // a handler of another department: not in the list, and "not found" at its address (404 from the API)
    const other = await logIn('ch1', 'en-US');
    await other.waitForSelector(`[data-test=worklist][data-department-id="${CIQ_BUREAU}"] [data-test=worklist-empty]`);
    await other.goto(`${server.baseUrl}/cases/${number}`);
    await other.waitForSelector('[data-test=case-missing]');
    expect(await other.textContent('[data-test=case-missing]')).toContain(`No case ${number}`);
    expect(await other.evaluate(async (path) => (await fetch(path)).status, `/api/cases/${number}`)).toBe(404);
    // and handlers never see the operator desk or the admin console in their menu
    expect(await other.locator('[data-test=nav-desk], [data-test=nav-admin], [data-test=nav-wall]').count()).toBe(0);
  });
});
