// Call control against a scripted AMI peer that never answers, answers with an error, drops the connection,
// or answers but never sends the confirming event: every route answers 503 or 504 with the reason, nothing
// is left pending, the server keeps running, and a number outside the allow-list is never originated.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHotline, type Hotline } from '../../src/main.ts';
import { createLogger } from '../../src/log.ts';
import { politeAnswer, startScriptedAmi, type AmiFields, type AmiScript } from '../helpers/scripted-ami.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

const ACTION_MS = 300;
const CONFIRM_MS = 500;
vi.setConfig({ testTimeout: 15_000 });

/** Asterisk's channel list: operator 1001 talking with a citizen (one bridge). */
function channelList(action: AmiFields): AmiFields[] {
  const id = action.actionid ?? '';
  const channel = (name: string, uniqueid: string, caller: string) => ({
    Event: 'CoreShowChannel',
    ActionID: id,
    Channel: name,
    Uniqueid: uniqueid,
    Linkedid: '1795300000.1',
    ChannelState: '6',
    ChannelStateDesc: 'Up',
    CallerIDNum: caller,
    BridgeId: 'bridge-1',
    Application: 'Queue',
    Duration: '00:00:10',
  });
  return [
    { Response: 'Success', ActionID: id, EventList: 'start', Message: 'Channels will follow' },
    channel('PJSIP/anonymous-00000001', '1795300000.1', '13500000001'),
    channel('PJSIP/1001-00000002', '1795300000.2', '12365'),
    { Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: '2' },
  ];
}

