// The administrator's console in Chromium: an admin adds a branch under a bureau and a handler in it (errors
// beside their fields in the UI language, a server refusal shown), and the handler lands on that department's
// empty worklist; an admin enters next year's holidays and a registered case's deadline moves by the working
// days they took; an account locked by wrong passwords is refused at the login page and unlocked by an admin;
// screenshots of the console in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startHotline } from '../helpers/hotline-server.ts';
import { addUser } from '../helpers/test-db.ts';

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;

beforeAll(async () => {
  server = await startHotline();
  await addUser(server.db, { username: 'admin1', role: 'admin' });
  await addUser(server.db, { username: 'op1004', role: 'operator', extension: '1004', languages: 'zh,en' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.hotline.stop();
});

async function logIn(page: Page, username: string, password = 'correct-horse') {
  await page.goto(`${server.baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=login-submit]');
}

/** A request to the API as `username` (the tests' own set-up and checks, beside the browser). */
async function asUser(username: string) {
  const login = await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } });
  const headers = { authorization: `Bearer ${login.json().token}` };
  return async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await server.hotline.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
}

const errorBeside = (page: Page, field: string) => page.locator(`.el-form-item:has([data-test=${field}]) .el-form-item__error`);

/** Chooses an option of an Element Plus select (the options live in a popper at the end of the page). */
async function choose(page: Page, select: string, option: string) {
  await page.click(`[data-test=${select}]`);
  await page.click(`[data-test="${option}"]:visible`);
}

describe('the admin console', () => {
  it('adds a branch under a bureau and a handler in it, who then sees that branch’s empty worklist', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    await logIn(page, 'admin1');
    await page.waitForSelector('[data-test=admin-console]');
    expect(new URL(page.url()).pathname).toBe('/admin');

    await page.click('[data-test=admin-nav-departments]');
    await page.waitForSelector('[data-test=admin-console][data-section="departments"]');
    expect(new URL(page.url()).pathname).toBe('/admin/departments');
    await page.click('[data-test=department-add-quality-bureau]');
    await page.waitForSelector('[data-test=department-dialog] [data-test=department-code]');
    // a code the server would refuse: said beside the field, in English, before anything is sent
    await page.fill('[data-test=department-code]', 'Haidian Branch');
    await page.click('[data-test=department-save]');
    await expect.poll(() => errorBeside(page, 'department-code').textContent()).toBe('A code is 2–40 lower-case letters, digits or -');
    await expect.poll(() => errorBeside(page, 'department-nameZh').textContent()).toBe('Fill in Chinese name');
    await page.fill('[data-test=department-code]', 'haidian-branch');
    await page.fill('[data-test=department-nameZh]', '海淀分局');
    await page.fill('[data-test=department-nameEn]', 'Haidian Branch');
    await page.click('[data-test=department-save]');
    await page.waitForSelector('[data-test=department-haidian-branch][data-active="true"]');
    const departments = await (await asUser('admin1'))('GET', '/api/departments');
    const bureau = departments.departments[0].children.find((node: { code: string }) => node.code === 'quality-bureau');
    const branch = bureau.children.find((node: { code: string }) => node.code === 'haidian-branch');
    expect(branch).toMatchObject({ nameZh: '海淀分局', nameEn: 'Haidian Branch', active: true });

    // the account in Chinese this time: the page's errors follow its language
    await page.click('[data-test=switch-language]');
    await page.click('[data-test=admin-nav-users]');
    await page.click('[data-test=user-add]');
    await page.waitForSelector('[data-test=user-dialog] [data-test=user-username]');
    await page.fill('[data-test=user-username]', 'admin1');
    await page.fill('[data-test=user-displayName]', '李娜');
    await choose(page, 'user-role', 'role-handler');
    await page.fill('[data-test=user-password]', 'short');
    await page.click('[data-test=user-save]');
    // a handler without a department, a short password: refused here, beside each field, in Chinese
    await expect.poll(() => errorBeside(page, 'user-department').textContent()).toBe('承办人员必须选择所属部门');
    await expect.poll(() => errorBeside(page, 'user-password').textContent()).toBe('密码至少 8 位');
    await page.fill('[data-test=user-password]', 'correct-horse');
    await choose(page, 'user-department', 'department-option-haidian-branch');
    // a name that is taken: the server's refusal, shown beside the field and above the form
    await page.click('[data-test=user-save]');
    await expect.poll(() => errorBeside(page, 'user-username').textContent()).toBe('未被接受：username admin1 is taken');
    await page.waitForSelector('[data-test=user-dialog] [data-test=refusal]');
    await page.fill('[data-test=user-username]', 'handler-haidian');
    await page.click('[data-test=user-save]');
    await page.waitForSelector('[data-test=user-status-handler-haidian]');
    const accounts = await (await asUser('admin1'))('GET', '/api/users');
    expect(accounts.users.find((user: { username: string }) => user.username === 'handler-haidian')).toEqual({
      id: expect.any(Number),
      username: 'handler-haidian',
      displayName: '李娜',
      role: 'handler',
      extension: null,
      languages: ['zh'],
      departmentId: branch.id,
      disabled: false,
      lockedUntil: null,
      createdAt: expect.any(String),
    });
    await page.screenshot({ path: 'test-results/admin-users-zh.png', fullPage: true });
    await page.click('[data-test=switch-language]');
    await page.waitForSelector('[data-test=admin-section-title]:has-text("Accounts")');
    await page.screenshot({ path: 'test-results/admin-users-en.png', fullPage: true });
    await page.click('[data-test=admin-nav-departments]');
    await page.waitForSelector('[data-test=department-haidian-branch]');
    await page.screenshot({ path: 'test-results/admin-departments-en.png', fullPage: true });
    await page.close();

    const handler = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    await logIn(handler, 'handler-haidian');
    await handler.waitForSelector(`[data-test=worklist][data-department-id="${branch.id}"]`);
    expect(new URL(handler.url()).pathname).toBe('/work');
    await handler.waitForSelector('[data-test=worklist-empty]');
    await handler.close();
  });

  it('enters next year’s holidays; a registered case’s deadline across them moves by the working days they take', async () => {
    const admin = await asUser('admin1');
    const operator = await asUser('op1004');
    const beijingYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const year = beijingYear + 1;
    const horizon = await admin('GET', '/api/admin/calendar');
    // the scenario needs a year the installed calendar does not know yet (beyond it only weekends are off)
    expect(horizon.knownUntil < `${year}-01-01`, `the calendar already knows ${year}: pick a later year for this test`).toBe(true);

    // a week off in February (Saturday to Friday: five weekdays) and a make-up Saturday two weeks on
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const plus = (text: string, days: number) => day(new Date(Date.parse(`${text}T12:00:00Z`) + days * 86_400_000));
    const weekday = (text: string) => new Date(`${text}T12:00:00Z`).getUTCDay();
    let blockStart = `${year}-02-01`;
    while (weekday(blockStart) !== 6) blockStart = plus(blockStart, 1);
    const blockEnd = plus(blockStart, 6);
    const makeUp = plus(blockStart, 14);
    const holidays = new Set(Array.from({ length: 7 }, (_, index) => plus(blockStart, index)));

    // a complaint registered now, with a handling limit that ends in March of next year
    let weekdaysUntilMarch = 0;
    for (let at = day(new Date()); at < `${year}-03-20`; at = plus(at, 1)) if (weekday(at) >= 1 && weekday(at) <= 5) weekdaysUntilMarch++;
    const limits = await admin('GET', '/api/admin/time-limits');
    await admin('PUT', '/api/admin/time-limits', { ...limits, handling: { ...limits.handling, complaint: Math.min(weekdaysUntilMarch, 365) } });
    const created = await operator('POST', '/api/cases', {
      channel: 'phone',
      lang: 'zh',
      kind: 'complaint',
      citizenPhone: '13800138000',
      subject: '电热水器漏电',
      description: '新买的电热水器使用时漏电，要求退货。',
    });
    const registered = await operator('POST', `/api/cases/${created.number}/actions`, { action: 'register' });
    expect(registered.status).toBe('registered');
    const beijingDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));
    const dueBefore = beijingDay(registered.dueAt);
    expect(dueBefore > makeUp, `due ${dueBefore} falls after the new holidays`).toBe(true);

    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    await logIn(page, 'admin1');
    await page.waitForSelector('[data-test=admin-console]');
    await page.click('[data-test=admin-nav-calendar]');
    await page.waitForSelector('[data-test=calendar-horizon]');
    await choose(page, 'calendar-year', `year-${year}`);
    await page.waitForSelector('[data-test=calendar-source][data-source="none"]');

    const range = page.locator('[data-test=calendar-range] input');
    const enterRange = async (from: string, to: string) => {
      await range.nth(0).fill(from);
      await range.nth(1).fill(to);
      await range.nth(1).press('Enter');
    };
    await enterRange(blockStart, blockEnd);
    await choose(page, 'calendar-name', 'holiday-springFestival');
    await page.click('[data-test=calendar-add]');
    await page.waitForSelector(`[data-test=calendar-day-${blockEnd}][data-kind="holiday"]`);
    // a make-up workday on a weekday: refused beside the field, in the page's language
    await page.click('[data-test=calendar-kind-workday]');
    await enterRange(plus(makeUp, 2), plus(makeUp, 2));
    await page.click('[data-test=calendar-add]');
    await expect.poll(() => errorBeside(page, 'calendar-range').textContent()).toBe('A make-up workday is a Saturday or a Sunday');
    await enterRange(makeUp, makeUp);
    await page.click('[data-test=calendar-add]');
    await page.waitForSelector(`[data-test=calendar-day-${makeUp}][data-kind="workday"]`);
    await page.click('[data-test=calendar-save]');

    await page.waitForSelector(`[data-test=calendar-recounted] [data-test=recounted-${created.number}]`);
    await page.waitForSelector('[data-test=calendar-source][data-source="admin"]');
    expect(await page.getAttribute('[data-test=calendar-horizon]', 'data-known-until')).toBe(`${year}-12-31`);
    await page.screenshot({ path: 'test-results/admin-calendar-en.png', fullPage: true });
    await page.click('[data-test=switch-language]');
    await page.waitForSelector('[data-test=admin-section-title]:has-text("节假日安排")');
    await page.screenshot({ path: 'test-results/admin-calendar-zh.png', fullPage: true });

    // Five weekdays off and one Saturday worked before the old deadline: four more working days, counted on
    // the new calendar (weekends off, the entered days as entered).
    const working = (text: string) => (text === makeUp ? true : !holidays.has(text) && weekday(text) >= 1 && weekday(text) <= 5);
    let expected = dueBefore;
    for (let left = 4; left > 0; ) {
      expected = plus(expected, 1);
      if (working(expected)) left--;
    }
    const after = await operator('GET', `/api/cases/${created.number}`);
    expect(beijingDay(after.dueAt)).toBe(expected);
    expect(after.deadlineProvisional).toBe(false);
    const trail = await operator('GET', `/api/cases/${created.number}/history`);
    expect(JSON.stringify(trail)).toContain('deadline-recounted');

    // the audit log in the console names the admin's entry
    await page.click('[data-test=admin-nav-audit]');
    await choose(page, 'audit-action', 'audit-action-calendar-year');
    await page.click('[data-test=audit-search]');
    await page.waitForSelector('[data-test=audit-table] [data-test=audit-row-calendar-year]');
    await page.screenshot({ path: 'test-results/admin-audit-zh.png', fullPage: true });
    await page.click('[data-test=switch-language]');
    await page.waitForSelector('[data-test=admin-section-title]:has-text("Audit log")');
    await page.screenshot({ path: 'test-results/admin-audit-en.png', fullPage: true });
    await page.close();
  });

  it('shows an account locked by wrong passwords, which the login page refuses, and an admin unlocks it', async () => {
    const wrong = () => server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1004', password: 'wrong-horse' } });
    for (let attempt = 1; attempt <= 4; attempt++) expect((await wrong()).statusCode).toBe(401);
    const operator = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    // the fifth wrong password locks it; then the right one is refused too, and the page says why
    await logIn(operator, 'op1004', 'wrong-horse');
    await expect.poll(() => operator.textContent('[data-test=login-error]')).toContain('This account is locked after too many wrong passwords');
    await logIn(operator, 'op1004');
    await expect.poll(() => operator.textContent('[data-test=login-error]')).toContain('This account is locked');
    expect(new URL(operator.url()).pathname).toBe('/login');

    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    await logIn(page, 'admin1');
    await page.waitForSelector('[data-test=admin-console]');
    await page.click('[data-test=admin-nav-users]');
    await expect.poll(() => page.textContent('[data-test=user-locked-op1004]')).toContain('Locked');
    expect(await page.getAttribute('[data-test=user-locked-op1004]', 'title')).toMatch(/^Locked until \d\d:\d\d$/);
    await page.screenshot({ path: 'test-results/admin-users-locked-en.png', fullPage: true });
    await page.click('[data-test=user-unlock-op1004]');
    await page.waitForSelector('[data-test=user-locked-op1004]', { state: 'detached' });
    const accounts = await (await asUser('admin1'))('GET', '/api/users');
    expect(accounts.users.find((user: { username: string }) => user.username === 'op1004').lockedUntil).toBeNull();
    await page.close();

    await logIn(operator, 'op1004');
    await operator.waitForURL((url) => url.pathname !== '/login');
    await operator.close();
  });
});
