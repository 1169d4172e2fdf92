// After a call: the operator is in wrap-up (no call reaches them until they are ready, and "ready" needs the
// call's case saved or marked as needing none), and the call's recording is kept under HOTLINE_DATA_DIR with
// its checksum, linked to the case, played to a supervisor in byte ranges and refused to another operator.
import { createHash } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesiseCallerVoice } from '../helpers/caller-voice.ts';
import { operatorDesk, startHotline, testLineSettings, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, type SippResult } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';

const WRAP_UP_SECONDS = 120;
let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let phone: ChildProcess;
const calls: Promise<SippResult>[] = [];

/** A Mandarin caller who speaks all along, asks for an operator, and hangs up after `talkMs` (counted from the call's start). */
const talker = (talkMs: number) =>
  callerScenario(`uac-1-then-0-speak-hang-up-after-${talkMs}`, 'a Mandarin caller who talks to an operator, then hangs up', [
    { stream: synthesiseCallerVoice() },
    { pause: 700 },
    { key: '1' },
    { pause: 700 },
    { key: '0' },
    { pause: talkMs },
    { hangUp: true },
  ]);
const waiter = callerScenario('uac-1-then-0-wait-60s', 'a Mandarin caller who waits for an operator', [{ pause: 700 }, { key: '1' }, { pause: 700 }, { key: '0' }, { stay: 60_000 }]);

const get = (token: string, url: string, headers: Record<string, string> = {}) => server.hotline.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
const post = (token: string, url: string, payload?: object) =>
  server.hotline.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const login = async (username: string) =>
  (await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
const callOf = (caller: string) =>
  server.db.$client.prepare(`select id, uniqueid, wrap_up_seconds as wrapUpSeconds, no_case_needed as noCaseNeeded from calls where caller = ? order by id desc`).get(caller) as
    | { id: number; uniqueid: string; wrapUpSeconds: number | null; noCaseNeeded: number }
    | undefined;

beforeAll(async () => {
  server = await startHotline({}, {}, testLineSettings((line) => {
    line.queues['hotline-zh']!.wrapUpSeconds = WRAP_UP_SECONDS;
    line.wrapUpRequiresCase = true;
  }));
  await waitUntilReady(server.hotline);
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1014, 'zh');
  phone = startAgentPhone(1014);
  expect((await desk.setState('available')).statusCode).toBe(200);
  await addUser(server.db, { username: 'sup1017', role: 'supervisor', extension: '1017', languages: 'zh,en' });
  await addUser(server.db, { username: 'op1016', role: 'operator', extension: '1016', languages: 'zh' });
});

afterAll(async () => {
  hangUpEveryCall();
  await Promise.all(calls);
  phone?.kill();
  desk?.socket.close();
  await server?.hotline.stop();
});

