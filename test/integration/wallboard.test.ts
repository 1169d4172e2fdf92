// The supervisors' wallboard over real calls: SIPp callers wait, one gives up, an operator answers, a
// supervisor listens, whispers and barges in from their own SIPp phone, the AMI link drops and comes
// back, the server restarts — and /wall (and the page in Chromium) shows what Asterisk says.
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { CALLER_VOICE, synthesiseCallerVoice } from '../helpers/caller-voice.ts';
import { operatorDesk, restartHotline, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, type SippResult } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';
import { wallClient } from '../helpers/wall-client.ts';

/**
 * English (2), then a menu choice; then waits in the English queue up to `stayMs` (or, `hangUp`, hangs up then).
 * `voice`: the caller's phone sends its voice all along, as a phone does. The call the supervisor spies on needs it:
 * ChanSpy, hung up, waits in Asterisk's audiohook detach for a frame on the operator's channel, and a call
 * without media sends none (the spy's channel outlived its hang-up).
 */
const english = (choice: string, name: string, stayMs: number, { hangUp = false, voice = false } = {}) =>
  callerScenario(name, `English caller choosing ${choice}`, [
    ...(voice ? [{ stream: CALLER_VOICE }] : []),
    { pause: 800 },
    { key: '2' },
    { pause: 1200 },
    { key: choice },
    ...(hangUp ? [{ pause: stayMs }, { hangUp: true as const }] : [{ stay: stayMs }]),
  ]);
const REPORT = english('3', 'uac-2-then-3-speak-wait-90s-expect-answer', 90_000, { voice: true });
const QUESTION_GIVES_UP = english('1', 'uac-2-then-1-hang-up-after-12s-expect-abandon', 12_000, { hangUp: true });
const COMPLAINT = english('2', 'uac-2-then-2-wait-90s-expect-answer', 90_000);

let server: Awaited<ReturnType<typeof startHotline>>;
let browser: Browser;
const phones: ChildProcess[] = [];
const calls: Promise<SippResult>[] = [];
let supervisorToken: string;
let wall: Awaited<ReturnType<typeof wallClient>>;
let operator: Awaited<ReturnType<typeof operatorDesk>>;

