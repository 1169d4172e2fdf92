// The operator desk in a real browser: log in, go available, and see a real call's screen pop.
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startHotline, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;
let phone: ChildProcess;

beforeAll(async () => {
  server = await startHotline();
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
    await expect.poll(() => page.textContent('h1')).toBe('12365 operator desk');

    await page.fill('input[name=username]', 'op1002');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('#login-error:not([hidden])');
    expect(await page.textContent('#login-error')).toBe('Wrong user name or password');

    await page.fill('input[name=password]', 'correct-horse');
    await page.click('button[type=submit]');
    await page.waitForSelector('#desk:not([hidden])');
    // the session is the HttpOnly cookie alone: nothing a script could read or steal
    expect(await page.evaluate(() => [sessionStorage.length, Object.keys(localStorage)])).toEqual([0, []]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await expect.poll(() => page.textContent('#pbx-state')).toBe('connected');

    await page.click('#go-available');
    await page.waitForSelector('#agent-state[data-state="available"]');
    expect(asteriskCli('queue show hotline-en')).toMatch(/PJSIP\/1002/);

    const call = placeCall('uac-2-then-nothing-expect-english-operator.xml', { caller: '13900139000' });
    await page.waitForSelector('#screen-pop:not([hidden])', { timeout: 45_000 });
    expect(await page.textContent('#pop-caller')).toBe('13900139000');
    expect(await page.getAttribute('#pop-lang', 'data-lang')).toBe('en');
    expect(await page.textContent('#pop-lang')).toBe('English');
    expect(await page.textContent('#pop-case-number')).toMatch(/^\d{12}$/);
    expect(await page.textContent('#pop-history')).toBe('No earlier cases');
    await page.screenshot({ path: 'test-results/desk-screen-pop-en.png' });

    await page.click('#switch-language');
    expect(await page.textContent('h1')).toBe('12365 坐席工作台');
    expect(await page.textContent('#pop-lang')).toBe('英语');
    await page.screenshot({ path: 'test-results/desk-screen-pop-zh.png' });

    await page.click('#go-paused');
    await page.waitForSelector('#agent-state[data-state="paused"]');
    expect((await call).code).toBe(0);
  });
});
