// The case an operator registers from a real call, in Chromium: the pop opens the call's draft (kind from the
// IVR), the form is filled while talking (a product category from the table, an enterprise suggested from an
// earlier case), a reload in the middle keeps what was typed, a bad phone number is refused beside its field in
// the UI language, Ctrl+Enter registers, and the registry holds every field. Then a message: played in the browser,
// its transcript (the server's own queue, PocketSphinx) arriving live in the list and beside the audio on its case.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { IvrRepository } from '../../src/db/ivr-repository.ts';
import { VoicemailService } from '../../src/voicemail/voicemail-service.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startHotline, waitUntilReady } from '../helpers/hotline-server.ts';
import { hangUpEveryCall } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { referenceWords, telephoneWav, wordOverlap } from '../helpers/speech-audio.ts';
import { addUser } from '../helpers/test-db.ts';

/** English (2), report (3), then on the line for up to a minute: the operator types while the citizen talks. */
const ENGLISH_REPORT_STAYS = callerScenario('uac-2-then-3-stay-60s-expect-english-operator', 'English report caller who stays on the line', [
  { pause: 800 },
  { key: '2' },
  { pause: 1200 },
  { key: '3' },
  { stay: 60_000 },
]);
const CALLER = '13912345678';
/** A LibriVox reading in Debian's pocketsphinx-testdata, as telephone audio. */
const SPEECH = 'sense_and_sensibility_01_austen_64kb-0920';

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;
let phone: ChildProcess;

beforeAll(async () => {
  server = await startHotline();
  await waitUntilReady(server.hotline);
  await addUser(server.db, { username: 'op1003', password: 'correct-horse', role: 'operator', extension: '1003', languages: 'zh,en' });
  phone = startAgentPhone(1003);
  browser = await launchChromium();
});

afterAll(async () => {
  hangUpEveryCall();
  await browser?.close();
  phone?.kill();
  await server?.hotline.stop();
});

async function logIn(page: Page) {
  await page.goto(`${server.baseUrl}/login`);
  await page.fill('input[name=username]', 'op1003');
  await page.fill('input[name=password]', 'correct-horse');
  await page.click('[data-test=login-submit]');
  await page.waitForSelector('[data-test=desk]');
}