const login = async (username: string) =>
  (await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
const post = (token: string, url: string, payload: object) => server.hotline.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
const userId = (username: string) => (server.db.$client.prepare('select id from users where username = ?').get(username) as { id: number }).id;
/** Channels Asterisk has now, as `core show channels concise` lists them (fields split). */
const channels = () =>
  asteriskCli('core show channels concise')
    .trim()
    .split('\n')
    .filter((line) => line.includes('!'))
    .map((line) => line.split('!'));

beforeAll(async () => {
  synthesiseCallerVoice();
  server = await startHotline();
  await waitUntilReady(server.hotline);
  await addUser(server.db, { username: 'sup1019', role: 'supervisor', extension: '1019', languages: 'zh,en' });
  await addUser(server.db, { username: 'op1020', role: 'operator', extension: '1020', languages: 'en' });
  supervisorToken = await login('sup1019');
  operator = await operatorDesk(server.hotline, server.db, server.baseUrl, 1006, 'en');
  phones.push(startAgentPhone(1006), startAgentPhone(1019));
  wall = await wallClient(server.baseUrl, supervisorToken, { frames: true });
  browser = await launchChromium();
});

afterAll(async () => {
  hangUpEveryCall();
  await Promise.all(calls);
  for (const phone of phones) phone.kill();
  wall?.close();
  operator?.socket.close();
  await browser?.close();
  await server?.hotline.stop();
});

describe('the wallboard', () => {
  it('shows three waiting callers in order with language and intent, renumbers when one gives up, and an answer', async () => {
    expect(wall.state.masked).toBe(false);
    expect(wall.agent('1006')).toMatchObject({ status: 'offline', name: 'op1006', languages: ['en'] });
    // Callers join a line only while someone of its language is logged in (else: a message): op1006 is on a break.
    expect((await operator.setState('paused', 'break')).statusCode).toBe(200);
    await wall.until('op1006 paused for a break', () => wall.agent('1006')?.status === 'paused' && wall.agent('1006')?.reason === 'break');
    const offeredBefore = wall.today()?.offered ?? 0;
    const callers = ['13800138201', '13800138202', '13800138203'];
    for (const [index, [scenario, caller]] of ([[REPORT, callers[0]], [QUESTION_GIVES_UP, callers[1]], [COMPLAINT, callers[2]]] as const).entries()) {
      calls.push(placeCall(scenario, { caller: caller! }));
      await wall.until(`caller ${index + 1} waiting`, () => wall.waiting('hotline-en').length === index + 1);
    }
    expect(wall.waiting('hotline-en').map(({ position, caller, lang, intent }) => ({ position, caller, lang, intent }))).toEqual([
      { position: 1, caller: callers[0], lang: 'en', intent: 'report' },
      { position: 2, caller: callers[1], lang: 'en', intent: 'consultation' },
      { position: 3, caller: callers[2], lang: 'en', intent: 'complaint' },
    ]);
    expect(wall.state.queues.get('hotline-en')).toMatchObject({ waiting: 3, longestWaitSince: wall.waiting('hotline-en')[0]!.joinedAt });
    expect(wall.state.kpis!.live.waiting).toBe(3);
    expect(wall.today()!.offered).toBe(offeredBefore + 3);

    // the second gives up after about 10 s: a real abandon (not a short one), and the queue renumbers
    await wall.until('the second caller gone', () => wall.waiting('hotline-en').length === 2, 20_000);
    expect(wall.waiting('hotline-en').map(({ position, caller }) => [position, caller])).toEqual([
      [1, callers[0]],
      [2, callers[2]],
    ]);
    await wall.until('the abandon counted', () => wall.today()!.abandoned === 1);
    expect(wall.today()!.shortAbandoned).toBe(0);

    // the operator goes available: the first caller is answered
    expect((await operator.setState('available')).statusCode).toBe(200);
    const onCall = await wall.until('op1006 on a call', () => (wall.agent('1006')?.status === 'on-call' ? wall.agent('1006') : undefined));
    expect(onCall.call).toMatchObject({ caller: callers[0], queue: 'hotline-en', state: 'talking' });
    await wall.until('the answer counted', () => wall.today()!.answered === 1);
    expect(wall.today()!.asaSeconds).toBeGreaterThan(0);
    // Asterisk says the caller left the queue (QueueCallerLeave) once the operator's leg is through Queue's
    // gosub (the ledger of answered calls): on a loaded machine that can follow the answer's own events.
    await wall.until('the answered caller off the waiting list', () => wall.waiting('hotline-en').length === 1);
    expect(wall.waiting('hotline-en').map(({ position, caller }) => [position, caller])).toEqual([[1, callers[2]]]);
    await wall.until('answered today', () => wall.agent('1006')!.answeredToday === 1);
    // all of it came in frames, as the web wallboard takes it
    expect(wall.state.frames).toBeGreaterThan(0);
    expect(wall.state.frames).toBeLessThan(wall.state.log.filter((entry) => entry.event !== 'snapshot').length);
  }, 120_000);

  it('lets a supervisor listen, whisper and barge from their own phone, and audits it', async () => {
    const operatorId = userId('op1006');
    for (const [mode, options] of [['listen', 'bqsE'], ['whisper', 'bqsEw'], ['barge', 'bqsEB']] as const) {
      const response = await post(supervisorToken, `/api/wall/agents/${operatorId}/spy`, { mode });
      expect(response.statusCode, response.body).toBe(202);
      expect(response.json()).toMatchObject({ mode, supervisorExtension: '1019' });
      // the supervisor's SIPp phone answered, and Asterisk spies on the operator's channel with the mode's options
      const spy = await waitFor(`a ${mode} ChanSpy`, () => channels().find((fields) => fields[5] === 'ChanSpy'), 10_000);
      expect(spy[0]).toMatch(/^PJSIP\/1019-/);
      expect(spy[6]).toBe(`PJSIP/1006-,${options}`);
      // hang up the supervisor's side; asked again while it lingers (a request that lands mid-setup is lost)
      await waitFor('the spy call ended', () => {
        const spying = channels().filter((fields) => fields[5] === 'ChanSpy');
        for (const fields of spying) asteriskCli(`channel request hangup ${fields[0]}`);
        return spying.length === 0 ? true : undefined;
      }, 10_000, 500).catch((error: Error) => {
        // what the channel that would not go was doing (its state, application and where its thread blocks)
        const lingering = channels().filter((fields) => fields[5] === 'ChanSpy').map((fields) => asteriskCli(`core show channel ${fields[0]}`));
        throw new Error(`${error.message}\n${lingering.join('\n')}`);
      });
    }
    const audited = server.db.$client.prepare(`select action, actor_user_id as actor, target_user_id as target from audit_events where action in ('listen', 'whisper', 'barge') order by id`).all();
    expect(audited).toEqual(['listen', 'whisper', 'barge'].map((action) => ({ action, actor: userId('sup1019'), target: operatorId })));
  });

  it('refuses to spy on an operator who is not on a call (409), and anyone but a supervisor (403)', async () => {
    const idle = await post(supervisorToken, `/api/wall/agents/${userId('op1020')}/spy`, { mode: 'listen' });
    expect(idle.statusCode).toBe(409);
    expect(idle.json().message).toBe('op1020 is not on a call');
    const asOperator = await post(operator.token, `/api/wall/agents/${userId('op1006')}/spy`, { mode: 'listen' });
    expect(asOperator.statusCode).toBe(403);
    expect(channels().some((fields) => fields[5] === 'ChanSpy')).toBe(false);
  });

  it('shows the waiting caller and the operator on the page, in both languages', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.baseUrl}/login`);
    await page.fill('input[name=username]', 'sup1019');
    await page.fill('input[name=password]', 'correct-horse');
    await page.click('[data-test=login-submit]');
    // a supervisor lands on the wallboard
    await page.waitForURL(/\/wall$/);
    await expect.poll(() => page.textContent('[data-test=tile-waiting] [data-test=value]')).toBe('1');
    expect(await page.textContent('[data-test=queue-hotline-en] [data-test=callers]')).toContain('13800138203');
    // a caller arrives while the supervisor watches: the row appears and the tile changes, without a reload
    calls.push(placeCall(COMPLAINT, { caller: '13800138205' }));
    await expect.poll(() => page.textContent('[data-test=tile-waiting] [data-test=value]'), { timeout: 20_000 }).toBe('2');
    await expect.poll(() => page.textContent('[data-test=queue-hotline-en] [data-test=callers]')).toContain('13800138205');
    expect(await page.textContent('[data-test=count-on-call]')).toContain('1');
    expect(await page.getAttribute('[data-test=status-1006]', 'data-status')).toBe('on-call');
    expect(await page.textContent('[data-test=tile-answered]')).toContain('Answered');
    expect(await page.getAttribute('[data-test=tile-serviceLevel]', 'title')).toBe('answered within 15 s ÷ (offered − short abandons − waiting under 15 s)');
    // the timers tick in the browser, from the timestamps (nothing is pushed every second)
    const waited = await page.textContent('[data-test=tile-longestWaitSeconds] [data-test=value]');
    await expect.poll(() => page.textContent('[data-test=tile-longestWaitSeconds] [data-test=value]'), { timeout: 5_000 }).not.toBe(waited);
    await page.screenshot({ path: 'test-results/wallboard-en.png', fullPage: true });
    await page.click('[data-test=switch-language]');
    await expect.poll(() => page.textContent('[data-test=tile-waiting]')).toContain('排队中');
    expect(await page.textContent('[data-test=status-1006]')).toContain('通话中');
    await page.screenshot({ path: 'test-results/wallboard-zh.png', fullPage: true });
    await page.close();
  });

  it('after the AMI link drops and returns, shows what Asterisk lists, not what it remembered', async () => {
    await server.hotline.ami.stop();
    await wall.until('the model cleared', () => wall.waiting('hotline-en').length === 0);
    // while the server is deaf: the waiting caller hangs up, and another comes
    for (const caller of ['13800138203', '13800138205']) asteriskCli(`channel request hangup ${channels().find((fields) => fields[7] === caller)![0]}`);
    calls.push(placeCall(REPORT, { caller: '13800138204' }));
    await waitFor('the new caller in the queue', () => (/1\. PJSIP\/anonymous/.test(asteriskCli('queue show hotline-en')) ? true : undefined), 15_000);
    const hearing = performance.timeOrigin + performance.now();
    server.hotline.ami.start();
    await wall.until('the new caller on the wall', () => wall.waiting('hotline-en')[0]?.caller === '13800138204');
    // the rebuild's pushes go out one per turn of the server's loop (callers, then operators, then the figures)
    await wall.until(
      'the operator and the figures after the rebuild',
      () => wall.agent('1006')?.status === 'on-call' && wall.state.log.some((entry) => entry.event === 'kpi:update' && entry.at > hearing),
    );
    const listed = asteriskCli('queue show hotline-en').match(/^\s+\d+\. (PJSIP\/anonymous-\w+)/gm)!.map((line) => line.trim().split(' ')[1]!);
    const numberOf = (channel: string) => channels().find((fields) => fields[0] === channel)![7];
    expect(wall.waiting('hotline-en').map((caller) => caller.caller)).toEqual(listed.map(numberOf));
    expect(wall.waiting('hotline-en')[0]).toMatchObject({ lang: 'en', intent: 'report' });
    expect(wall.agent('1006')).toMatchObject({ status: 'on-call', call: { caller: '13800138201', state: 'talking' } });
  });

  it('keeps today’s figures across a server restart', async () => {
    const before = wall.today()!;
    wall.close();
    await restartHotline(server);
    wall = await wallClient(server.baseUrl, await login('sup1019'), { frames: true });
    expect(wall.today()).toMatchObject({ offered: before.offered, answered: before.answered, abandoned: before.abandoned });
  });
});
