// Call-backs that keep the caller's place, over real calls: a waiting caller presses 1 and is called back
// when their turn comes (the operator's phone first, with a call-back pop, then the citizen, showing the
// hotline's number); a call-back nobody answers is tried again and marked no-answer; a call-back waiting
// in line survives the server being killed.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { operatorDesk, restartHotline, startHotline, testLineSettings, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { amiUrl, ariUrl, asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, startPhone, type SippResult } from '../helpers/sipp.ts';

const RETRY_MINUTES = 0.05;
let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let operatorPhone: ChildProcess;
let citizen: ChildProcess | undefined;
const calls: Promise<SippResult>[] = [];

/** Mandarin (1), an operator (0), then `then` while in line. */
const mandarin = (name: string, then: Parameters<typeof callerScenario>[2]) =>
  callerScenario(name, 'a Mandarin caller in line', [{ pause: 700 }, { key: '1' }, { pause: 700 }, { key: '0' }, ...then]);

const requestOf = (number: string) =>
  server.db.$client
    .prepare(`select id, status, attempts, source, queue, last_dial_status as lastDialStatus, agent_user_id as agentUserId, call_id as callId from callback_requests where number = ? order by id desc`)
    .get(number) as { id: number; status: string; attempts: number; source: string; queue: string; lastDialStatus: string | null; agentUserId: number | null; callId: number | null } | undefined;
/** Who waits in the Mandarin line, in Asterisk's order: a caller's number, or "callback" for a placeholder. */
const mandarinLine = () =>
  [...asteriskCli('queue show hotline-zh').matchAll(/^\s+\d+\. (\S+)/gm)].map(([, channel]) => (channel!.startsWith('Local/hold@hotline-callback') ? 'callback' : channel!));
const callerOfChannel = (channel: string) =>
  asteriskCli('core show channels concise')
    .split('\n')
    .find((line) => line.startsWith(`${channel}!`))
    ?.split('!')[7];
const citizenPhone = (scenario: string, talkMs?: number) => {
  citizen?.kill();
  const messages = join(mkdtempSync(join(tmpdir(), 'citizen-')), 'messages.log');
  citizen = startPhone(TEST_PBX.trunkPort, scenario, { slot: 3, messageFile: messages, ...(talkMs ? { talkMs } : {}) });
  return messages;
};

beforeAll(async () => {
  server = await startHotline({}, {}, testLineSettings((line) => {
    line.callbackAttempts = 2;
    line.callbackRetryMinutes = RETRY_MINUTES;
  }));
  await waitUntilReady(server.hotline);
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1015, 'zh');
  operatorPhone = startAgentPhone(1015);
});

// no call of one test rings the operator in the next
afterEach(() => hangUpEveryCall());

afterAll(async () => {
  hangUpEveryCall();
  await Promise.all(calls);
  operatorPhone?.kill();
  citizen?.kill();
  desk?.socket.close();
  await server?.hotline.stop();
});

