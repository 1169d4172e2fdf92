// Call control from the operator's desk over real calls: click-to-call (the operator's phone first, then the
// citizen through the trunk showing 12365), hold and resume (music on hold on the citizen's channel), blind
// transfer to another operator and to a number outside, consult then three-way then the operator leaves (the
// citizen and the third party stay bridged), and a number outside the allow-list refused with nothing dialled.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallControlState } from '../../src/calls/call-control-model.ts';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, startPhone, type SippResult } from '../helpers/sipp.ts';

const OPERATOR = 1011;
const COLLEAGUE = 1012;
let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
const phones: ChildProcess[] = [];
let citizen: ChildProcess | undefined;
const calls: Promise<SippResult>[] = [];
const amiEvents: AmiMessage[] = [];
const deskStates: (CallControlState | null)[] = [];

/** Mandarin (1), an operator (0), then stays on the line up to two minutes. */
const CALLER = callerScenario('uac-1-then-0-stay-expect-operator-to-transfer', 'a Mandarin caller whose call the operator controls', [
  { pause: 700 },
  { key: '1' },
  { pause: 700 },
  { key: '0' },
  { stay: 120_000 },
]);

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  server.hotline.app.inject({ method, url, headers: { authorization: `Bearer ${desk.token}` }, ...(payload ? { payload } : {}) });
/** Channels Asterisk has now (`core show channels concise`): name, caller number, bridge id. */
const channels = () =>
  asteriskCli('core show channels concise')
    .trim()
    .split('\n')
    .filter((line) => line.includes('!'))
    .map((line) => line.split('!'))
    .map((fields) => ({ name: fields[0]!, caller: fields[7]!, bridge: fields[12] ?? '' }));
const channelOfCaller = (number: string) => channels().find((channel) => channel.name.startsWith('PJSIP/anonymous-') && channel.caller === number);
const channelNamed = (name: string) => channels().find((channel) => channel.name === name);
/** The colleague's phone is in `bridge`, or bridged with the ;2 half of a Local pair whose ;1 half is. */
function colleagueConnectedTo(bridge: string): boolean {
  const now = channels();
  const colleague = now.find((entry) => entry.name.startsWith(`PJSIP/${COLLEAGUE}-`));
  if (!colleague?.bridge) return false;
  if (colleague.bridge === bridge) return true;
  const half = now.find((entry) => entry.name.startsWith('Local/') && entry.name.endsWith(';2') && entry.bridge === colleague.bridge);
  return Boolean(half && now.find((entry) => entry.name === half.name.replace(/;2$/, ';1'))?.bridge === bridge);
}
const current = async () => (await api('GET', '/api/calls/current')).json().call as CallControlState | null;
const historyOf = async (caseNumber: string) =>
  (await api('GET', `/api/cases/${caseNumber}/history`)).json().events as { action: string; details: Record<string, unknown> | null }[];
/** A citizen on the trunk's static contact who answers and stays; every SIP message it saw lands in the returned file. */
const citizenOnTrunk = () => {
  citizen?.kill();
  const messages = join(mkdtempSync(join(tmpdir(), 'citizen-')), 'messages.log');
  citizen = startPhone(TEST_PBX.trunkPort, 'uas-agent-answer.xml', { slot: 6, messageFile: messages });
  return messages;
};
const invitesIn = (file: string) => {
  try {
    return readFileSync(file, 'utf8').split(/\n(?=INVITE )/).filter((message) => message.startsWith('INVITE '));
  } catch {
    return [];
  }
};

/** A citizen calls in and the operator answers: returns the caller's number, channel and the call's draft case. */
async function answeredCall(caller: string) {
  const from = desk.pops.length;
  calls.push(placeCall(CALLER, { caller }));
  const { pop } = await desk.popFor(caller, from, 40_000);
  const state = await waitFor('the call on the desk', async () => {
    const call = await current();
    return call?.citizen === caller && call.state === 'talking' ? call : undefined;
  }, 20_000);
  expect(state).toMatchObject({ direction: 'inbound', held: false, consult: null, conference: false, caseNumber: pop.case?.number });
  return { caseNumber: pop.case!.number, channel: channelOfCaller(caller)! };
}