/** A request from the desk's page, as the web app sends it (with its CSRF header). */
const api = <T,>(page: Page, path: string, body?: unknown): Promise<T> =>
  page.evaluate(
    async ([url, payload]) => {
      const response = await fetch(url, payload === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json', 'x-hotline-client': 'web' }, body: JSON.stringify(payload) });
      return response.json();
    },
    [path, body] as const,
  ) as Promise<T>;

describe('case entry on the desk, from a real call', () => {
  it('fills the pop’s draft while talking, survives a reload, refuses a bad phone beside the field, registers every field', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    await logIn(page);
    // an earlier case of another citizen names the enterprise: it is suggested as the operator types
    await api(page, '/api/cases', { channel: 'web', lang: 'zh', kind: 'complaint', enterpriseName: '杭州某某乳业有限公司', enterpriseAddress: '杭州市萧山区建设路 8 号' });
    await page.click('[data-test=go-available]');
    await page.waitForSelector('[data-test=agent-state][data-state="available"]');

    const call = placeCall(ENGLISH_REPORT_STAYS, { caller: CALLER });
    await page.waitForSelector('[data-test=screen-pop][data-state="talking"]', { timeout: 45_000 });
    const number = (await page.textContent('[data-test=pop-case-number]'))!.trim();
    expect(number).toMatch(/^\d{12}$/);
    // the draft opens by itself, prefilled from the IVR: a report, in English, from the caller's number
    await page.waitForSelector(`[data-test=case-form][data-number="${number}"] [data-test=field-product]`);
    expect(page.url()).toContain(`case=${number}`);
    expect(await page.inputValue('[data-test=field-citizenPhone]')).toBe(CALLER);
    expect(await page.getAttribute('[data-test=kind-report]', 'class')).toContain('is-active');

    await page.click('[data-test=kind-complaint]');
    await page.click('[data-test=field-productCategory]');
    await page.click('[data-test="category-food.dairy"]');
    await page.fill('[data-test=field-product]', 'Infant milk powder, 900 g tin');
    await page.fill('[data-test=field-enterpriseName]', '杭州某某');
    await page.click('.el-autocomplete-suggestion li:has-text("杭州某某乳业有限公司")');
    expect(await page.inputValue('[data-test=field-enterpriseAddress]')).toBe('杭州市萧山区建设路 8 号');
    await page.fill('[data-test=field-place]', 'A supermarket on Wensan Road');
    await page.fill('[data-test=field-goodsValue]', '1,280.50');
    await page.fill('[data-test=field-citizenName]', 'Li Lei');
    await page.fill('[data-test=field-description]', 'The tin smelled sour when opened; the baby was sick after one feed.');
    // the browser dies before the form reaches the server: the reload finds the text kept
    await page.reload();
    await page.waitForSelector(`[data-test=case-form][data-number="${number}"] [data-test=restored]`);
    expect(await page.inputValue('[data-test=field-description]')).toBe('The tin smelled sour when opened; the baby was sick after one feed.');
    expect(await page.inputValue('[data-test=field-goodsValue]')).toBe('1,280.50');
    await page.waitForSelector('[data-test=save-state][data-state="saved"]', { timeout: 10_000 });

    // registering without a subject: said beside the field, and the case stays a draft
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.el-form-item:has([data-test=field-subject]) .el-form-item__error').textContent()).toBe('Fill in Subject');
    expect(await page.getAttribute('[data-test=case-status]', 'data-status')).toBe('draft');
    await page.fill('[data-test=field-subject]', 'Sour infant formula');

    // a bad phone number: the error beside the field, in the page's language; nothing sent
    await page.fill('[data-test=field-citizenPhone]', '12ab');
    await page.click('[data-test=field-place]');
    await expect.poll(() => page.locator('.el-form-item:has([data-test=field-citizenPhone]) .el-form-item__error').textContent()).toBe('A phone number is 3 to 20 digits');
    await page.click('[data-test=switch-language]');
    await expect.poll(() => page.locator('.el-form-item:has([data-test=field-citizenPhone]) .el-form-item__error').textContent()).toBe('请输入 3–20 位数字的电话号码');
    await page.fill('[data-test=field-citizenPhone]', CALLER);
    await page.click('[data-test=field-confidential]');
    await page.screenshot({ path: 'test-results/desk-case-entry-zh.png', fullPage: true });
    await page.click('[data-test=switch-language]');

    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-test=case-status][data-status="registered"]');
    await page.screenshot({ path: 'test-results/desk-case-registered-en.png', fullPage: true });
    const stored = await api<Record<string, unknown>>(page, `/api/cases/${number}`);
    expect(stored).toMatchObject({
      status: 'registered',
      channel: 'phone',
      lang: 'en',
      kind: 'complaint',
      productCategory: 'food.dairy',
      product: 'Infant milk powder, 900 g tin',
      enterpriseName: '杭州某某乳业有限公司',
      enterpriseAddress: '杭州市萧山区建设路 8 号',
      place: 'A supermarket on Wensan Road',
      goodsValueFen: 128_050,
      citizenName: 'Li Lei',
      citizenPhone: CALLER,
      confidential: true,
      subject: 'Sour infant formula',
      description: 'The tin smelled sour when opened; the baby was sick after one feed.',
    });
    // registered by this operator, from this call; the browser's copy is gone once the server has it all
    const history = await api<{ events: { action: string; actor: string | null }[] }>(page, `/api/cases/${number}/history`);
    expect(history.events.map((event) => event.action)).toEqual(expect.arrayContaining(['create', 'take', 'edit', 'register']));
    expect(history.events.find((event) => event.action === 'register')?.actor).toBe('op1003');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('hotline-case-form:')))).toEqual([]);
    // the case is in the operator's open cases
    await page.click('.el-tabs__item:has-text("My open cases")');
    await page.waitForSelector(`[data-test=open-case-${number}]`);
    // hold and resume from the desk: Asterisk's word comes back as the call-control state
    await page.click('[data-test=hold]');
    await page.waitForSelector('[data-test=call-controls][data-held="yes"]');
    await page.waitForSelector('[data-test=on-hold]');
    await page.click('[data-test=hold]');
    await page.waitForSelector('[data-test=call-controls][data-held="no"]');
    // the operator ends the call from the desk: the pop stays, marked ended, with its controls off
    await page.click('[data-test=hang-up]');
    await page.waitForSelector('[data-test=screen-pop][data-state="ended"]');
    expect(await page.isDisabled('[data-test=hold]')).toBe(true);
    expect((await call).code).not.toBeNull();
  });

  it('plays a message in the browser; its transcript arrives live in the list and beside the audio on its case', async () => {
    const wav = telephoneWav(SPEECH);
    const audio = readFileSync(wav);
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1500, height: 1000 } });
    await logIn(page);
    await page.click('.el-tabs__item:has-text("留言")');
    await page.waitForSelector('[data-test=message-list]');
    // an English message, kept the way the IVR keeps one: the server's own queue transcribes it (PocketSphinx)
    const kept = new VoicemailService(server.dataDirectory, new CaseRegistryRepository(server.db), new IvrRepository(server.db)).keep({
      uniqueid: 'u-desk-message',
      caller: '13700001111',
      lang: 'en',
      recording: { name: 'hotline-msg-desk', audio, durationMs: Math.round(((audio.length - 44) / 16_000) * 1000) },
    });
    await page.click('.el-tabs__item:has-text("我的草稿")');
    await page.click('.el-tabs__item:has-text("留言")');
    const message = page.locator('[data-test=message-list] .message').first();
    await message.waitFor();
    const duration = await message.locator('audio').evaluate(
      (element: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          element.onloadedmetadata = () => resolve(element.duration);
          element.onerror = () => reject(new Error(element.error?.message ?? 'audio error'));
          element.load();
        }),
    );
    expect(duration).toBeGreaterThan(5);
    // pushed by message:transcribed: no reload, the list shows the words
    await message.locator('[data-test=transcript]').waitFor({ timeout: 120_000 });
    const words = referenceWords(SPEECH);
    expect(wordOverlap(words, (await message.locator('[data-test=transcript]').textContent()) ?? '')).toBeGreaterThan(0.2);
    await page.screenshot({ path: 'test-results/desk-messages-zh.png', fullPage: true });
    // its case: the transcript beside the audio, and in the description that was empty
    await message.locator('[data-test=open-message-case]').click();
    await page.waitForSelector(`[data-test=case-form][data-number="${kept.caseNumber}"]`);
    await page.click('.el-tabs__item:has-text("留言") >> nth=1');
    await page.waitForSelector('.right [data-test=message-list] [data-test=transcript]');
    expect(wordOverlap(words, await page.inputValue('[data-test=field-description]'))).toBeGreaterThan(0.2);
    await page.screenshot({ path: 'test-results/desk-case-message-zh.png', fullPage: true });
  });
});