const scripted = (fault: (action: AmiFields, connection: number) => ReturnType<AmiScript> | undefined): AmiScript => (action, connection) => {
  if (action.action?.toLowerCase() === 'coreshowchannels') return channelList(action);
  return fault(action, connection) ?? politeAnswer(action);
};

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function deskAgainst(script: AmiScript) {
  const ami = await startScriptedAmi(script);
  const db = freshDatabase();
  const hotline: Hotline = await createHotline(testConfig({ AMI_URL: ami.url, AMI_ACTION_TIMEOUT_MS: String(ACTION_MS), HOTLINE_CALL_CONTROL_TIMEOUT_MS: String(CONFIRM_MS) }), createLogger('silent'), { db });
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  cleanups.push(
    () => ami.close(),
    () => hotline.stop(),
    async () => process.off('unhandledRejection', onRejection),
  );
  await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  await addUser(db, { username: 'admin', role: 'admin' });
  const login = async (username: string) => (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
  const token = await login('op1001');
  hotline.ami.start();
  // connected, and the channel list read: the operator is on a call
  await vi.waitFor(() => expect(hotline.calling.service.current('1001')).toMatchObject({ citizen: '13500000001', state: 'talking' }), { timeout: 5_000, interval: 20 });
  const post = (url: string, payload?: object) =>
    hotline.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return { ami, hotline, db, post, login, rejections };
}

/** Every timer of the faulty action has fired by now; nothing rejected unhandled, the server still answers. */
async function stillHealthy(desk: Awaited<ReturnType<typeof deskAgainst>>) {
  await new Promise((resolve) => setTimeout(resolve, CONFIRM_MS + ACTION_MS));
  expect(desk.rejections).toEqual([]);
  expect((await desk.hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}

describe('call control when Asterisk misbehaves', () => {
  it('answers 504 when Asterisk never answers the hold, and keeps running', async () => {
    const desk = await deskAgainst(scripted((action) => (action.action?.toLowerCase() === 'setvar' ? 'silence' : undefined)));
    const held = await desk.post('/api/calls/current/hold');
    expect(held.statusCode).toBe(504);
    expect(held.json().message).toMatch(/Asterisk did not answer Setvar.*no response within 300 ms/);
    expect(desk.ami.received('PlayDTMF')).toHaveLength(0);
    await stillHealthy(desk);
  });

  it('answers 503 with Asterisk’s reason when it refuses the hold key', async () => {
    const desk = await deskAgainst(scripted((action) => (action.action?.toLowerCase() === 'playdtmf' ? [{ Response: 'Error', ActionID: action.actionid ?? '', Message: 'Channel not found' }] : undefined)));
    const held = await desk.post('/api/calls/current/hold');
    expect(held.statusCode).toBe(503);
    expect(held.json().message).toMatch(/Asterisk refused PlayDTMF: Channel not found/);
    await stillHealthy(desk);
  });

  it('answers 504 when Asterisk accepts the hold but never starts the music', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    const held = await desk.post('/api/calls/current/hold');
    expect(held.statusCode).toBe(504);
    expect(held.json().message).toBe(`Asterisk did not confirm the hold within ${CONFIRM_MS} ms`);
    expect(desk.ami.received('PlayDTMF').map(({ action }) => action.digit)).toEqual(['A', '1']);
    expect(desk.hotline.calling.service.current('1001')).toMatchObject({ held: false });
    await stillHealthy(desk);
  });

  it('holds once the citizen’s channel hears music, as Asterisk says', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    const held = desk.post('/api/calls/current/hold');
    await vi.waitFor(() => expect(desk.ami.received('PlayDTMF')).toHaveLength(2), { timeout: 2_000, interval: 10 });
    desk.ami.emit({ Event: 'MusicOnHoldStart', Channel: 'PJSIP/anonymous-00000001', Uniqueid: '1795300000.1', Class: 'default' });
    expect((await held).json().call).toMatchObject({ held: true, citizen: '13500000001' });
  });

  it('answers 503 when the connection drops during a blind transfer, and reconnects', async () => {
    const desk = await deskAgainst(scripted((action, connection) => (action.action?.toLowerCase() === 'blindtransfer' && connection === 1 ? 'drop' : undefined)));
    const moved = await desk.post('/api/calls/current/transfer', { to: { kind: 'operator', extension: '1002' } });
    expect(moved.statusCode).toBe(503);
    expect(moved.json().message).toMatch(/connection to Asterisk (was lost|closed) before/);
    await vi.waitFor(() => expect(desk.hotline.ami.connected).toBe(true), { timeout: 5_000, interval: 20 });
    await stillHealthy(desk);
  });

  it('answers 503 when Asterisk reports the blind transfer failed', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    const moved = desk.post('/api/calls/current/transfer', { to: { kind: 'queue', queue: 'hotline-en' } });
    await vi.waitFor(() => expect(desk.ami.received('BlindTransfer')).toHaveLength(1), { timeout: 2_000, interval: 10 });
    expect(desk.ami.received('BlindTransfer')[0]!.action).toMatchObject({ channel: 'PJSIP/1001-00000002', context: 'hotline-transfer', exten: 'queue-en' });
    desk.ami.emit({ Event: 'BlindTransfer', Result: 'Fail', TransfererChannel: 'PJSIP/1001-00000002', TransfererUniqueid: '1795300000.2', Extension: 'queue-en' });
    const answer = await moved;
    expect(answer.statusCode).toBe(503);
    expect(answer.json().message).toBe('Asterisk refused the transfer to hotline-en: Fail');
  });

  it('answers 409 when the citizen hangs up while a consult is being started', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    const consult = desk.post('/api/calls/current/consult', { to: { kind: 'external', number: '12345' } });
    await vi.waitFor(() => expect(desk.ami.received('PlayDTMF')).toHaveLength(2), { timeout: 2_000, interval: 10 });
    desk.ami.emit({ Event: 'Hangup', Channel: 'PJSIP/anonymous-00000001', Uniqueid: '1795300000.1', Cause: '16' });
    const answer = await consult;
    expect(answer.statusCode).toBe(409);
    expect(answer.json().message).toBe('the citizen hung up');
    await stillHealthy(desk);
  });

  it('answers 504 when the operator’s phone never rings for a click-to-call, and 503 when Asterisk says it could not ring it', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    desk.ami.emit({ Event: 'Hangup', Channel: 'PJSIP/1001-00000002', Uniqueid: '1795300000.2', Cause: '16' });
    await vi.waitFor(() => expect(desk.hotline.calling.service.current('1001')).toBeNull(), { timeout: 2_000, interval: 10 });
    const silent = await desk.post('/api/calls/dial', { number: '13800000001' });
    expect(silent.statusCode).toBe(504);
    expect(silent.json().message).toMatch(/Asterisk did not confirm ringing your phone \(1001\)/);

    const refused = desk.post('/api/calls/dial', { number: '13800000002' });
    await vi.waitFor(() => expect(desk.ami.received('Originate')).toHaveLength(2), { timeout: 2_000, interval: 10 });
    const originate = desk.ami.received('Originate')[1]!.action;
    expect(originate).toMatchObject({ channel: 'PJSIP/1001', context: 'hotline-dial-out', exten: '13800000002' });
    desk.ami.emit({ Event: 'OriginateResponse', Response: 'Failure', Channel: 'PJSIP/1001', Uniqueid: originate.channelid!, Reason: '5' });
    const answer = await refused;
    expect(answer.statusCode).toBe(503);
    expect(answer.json().message).toBe('Asterisk could not ring your phone (1001): busy');
    const outcomes = desk.db.$client.prepare('select number, outcome from dial_outs order by id').all();
    expect(outcomes).toEqual([
      { number: '13800000001', outcome: 'operator-no-answer' },
      { number: '13800000002', outcome: 'operator-no-answer' },
    ]);
    await stillHealthy(desk);
  });

  it('refuses a number outside the allow-list with 403 and sends no Originate; admins replace the list, validated and audited', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    desk.ami.emit({ Event: 'Hangup', Channel: 'PJSIP/1001-00000002', Uniqueid: '1795300000.2', Cause: '16' });
    await vi.waitFor(() => expect(desk.hotline.calling.service.current('1001')).toBeNull(), { timeout: 2_000, interval: 10 });
    for (const number of ['900123456', '0085212345678', '1100']) {
      const refused = await desk.post('/api/calls/dial', { number });
      expect(refused.statusCode, number).toBe(403);
    }
    expect(desk.ami.received('Originate')).toEqual([]);
    expect(desk.db.$client.prepare('select count(*) as n from dial_outs').get()).toEqual({ n: 0 });

    const admin = await desk.login('admin');
    const put = (patterns: unknown) => desk.hotline.app.inject({ method: 'PUT', url: '/api/admin/dial-out', headers: { authorization: `Bearer ${admin}` }, payload: { patterns } });
    expect((await put(['9001234[0-9]{2}'])).json()).toEqual({ patterns: ['9001234[0-9]{2}'] });
    const bad = await put(['1[3-9', '110']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/patterns\/0 "1\[3-9" is not a regular expression/);
    expect((await put(['x'.repeat(101)])).statusCode).toBe(400);
    expect((await put([])).statusCode).toBe(400);
    expect(desk.hotline.audit.recent().filter((entry) => entry.action === 'dial-out-patterns')).toHaveLength(1);
    // an operator may not change it
    const byOperator = await desk.hotline.app.inject({ method: 'PUT', url: '/api/admin/dial-out', headers: { authorization: `Bearer ${await desk.login('op1001')}` }, payload: { patterns: ['.*'] } });
    expect(byOperator.statusCode).toBe(403);
    // the new list is in force: what it allows is dialled
    const allowed = desk.post('/api/calls/dial', { number: '900123456' });
    await vi.waitFor(() => expect(desk.ami.received('Originate')).toHaveLength(1), { timeout: 2_000, interval: 10 });
    desk.ami.emit({ Event: 'Newstate', Channel: 'PJSIP/1001-00000009', Uniqueid: desk.ami.received('Originate')[0]!.action.channelid!, ChannelState: '5', ChannelStateDesc: 'Ringing', CallerIDNum: '900123456' });
    expect((await allowed).statusCode).toBe(202);
  });

  it('answers 409 for a call-control step the call is not in, 400 for a bad target, and 503 while Asterisk is away', async () => {
    const desk = await deskAgainst(scripted(() => undefined));
    expect((await desk.post('/api/calls/current/resume')).json()).toMatchObject({ statusCode: 409, message: 'the call is not on hold' });
    expect((await desk.post('/api/calls/current/consult/complete')).statusCode).toBe(409);
    const bad = await desk.post('/api/calls/current/transfer', { to: { kind: 'operator', extension: '2001' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^body\/to\/extension: an operator extension from 1001 to 1020$/);
    const unknownKind = await desk.post('/api/calls/current/transfer', { to: { kind: 'fax', number: '1' } });
    expect(unknownKind.statusCode).toBe(400);
    await desk.ami.close();
    await vi.waitFor(() => expect(desk.hotline.ami.connected).toBe(false), { timeout: 2_000, interval: 10 });
    const away = await desk.post('/api/calls/current/hold');
    expect(away.statusCode).toBe(503);
    expect(away.json().message).toMatch(/PBX is not connected/);
  });
});