beforeAll(async () => {
  server = await startHotline({}, { HOTLINE_CALL_CONTROL_TIMEOUT_MS: '8000' });
  await waitUntilReady(server.hotline);
  server.hotline.ami.on('event', (message) => amiEvents.push(message));
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, OPERATOR, 'zh');
  desk.socket.on('call-control', (state: CallControlState | null) => deskStates.push(state));
  phones.push(startAgentPhone(OPERATOR), startAgentPhone(COLLEAGUE));
  expect((await desk.setState('available')).statusCode).toBe(200);
});

// no call of one test is left for the next
afterEach(async () => {
  hangUpEveryCall();
  await waitFor('no channel left', () => (channels().length === 0 ? true : undefined), 15_000, 250);
  await waitFor('the desk without a call', async () => ((await current()) === null ? true : undefined), 10_000);
});

afterAll(async () => {
  hangUpEveryCall();
  await Promise.all(calls);
  for (const phone of phones) phone.kill();
  citizen?.kill();
  desk?.socket.close();
  await server?.hotline.stop();
});

describe('call control from the desk', () => {
  it('calls a citizen from a case: the operator’s phone rings first, then the citizen sees 12365, and the case keeps the call', async () => {
    const messages = citizenOnTrunk();
    const start = amiEvents.length;
    const created = await api('POST', '/api/cases', { channel: 'phone', lang: 'zh', citizenPhone: '13900000071', subject: 'a call-back about a heater' });
    expect(created.statusCode, created.body).toBe(201);
    const caseNumber = created.json().number as string;

    const dialled = await api('POST', '/api/calls/dial', { number: '13900000071', caseNumber });
    const seenAtAnswer = amiEvents.length;
    expect(dialled.statusCode, dialled.body).toBe(202);
    const { id } = dialled.json();
    expect(dialled.json()).toEqual({ id: expect.any(Number), number: '13900000071', caseNumber });
    // Asterisk's own order: the operator's phone rang (showing the citizen's number) before the trunk was called
    const rang = amiEvents.findIndex((event, index) => index >= start && event.event === 'Newstate' && event.channelstatedesc === 'Ringing' && String(event.channel).startsWith(`PJSIP/${OPERATOR}-`));
    expect(amiEvents[rang]).toMatchObject({ calleridnum: '13900000071' });
    // the server answered once it had read that ring (the citizen's phone may ring before this test reads its log on a busy machine)
    expect(rang).toBeLessThan(seenAtAnswer);

    const invite = await waitFor('the citizen’s phone ringing', () => invitesIn(messages)[0], 15_000);
    // the INVITE can reach the citizen's phone before the server has read Asterisk's event for it: wait for the event
    const trunkCalled = await waitFor('the trunk channel in Asterisk’s events', () => {
      const index = amiEvents.findIndex((event, at) => at >= start && event.event === 'Newchannel' && String(event.channel).startsWith('PJSIP/hotline-trunk-'));
      return index >= 0 ? index : undefined;
    }, 5_000);
    expect(trunkCalled).toBeGreaterThan(rang);
    expect(invite).toMatch(/^INVITE sip:13900000071@/);
    expect(invite).toMatch(/^From: .*<sip:12365@/m);
    const state = await waitFor('the call on the desk', async () => {
      const call = await current();
      return call?.state === 'talking' ? call : undefined;
    }, 15_000);
    expect(state).toMatchObject({ callId: id, direction: 'outbound', caseNumber, citizen: '13900000071', held: false, consult: null, conference: false });
    await waitFor('the desk event', () => deskStates.find((sent) => sent?.callId === id && sent?.state === 'talking'), 5_000);

    const history = await historyOf(caseNumber);
    expect(history.find((event) => event.action === 'call-out')?.details).toMatchObject({ dialOutId: id, number: '13900000071', extension: String(OPERATOR) });
    const record = await api('GET', `/api/calls/dial-outs/${id}`);
    expect(record.json()).toMatchObject({ id, number: '13900000071', caseNumber, outcome: 'answered', dialStatus: 'ANSWER' });
  });

  it('holds the citizen with music and resumes, confirmed by Asterisk’s events on the citizen’s channel', async () => {
    const { channel } = await answeredCall('13500000072');
    const from = amiEvents.length;
    const held = await api('POST', '/api/calls/current/hold');
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json().call).toMatchObject({ held: true, citizen: '13500000072' });
    expect(amiEvents.slice(from).find((event) => event.event === 'MusicOnHoldStart' && event.channel === channel.name)).toMatchObject({ class: 'default' });
    await waitFor('the desk told of the hold', () => deskStates.find((sent) => sent?.held), 5_000);
    // a second hold is the wrong state
    expect((await api('POST', '/api/calls/current/hold')).statusCode).toBe(409);

    const resumed = await api('POST', '/api/calls/current/resume');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().call).toMatchObject({ held: false });
    expect(amiEvents.slice(from).some((event) => event.event === 'MusicOnHoldStop' && event.channel === channel.name)).toBe(true);
    // the operator and the citizen are still bridged together
    const operatorLeg = channels().find((entry) => entry.name.startsWith(`PJSIP/${OPERATOR}-`));
    expect(operatorLeg?.bridge).toBe(channelOfCaller('13500000072')?.bridge);
  });

  it('transfers a citizen blind to another operator; the case shows the transfer', async () => {
    const { caseNumber, channel } = await answeredCall('13500000073');
    const moved = await api('POST', '/api/calls/current/transfer', { to: { kind: 'operator', extension: String(COLLEAGUE) } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ call: null });
    const colleague = await waitFor('the colleague talking with the citizen', () => {
      const leg = channels().find((entry) => entry.name.startsWith(`PJSIP/${COLLEAGUE}-`));
      return leg?.bridge && leg.bridge === channelOfCaller('13500000073')?.bridge ? leg : undefined;
    }, 15_000);
    expect(colleague.bridge).not.toBe('');
    expect(channels().some((entry) => entry.name.startsWith(`PJSIP/${OPERATOR}-`))).toBe(false);
    expect(amiEvents.find((event) => event.event === 'BlindTransfer' && event.transfereechannel === channel.name)).toMatchObject({ result: 'Success', extension: `op${COLLEAGUE}` });
    expect((await historyOf(caseNumber)).filter((event) => event.action === 'call-transfer').map((event) => event.details)).toEqual([
      expect.objectContaining({ step: 'blind-transfer', target: { kind: 'operator', to: String(COLLEAGUE) } }),
    ]);
  });

  it('transfers a citizen blind to a number outside, through the trunk showing 12365', async () => {
    const messages = citizenOnTrunk();
    const { caseNumber, channel } = await answeredCall('13500000074');
    const moved = await api('POST', '/api/calls/current/transfer', { to: { kind: 'external', number: '12345' } });
    expect(moved.statusCode, moved.body).toBe(200);
    const invite = await waitFor('12345 ringing on the trunk', () => invitesIn(messages)[0], 15_000);
    expect(invite).toMatch(/^INVITE sip:12345@/);
    expect(invite).toMatch(/^From: .*<sip:12365@/m);
    await waitFor('the citizen bridged with 12345', () => {
      const trunk = channels().find((entry) => entry.name.startsWith('PJSIP/hotline-trunk-'));
      return trunk?.bridge && trunk.bridge === channelNamed(channel.name)?.bridge ? true : undefined;
    }, 15_000);
    expect((await historyOf(caseNumber)).find((event) => event.action === 'call-transfer')?.details).toMatchObject({ step: 'blind-transfer', target: { kind: 'external', to: '12345' } });
  });

  it('consults a colleague, joins all three, and the citizen and the colleague stay connected when the operator leaves', async () => {
    const { caseNumber, channel } = await answeredCall('13500000075');
    const consult = await api('POST', '/api/calls/current/consult', { to: { kind: 'operator', extension: String(COLLEAGUE) } });
    expect(consult.statusCode, consult.body).toBe(200);
    expect(consult.json().call.consult).toMatchObject({ target: { kind: 'operator', extension: String(COLLEAGUE) } });
    // the citizen hears music while the operator talks to the colleague
    expect(amiEvents.some((event) => event.event === 'MusicOnHoldStart' && event.channel === channel.name)).toBe(true);
    await waitFor('the colleague answering', async () => ((await current())?.consult?.state === 'talking' ? true : undefined), 15_000);
    // no transfer while a consult is under way
    expect((await api('POST', '/api/calls/current/transfer', { to: { kind: 'queue', queue: 'hotline-zh' } })).statusCode).toBe(409);

    const joined = await api('POST', '/api/calls/current/consult/conference');
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().call).toMatchObject({ conference: true, consult: null, held: false });
    expect(amiEvents.find((event) => event.event === 'AttendedTransfer' && event.desttype === 'Threeway')).toMatchObject({ result: 'Success', transfereechannel: channel.name });
    await waitFor('the desk told of the three-way', () => deskStates.find((sent) => sent?.conference), 5_000);

    const from = amiEvents.length;
    const left = await api('POST', '/api/calls/current/hangup');
    expect(left.statusCode, left.body).toBe(200);
    // Asterisk: the operator left a bridge that still holds two channels, and the bridge stays
    const leave = amiEvents.slice(from).find((event) => event.event === 'BridgeLeave' && String(event.channel).startsWith(`PJSIP/${OPERATOR}-`));
    expect(leave).toMatchObject({ bridgenumchannels: '2' });
    // the citizen's bridge stays with two channels: the citizen and the colleague's leg (the colleague's own
    // channel, or the Local pair Asterisk reached them through until it optimises it away once media flows)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const citizenLeg = channelNamed(channel.name)!;
    expect(citizenLeg.bridge).toBe(String(leave!.bridgeuniqueid));
    expect(colleagueConnectedTo(citizenLeg.bridge)).toBe(true);
    expect(channels().some((entry) => entry.name.startsWith(`PJSIP/${OPERATOR}-`))).toBe(false);
    expect(asteriskCli('bridge show all')).toMatch(new RegExp(`${citizenLeg!.bridge}\\s+\\S+\\s+2\\s+basic`));
    expect(amiEvents.slice(from).some((event) => event.event === 'BridgeDestroy' && event.bridgeuniqueid === citizenLeg!.bridge)).toBe(false);
    expect((await historyOf(caseNumber)).filter((event) => event.action === 'call-transfer').map((event) => event.details?.step)).toEqual(['consult', 'conference']);
    expect(await current()).toBeNull();
  });

  it('refuses a number outside the allow-list with 403 and dials nothing', async () => {
    const before = server.db.$client.prepare('select count(*) as n from dial_outs').get();
    const from = amiEvents.length;
    const refused = await api('POST', '/api/calls/dial', { number: '0085212345678' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/not on the dial-out allow-list/);
    const premium = await api('POST', '/api/calls/dial', { number: '95123' });
    expect(premium.statusCode).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(channels()).toEqual([]);
    expect(amiEvents.slice(from).filter((event) => event.event === 'Newchannel' || event.event === 'OriginateResponse')).toEqual([]);
    expect(server.db.$client.prepare('select count(*) as n from dial_outs').get()).toEqual(before);
    // bad input is 400 with a readable message
    const bad = await api('POST', '/api/calls/dial', { number: '12 345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/body\/number/);
  });
});