describe('after a call', () => {
  let firstCase: string;

  it('keeps the operator in wrap-up: the next caller waits until they are ready, and ready needs the case saved or marked as needing none', async () => {
    const x = '13500000021';
    const y = '13500000022';
    calls.push(placeCall(talker(12_000), { caller: x }));
    const { pop } = await desk.popFor(x, 0, 30_000);
    firstCase = pop.case!.number;
    const wrapUp = await waitFor('wrap-up after the call', () => desk.wrapUps.at(-1) ?? undefined, 30_000);
    expect(wrapUp.endsAt - wrapUp.startedAt).toBe(WRAP_UP_SECONDS * 1000);
    expect(wrapUp.requiresCase).toBe(true);
    expect((await get(desk.token, '/api/agent/wrap-up')).json().wrapUp).toMatchObject({ callId: callOf(x)!.uniqueid });

    // the next caller reaches the line while the operator is in wrap-up: Asterisk has them paused for "wrap-up"
    const popsBefore = desk.pops.length;
    calls.push(placeCall(waiter, { caller: y }));
    await waitFor('Y waiting in line', () => (/Callers:\s*\n\s*1\. /.test(asteriskCli('queue show hotline-zh')) ? true : undefined), 20_000);
    expect(asteriskCli('queue show hotline-zh')).toMatch(/PJSIP\/1014.*paused:wrap-up/);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(desk.pops.length).toBe(popsBefore);

    // ready without the case saved is refused; "no case needed" is accepted and Y is put through
    const refused = await post(desk.token, '/api/agent/ready');
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().message).toMatch(/case/);
    const ready = await post(desk.token, '/api/agent/ready', { noCaseNeeded: true });
    expect(ready.statusCode, ready.body).toBe(200);
    await waitFor('the desk told wrap-up is over', () => desk.wrapUps.at(-1) === null, 5_000, 50);
    await desk.popFor(y, popsBefore, 20_000);
    expect(callOf(x)).toMatchObject({ noCaseNeeded: 1, wrapUpSeconds: expect.any(Number) });
    expect(callOf(x)!.wrapUpSeconds!).toBeLessThan(WRAP_UP_SECONDS);

    // after Y: the case is saved (registered), so ready needs nothing more
    const yCase = desk.pops.find((entry) => entry.pop.caller === y)!.pop.case!.number;
    hangUpEveryCall();
    await waitFor('wrap-up after Y', () => (desk.wrapUps.at(-1)?.callId === callOf(y)!.uniqueid ? true : undefined), 20_000);
    const fields = { kind: 'consultation', subject: '电热水壶质量咨询', description: '来电咨询电热水壶的国家标准。', citizenPhone: y };
    expect((await server.hotline.app.inject({ method: 'PATCH', url: `/api/cases/${yCase}`, headers: { authorization: `Bearer ${desk.token}` }, payload: fields })).statusCode).toBe(200);
    expect((await post(desk.token, `/api/cases/${yCase}/actions`, { action: 'register' })).statusCode).toBe(200);
    const readyAfterCase = await post(desk.token, '/api/agent/ready');
    expect(readyAfterCase.statusCode, readyAfterCase.body).toBe(200);
    expect(callOf(y)).toMatchObject({ noCaseNeeded: 0 });
    expect(asteriskCli('queue show hotline-zh')).not.toMatch(/PJSIP\/1014.*paused/);
  });

  it('keeps the recording under HOTLINE_DATA_DIR with its checksum, linked to the case; a supervisor plays a range, another operator is refused', async () => {
    const call = callOf('13500000021')!;
    const recording = await waitFor('the recording archived', () =>
      server.db.$client.prepare(`select r.id, r.file, r.sha256, r.bytes, r.duration_ms as durationMs, c.number as caseNumber
                                   from call_recordings r left join cases c on c.id = r.case_id where r.call_id = ?`).get(call.id) as
        | { id: number; file: string; sha256: string; bytes: number; durationMs: number; caseNumber: string | null }
        | undefined,
    20_000);
    const audio = readFileSync(join(server.dataDirectory, recording.file));
    expect(createHash('sha256').update(audio).digest('hex')).toBe(recording.sha256);
    expect(audio.length).toBe(recording.bytes);
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    // the caller spoke all along: seconds of audio, not an empty file
    expect(recording.durationMs).toBeGreaterThan(3_000);
    expect(recording.caseNumber).toBe(firstCase);
    // Asterisk's own copy is gone once the archive has it
    expect(existsSync(join(TEST_PBX.root, `var/spool/asterisk/recording/hotline-call-${call.uniqueid}.wav`))).toBe(false);

    const supervisor = await login('sup1017');
    const listed = await get(supervisor, `/api/recordings?caseNumber=${firstCase}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().recordings).toEqual([expect.objectContaining({ id: recording.id, sha256: recording.sha256, audio: `/api/recordings/${recording.id}/audio` })]);
    const range = await get(supervisor, `/api/recordings/${recording.id}/audio`, { range: 'bytes=0-1023' });
    expect(range.statusCode).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 0-1023/${recording.bytes}`);
    expect(range.rawPayload.equals(audio.subarray(0, 1024))).toBe(true);
    // the operator who took the call hears it all; another operator is refused, and both are in the audit trail
    const own = await get(desk.token, `/api/recordings/${recording.id}/audio`);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.length).toBe(recording.bytes);
    const other = await get(await login('op1016'), `/api/recordings/${recording.id}/audio`);
    expect(other.statusCode).toBe(403);
    const audited = server.db.$client.prepare(`select action from audit_events where action like 'recording-%' order by id`).all();
    expect(audited).toEqual([{ action: 'recording-played' }, { action: 'recording-played' }, { action: 'recording-refused' }]);
  });
});
