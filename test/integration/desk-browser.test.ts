// The operator desk in a real browser: log in, go available, see a real call's screen pop, wrap up after it,
// and pause with a reason.
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startHotline, testLineSettings, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;
let phone: ChildProcess;

beforeAll(async () => {
  server = await startHotline({}, {}, testLineSettings((line) => {
    line.queues['hotline-en']!.wrapUpSeconds = 300;
    line.wrapUpRequiresCase = true;
  }));
  await waitUntilReady(server.hotline);
  await addUser(server.db, { username: 'op1002', password: 'correct-horse', role: 'operator', extension: '1002', languages: 'zh,en' });
  phone = startAgentPhone(1002);
  browser = await launchChromium();
});

afterAll(async () => {
  hangUpEveryCall();
  await browser?.close();
  phone?.kill();
  await server?.hotline.stop();
});

describe('operator desk in Chromium', () => {
  it('logs in, goes available, shows the screen pop of a real call, and switches language', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(server.baseUrl);
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.textContent('h1')).toBe('Log in');

    await page.fill('input[name=username]', 'op1002');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=login-error]');
    expect(await page.textContent('[data-test=login-error]')).toContain('Wrong user name or password');

    await page.fill('input[name=password]', 'correct-horse');
    await page.click('[data-test=login-submit]');
    // an operator lands on the desk
    await page.waitForURL(/\/desk$/);
    await page.waitForSelector('[data-test=desk]');
    // the session is the HttpOnly cookie alone: nothing a script could read or steal
    expect(await page.evaluate(() => [sessionStorage.length, Object.keys(localStorage)])).toEqual([0, []]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.locator('[data-test=pbx-down]').count()).toBe(0);
    // an operator sees no wallboard in the menu, and is sent back from it
    expect(await page.locator('[data-test=nav-wall]').count()).toBe(0);
    await page.goto(`${server.baseUrl}/wall`);
    await page.waitForURL(/\/desk$/);

    await page.click('[data-test=go-available]');
    await page.waitForSelector('[data-test=agent-state][data-state="available"]');
    expect(asteriskCli('queue show hotline-en')).toMatch(/PJSIP\/1002/);

    const call = placeCall('uac-2-then-nothing-expect-english-operator.xml', { caller: '13900139000' });
    await page.waitForSelector('[data-test=screen-pop]', { timeout: 45_000 });
    expect(await page.textContent('[data-test=pop-caller]')).toBe('13900139000');
    expect(await page.getAttribute('[data-test=pop-lang]', 'data-lang')).toBe('en');
    expect(await page.textContent('[data-test=pop-lang]')).toBe('English');
    expect(await page.textContent('[data-test=pop-case-number]')).toMatch(/^\d{12}$/);
    expect(await page.textContent('[data-test=pop-history]')).toBe('No earlier cases');
    await page.screenshot({ path: 'test-results/desk-screen-pop-en.png', fullPage: true });

    await page.click('[data-test=switch-language]');
    await expect.poll(() => page.textContent('[data-test=pop-lang]')).toBe('英语');
    expect(await page.textContent('.app-title')).toBe('12365 质量热线');
    await page.screenshot({ path: 'test-results/desk-screen-pop-zh.png', fullPage: true });

    // the caller hangs up: wrap-up, with the time left; "ready" needs the case saved, or "no case needed"
    hangUpEveryCall();
    expect((await call).code).toBe(0);
    await page.waitForSelector('[data-test=wrap-up]');
    expect(await page.textContent('[data-test=wrap-up]')).toContain('话后处理');
    expect(await page.textContent('[data-test=wrap-up-left]')).toMatch(/^[45]:\d\d$/);
    expect(asteriskCli('queue show hotline-en')).toMatch(/PJSIP\/1002.*paused:wrap-up/);
    await page.screenshot({ path: 'test-results/desk-wrap-up-zh.png', fullPage: true });
    await page.click('[data-test=wrap-up-ready]');
    await page.waitForSelector('[data-test=wrap-up-error]');
    expect(await page.textContent('[data-test=wrap-up-error]')).toContain('请先保存本次通话的工单');
    await page.click('[data-test=wrap-up-no-case]');
    await page.waitForSelector('[data-test=wrap-up]', { state: 'detached' });
    await expect.poll(() => asteriskCli('queue show hotline-en')).not.toMatch(/PJSIP\/1002.*paused/);

    // a pause with a reason from the list, named in the page's language and given to Asterisk
    await page.click('[data-test=pause-reason]');
    await page.click('.el-select-dropdown__item:has-text("午餐")');
    await page.click('[data-test=go-paused]');
    await page.waitForSelector('[data-test=agent-state][data-state="paused"]');
    expect(await page.textContent('[data-test=agent-reason]')).toContain('午餐');
    expect(asteriskCli('queue show hotline-en')).toMatch(/PJSIP\/1002.*paused:lunch/);
  });
});