describe('a call-back', () => {
  it('keeps the place of a caller who pressed 1: A, then the call-back to B (operator first, then B’s number), then C', async () => {
    const [a, b, c] = ['13500000031', '13500000032', '13500000033'];
    const messages = citizenPhone('uas-answer-then-hang-up.xml', 3_000);
    // nobody answers yet: the one operator is on a break
    expect((await desk.setState('paused', 'break')).statusCode).toBe(200);
    calls.push(placeCall(mandarin('uac-a-waits-then-hangs-up', [{ pause: 45_000 }, { hangUp: true }]), { caller: a }));
    await waitFor('A in line', () => (mandarinLine().length === 1 ? true : undefined), 20_000);
    // B waits, presses 1, hears their number and confirms it (1), hears that we will call back, and is hung up on
    const bCall = placeCall(mandarin('uac-b-presses-1-confirms', [{ pause: 7_000 }, { key: '1' }, { pause: 3_000 }, { key: '1' }, { expectHangup: 30_000 }]), { caller: b });
    calls.push(bCall);
    await waitFor('B in line', () => (mandarinLine().length === 2 ? true : undefined), 20_000);
    calls.push(placeCall(mandarin('uac-c-waits', [{ stay: 120_000 }]), { caller: c }));
    await waitFor('C in line', () => (mandarinLine().length === 3 ? true : undefined), 20_000);
    expect((await bCall).code).toBe(0);

    // B's place is kept: a placeholder stands between A and C
    await waitFor('the call-back in line', () => (requestOf(b)?.status === 'queued' ? true : undefined), 15_000);
    const line = mandarinLine();
    expect(line.map((entry) => (entry === 'callback' ? entry : callerOfChannel(entry)))).toEqual([a, 'callback', c]);
    expect(requestOf(b)).toMatchObject({ source: 'queue', queue: 'hotline-zh', attempts: 0 });

    // the operator comes free: A, then the call-back, then C
    const from = desk.pops.length;
    expect((await desk.setState('available')).statusCode).toBe(200);
    await desk.popFor(c, from, 90_000);
    const served = desk.pops.slice(from).map(({ pop }) => [pop.kind, pop.caller]);
    expect(served).toEqual([
      ['call', a],
      ['callback', b],
      ['call', c],
    ]);
    const callbackPop = desk.pops.slice(from)[1]!.pop;
    expect(callbackPop.callback).toMatchObject({ id: requestOf(b)!.id, number: b, attempts: 0 });
    // the call-back's case is the draft of B's own call
    const bCase = server.db.$client.prepare(`select c.number from cases c join calls on calls.id = c.call_id where calls.caller = ? and calls.direction = 'inbound'`).get(b) as { number: string } | undefined;
    expect(callbackPop.case?.number).toBe(bCase?.number);
    expect(requestOf(b)).toMatchObject({ status: 'connected', attempts: 1, lastDialStatus: 'ANSWER', agentUserId: expect.any(Number) });
    // the citizen's phone rang showing the hotline's number
    const invite = readFileSync(messages, 'utf8').split(/\n(?=INVITE )/).find((message) => message.startsWith('INVITE '));
    expect(invite).toMatch(new RegExp(`^INVITE sip:${b}@`));
    expect(invite).toMatch(/^From: .*<sip:12365@/m);
    hangUpEveryCall();
  });

  it('is tried again after the retry interval when nobody answers, and marked no-answer after the last attempt', async () => {
    const number = '13500000041';
    citizenPhone('uas-busy.xml');
    const from = desk.pops.length;
    const booked = await server.hotline.app.inject({ method: 'POST', url: '/api/callbacks', headers: { authorization: `Bearer ${desk.token}` }, payload: { number, lang: 'zh' } });
    expect(booked.statusCode, booked.body).toBe(201);
    await waitFor('no answer after the last attempt', () => (requestOf(number)?.status === 'no-answer' ? true : undefined), 60_000);
    expect(requestOf(number)).toMatchObject({ attempts: 2, lastDialStatus: 'BUSY', source: 'desk' });
    const rings = desk.pops.slice(from).filter(({ pop }) => pop.kind === 'callback' && pop.caller === number);
    expect(rings.map(({ pop }) => pop.callback!.attempts)).toEqual([0, 1]);
    expect(rings[1]!.receivedAt - rings[0]!.receivedAt).toBeGreaterThanOrEqual(RETRY_MINUTES * 60_000);
    // a bad number is refused, and nothing is stored
    const before = server.db.$client.prepare('select count(*) as n from callback_requests').get();
    const bad = await server.hotline.app.inject({ method: 'POST', url: '/api/callbacks', headers: { authorization: `Bearer ${desk.token}` }, payload: { number: '12345', lang: 'zh' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not a mainland phone number/);
    expect(server.db.$client.prepare('select count(*) as n from callback_requests').get()).toEqual(before);
  });

  it('waiting in line survives the server being killed, and is served when it is back', async () => {
    const number = '13500000051';
    expect((await desk.setState('paused', 'break')).statusCode).toBe(200);
    desk.socket.close();
    await server.hotline.stop();
    // the same database and line, served by a server process that will be killed
    const child = await startServerProcess({
      HOTLINE_DB: server.config.databaseFile,
      HOTLINE_DATA_DIR: server.dataDirectory,
      AMI_URL: amiUrl(),
      ARI_URL: ariUrl(),
      ARI_APP: TEST_PBX.ariApp,
    });
    try {
      const token = (
        await (await fetch(`${child.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'op1015', password: 'correct-horse' }) })).json()
      ).token as string;
      const booked = await waitFor('the call-back booked', async () => {
        const response = await fetch(`${child.baseUrl}/api/callbacks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ number, lang: 'zh' }),
        });
        return response.status === 201 ? response : undefined;
      }, 30_000);
      expect(booked.status).toBe(201);
      await waitFor('the call-back in line', () => (requestOf(number)?.status === 'queued' && mandarinLine().includes('callback') ? true : undefined), 20_000);
    } finally {
      await child.stop('SIGKILL');
    }
    // Asterisk still holds the placeholder; the database still has the request
    expect(mandarinLine()).toEqual(['callback']);
    await restartHotline(server, { stopped: true });
    await waitUntilReady(server.hotline);
    expect(requestOf(number)?.status).toBe('queued');
    const messages = citizenPhone('uas-answer-then-hang-up.xml', 2_000);
    desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1015, 'zh');
    const from = desk.pops.length;
    expect((await desk.setState('available')).statusCode).toBe(200);
    const { pop } = await desk.popFor(number, from, 30_000);
    expect(pop.kind).toBe('callback');
    await waitFor('the call-back connected', () => (requestOf(number)?.status === 'connected' ? true : undefined), 30_000);
    expect(readFileSync(messages, 'utf8')).toMatch(new RegExp(`INVITE sip:${number}@`));
  });
});
