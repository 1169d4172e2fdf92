// kill -9 of the server while callers are everywhere: one in the IVR, one waiting in the queue, one ringing an
// operator, one talking, one recording a message. Asterisk keeps every caller (the dialplan's fail-safe): each
// reaches an operator or finishes their message, and so do callers who dial while the server is dead (one
// answered, one whose message Asterisk records itself). After the restart the database holds a call record
// and one case for every call that reached an operator — also those answered while the server was dead, which
// it learns from the dialplan's ledger of answers in astdb — and each finished message is imported once; a
// second restart changes nothing. Asterisk's own truth is its queue_log and its channels.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { synthesiseCallerVoice } from '../helpers/caller-voice.ts';
import { testLineSettings, waitFor } from '../helpers/hotline-server.ts';
import { amiUrl, ariUrl, asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { freshDataDirectory, hotlineCli, startServerProcess } from '../helpers/server-process.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startPhone, type SippResult } from '../helpers/sipp.ts';

/** op1001's phone answers at once; op1002's rings a while, so the server can be killed while it rings. */
const RING_MS = { 1001: 1_000, 1002: 10_000 };
const data = freshDataDirectory();
const env = { HOTLINE_DB: `${data}/hotline.db`, HOTLINE_DATA_DIR: data, AMI_URL: amiUrl(), ARI_URL: ariUrl(), ARI_APP: TEST_PBX.ariApp };
const QUEUE_LOG = `${TEST_PBX.root}/var/log/asterisk/queue_log`;
const RECORDINGS = `${TEST_PBX.root}/var/spool/asterisk/recording`;
const ARI = `http://127.0.0.1:${TEST_PBX.ariPort}/ari`;
const ARI_AUTH = { authorization: `Basic ${Buffer.from('hotline:hotline').toString('base64')}` };

// Numbers of this test's own (other tests' messages may still lie in the sandbox's spool under theirs).
const caller = { talking: '13720000001', ringing: '13720000002', waiting: '13720000003', inIvr: '13720000004', recording: '13720000005', whileDead: '13720000006', messageWhileDead: '13720000007' };
const reachingOperator = [caller.talking, caller.ringing, caller.waiting, caller.inIvr, caller.whileDead];

let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
let db: Database.Database;
let queueLogStart = 0;
const phones: ChildProcess[] = [];
const calls: Promise<SippResult>[] = [];

/** Mandarin (1), an operator (0), then on the line until Asterisk or the test hangs up. */
const MANDARIN_OPERATOR = callerScenario('uac-1-then-0-stay-expect-operator', 'a Mandarin caller for an operator who stays on', [{ pause: 700 }, { key: '1' }, { pause: 700 }, { key: '0' }, { stay: 110_000 }]);
const NO_KEY = callerScenario('uac-no-key-stay-expect-operator', 'a caller who presses nothing and stays on', [{ stay: 110_000 }]);
let englishMessage: string;
let speakingWhileWaiting: string;

beforeAll(async () => {
  const voice = synthesiseCallerVoice();
  // English (2), report (3): no English operator, so the IVR offers a message at once; the caller speaks
  englishMessage = callerScenario('uac-2-then-3-speak-expect-message', 'an English caller who leaves a long message', [{ stream: voice }, { pause: 800 }, { key: '2' }, { pause: 1200 }, { key: '3' }, { stay: 110_000 }]);
  speakingWhileWaiting = callerScenario('uac-no-key-speak-stay', 'a caller who speaks from the start and stays on', [{ stream: voice }, { stay: 110_000 }]);
  for (const [extension, slot] of [[1001, 1], [1002, 2]] as const) {
    const added = hotlineCli(['user', 'add', '--username', `op${extension}`, '--password', 'correct-horse', '--role', 'operator', '--extension', String(extension), '--languages', 'zh'], env);
    expect(added.code, added.stderr).toBe(0);
    phones.push(startPhone(extension + TEST_PBX.agentPortBase, 'uas-agent-answer.xml', { talkMs: RING_MS[extension], slot }));
  }
  const setup = openDatabase(env.HOTLINE_DB);
  new SettingsRepository(setup).setLineSettings(testLineSettings());
  setup.$client.close();
  db = new Database(env.HOTLINE_DB, { readonly: true });
  queueLogStart = statSync(QUEUE_LOG).size;
});

afterAll(async () => {
  hangUpEveryCall();
  await server?.stop('SIGKILL');
  for (const phone of phones) phone.kill();
  await Promise.all(calls);
  db?.close();
});

async function startServer() {
  server = await startServerProcess(env);
  const ready = server;
  await waitFor('the server ready (AMI and ARI)', async () => ((await fetch(`${ready.baseUrl}/readyz`)).status === 200 ? true : undefined), 60_000);
  return ready;
}

async function operatorAvailable(baseUrl: string, ...usernames: string[]) {
  for (const username of usernames) {
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct-horse' }) });
    const { token } = (await login.json()) as { token: string };
    const state = await fetch(`${baseUrl}/api/agent/state`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ state: 'available' }) });
    expect(state.status).toBe(200);
  }
}

const dial = (scenario: string, number: string) => calls.push(placeCall(scenario, { caller: number }));
const callOf = (number: string) =>
  db.prepare(`select id, uniqueid, queued_at as queuedAt, ring_at as ringAt, answered_at as answeredAt, outcome, agent_user_id as agentUserId from calls where caller = ?`).all(number) as {
    id: number;
    uniqueid: string;
    queuedAt: string | null;
    ringAt: string | null;
    answeredAt: string | null;
    outcome: string;
    agentUserId: number | null;
  }[];
const one = (number: string) => callOf(number)[0];

/** Asterisk's queue_log since the test began: the queue's own record of who entered and who was connected. */
function queueLog() {
  return readFileSync(QUEUE_LOG, 'utf8')
    .slice(queueLogStart)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, callid, queue, agent, event, ...fields] = line.split('|');
      return { callid: callid!, queue: queue!, agent: agent!, event: event!, fields };
    });
}
const uniqueidsInQueue = (number: string) => queueLog().flatMap((entry) => (entry.event === 'ENTERQUEUE' && entry.fields[1] === number ? [entry.callid] : []));
const connectedTo = (number: string) => {
  const ids = new Set(uniqueidsInQueue(number));
  return queueLog().find((entry) => entry.event === 'CONNECT' && ids.has(entry.callid))?.agent;
};
const channelOf = (number: string) =>
  asteriskCli('core show channels concise')
    .split('\n')
    .map((line) => line.split('!'))
    .find((fields) => fields[0]?.startsWith('PJSIP/anonymous') && fields[7] === number);
/** The caller ends their call (as if they hung up). */
function hangUp(number: string) {
  const channel = channelOf(number)?.[0];
  expect(channel, `a channel of ${number}`).toBeTruthy();
  asteriskCli(`channel request hangup ${channel}`);
}
const liveRecording = async (name: string) => (await fetch(`${ARI}/recordings/live/${name}`, { headers: ARI_AUTH })).status === 200;
const storedMessages = async () => ((await (await fetch(`${ARI}/recordings/stored`, { headers: ARI_AUTH })).json()) as { name: string }[]).map((recording) => recording.name).filter((name) => name.startsWith('hotline-msg-'));

describe('kill -9 of the server with callers everywhere', () => {
  it('keeps every caller, and after restarts records every answered call and every message once', async () => {
    // Messages earlier tests left in Asterisk's spool are not this test's to import.
    const leftBefore = new Set(await storedMessages());
    const ourStoredMessages = async () => (await storedMessages()).filter((name) => !leftBefore.has(name));
    let live = await startServer();
    await operatorAvailable(live.baseUrl, 'op1001');

    // talking (to op1001), and recording a message
    dial(englishMessage, caller.recording);
    dial(MANDARIN_OPERATOR, caller.talking);
    await waitFor('a caller talking to an operator', () => one(caller.talking)?.answeredAt, 40_000);
    const messageName = await waitFor('a caller recording a message', async () => {
      const uniqueid = one(caller.recording)?.uniqueid;
      return uniqueid && (await liveRecording(`hotline-msg-${uniqueid}`)) ? `hotline-msg-${uniqueid}` : undefined;
    }, 60_000);
    // ringing op1002 (for 10 s), waiting in the queue, in the IVR
    await operatorAvailable(live.baseUrl, 'op1002');
    dial(MANDARIN_OPERATOR, caller.ringing);
    await waitFor('a caller ringing an operator', () => one(caller.ringing)?.ringAt, 20_000, 50);
    dial(MANDARIN_OPERATOR, caller.waiting);
    dial(NO_KEY, caller.inIvr);
    await waitFor('a caller waiting and one in the IVR', () => (one(caller.waiting)?.queuedAt && one(caller.inIvr) ? true : undefined), 20_000, 50);
    expect(one(caller.ringing)).toMatchObject({ answeredAt: null });
    expect(await liveRecording(messageName)).toBe(true);

    await live.stop('SIGKILL');
    server = undefined;

    // The server is dead. The talking caller hangs up: the waiting one is answered by op1001; the ringing one by op1002.
    hangUp(caller.talking);
    await waitFor('the ringing and the waiting caller connected (queue_log)', () => (connectedTo(caller.ringing) && connectedTo(caller.waiting) ? true : undefined), 30_000);
    expect([connectedTo(caller.waiting), connectedTo(caller.ringing)]).toEqual(['op1001', 'op1002']);
    // the message ends with the caller hanging up
    hangUp(caller.recording);
    // op1001 free: a caller who dials now goes past the dead IVR straight to the queue and is answered
    hangUp(caller.waiting);
    dial(NO_KEY, caller.whileDead);
    await waitFor('the caller of the dead server connected (queue_log)', () => connectedTo(caller.whileDead), 30_000);
    // both operators busy: the next caller waits the dialplan's longest wait and leaves a message Asterisk records
    dial(speakingWhileWaiting, caller.messageWhileDead);
    const asteriskMessage = await waitFor('Asterisk recording a message of its own', () =>
      readdirSync(RECORDINGS).find((file) => file.startsWith('hotline-msg-') && file.endsWith(`~zh~${caller.messageWhileDead}.wav`))?.replace(/\.wav$/, ''),
    40_000, 250);
    expect(asteriskMessage).toMatch(new RegExp(`^hotline-msg-[0-9.]+~zh~${caller.messageWhileDead}$`));
    await waitFor('two seconds of that message', () => (statSync(`${RECORDINGS}/${asteriskMessage}.wav`).size > 32_000 ? true : undefined), 20_000, 200);
    hangUp(caller.messageWhileDead);
    // op1001 free again (op1002 still talks): the caller left in the IVR will not wait for the slow phone
    hangUp(caller.whileDead);

    // Back: the caller left in the IVR is sent on to the queue and answered; the missed answers are recorded.
    live = await startServer();
    const back = live;
    await waitFor('the ledger of answered calls read', () => (back.logged(/ledger of answered calls read/).length === 1 ? true : undefined), 15_000);
    // what the server had missed: the ringing caller's answer, the waiting caller's ring and answer, the whole call dialled while it was dead
    const missed = back.logged(/recorded from the ledger/).flatMap((line) => line.uniqueids as string[]);
    expect(missed.sort()).toEqual([caller.ringing, caller.waiting, caller.whileDead].map((number) => uniqueidsInQueue(number)[0]).sort());
    await waitFor('the caller left in the IVR connected (queue_log)', () => connectedTo(caller.inIvr), 40_000);
    await waitFor('that answer recorded', () => one(caller.inIvr)?.answeredAt, 15_000);
    hangUp(caller.inIvr);
    hangUp(caller.ringing);
    await waitFor('both messages imported', async () => ((db.prepare(`select count(*) as n from voicemails`).get() as { n: number }).n === 2 && (await ourStoredMessages()).length === 0 ? true : undefined), 70_000, 500);

    // every answered call's recording kept once, also of calls answered or ended while the server was dead
    const recordingsOf = () => db.prepare(`select calls.caller from call_recordings r join calls on calls.id = r.call_id`).all().map((row) => (row as { caller: string }).caller);
    await waitFor('the call recordings archived', () => (recordingsOf().length === reachingOperator.length ? true : undefined), 30_000, 500);
    expect(recordingsOf().sort()).toEqual([...reachingOperator].sort());

    // Asterisk's truth: everyone who wanted an operator reached one (5 of 5), each once
    for (const number of reachingOperator) {
      expect(connectedTo(number), number).toMatch(/^op100[12]$/);
    }
    const expectTheRecord = () => {
      for (const number of reachingOperator) {
        const rows = callOf(number);
        expect(rows, number).toHaveLength(1);
        expect(rows[0], number).toMatchObject({ outcome: 'answered', answeredAt: expect.any(String), agentUserId: expect.any(Number) });
        const cases = db.prepare(`select number, status, created_by as createdBy from cases where call_id = ?`).all(rows[0]!.id) as { createdBy: number | null }[];
        expect(cases, `${number}'s case`).toHaveLength(1);
        expect(cases[0]!.createdBy, `${number}'s case taken by the operator who answered`).toBe(rows[0]!.agentUserId);
      }
      // each message once, as a voicemail case of its call
      const messages = db.prepare(`select v.recording_name as name, v.caller, c.channel from voicemails v join cases c on c.id = v.case_id order by v.id`).all();
      expect(messages).toEqual(
        expect.arrayContaining([
          { name: messageName, caller: caller.recording, channel: 'voicemail' },
          { name: asteriskMessage, caller: caller.messageWhileDead, channel: 'voicemail' },
        ]),
      );
      expect(messages).toHaveLength(2);
      // the call that left its message with Asterisk while the server was dead has its record too, joined to its case
      const unseen = db.prepare(`select calls.outcome, calls.path, calls.lang, cases.channel from calls join cases on cases.call_id = calls.id where calls.caller = ?`).all(caller.messageWhileDead);
      expect(unseen).toEqual([{ outcome: 'overflowed', path: 'failsafe', lang: 'zh', channel: 'voicemail' }]);
      // nothing twice: one case per call, one call per channel
      expect(db.prepare(`select call_id, count(*) as n from cases where call_id is not null group by call_id having n > 1`).all()).toEqual([]);
      return {
        calls: (db.prepare(`select count(*) as n from calls`).get() as { n: number }).n,
        cases: (db.prepare(`select count(*) as n from cases`).get() as { n: number }).n,
        events: (db.prepare(`select count(*) as n from case_events`).get() as { n: number }).n,
      };
    };
    const afterFirst = expectTheRecord();
    expect(afterFirst.cases).toBe(reachingOperator.length + 2);

    // a second restart reads the same ledger and the same Asterisk, and adds nothing — also when a kill came
    // between registering a message and deleting Asterisk's copy (that copy is put back here)
    await live.stop('SIGTERM');
    const kept = db.prepare(`select file from voicemails where recording_name = ?`).get(messageName) as { file: string };
    copyFileSync(`${data}/${kept.file}`, `${RECORDINGS}/${messageName}.wav`);
    live = await startServer();
    const again = live;
    await waitFor('the ledger read again', () => (again.logged(/ledger of answered calls read/).length === 1 ? true : undefined), 15_000);
    await waitFor('the registered message’s copy deleted from Asterisk', () => (existsSync(`${RECORDINGS}/${messageName}.wav`) ? undefined : true), 15_000, 200);
    expect(live.logged(/recorded from the ledger|registered now/)).toEqual([]);
    expect(expectTheRecord()).toEqual(afterFirst);
    // and every caller's SIP dialogue ended well (each was hung up by Asterisk, at the end of their call)
    await live.stop('SIGTERM');
    server = undefined;
    const sipp = await Promise.all(calls);
    expect(sipp.map((result) => result.code)).toEqual(sipp.map(() => 0));
    process.stdout.write(
      `server kill: 7 calls (5 before the kill, 2 while dead), ${reachingOperator.length} reached an operator, 2 messages finished and imported once, 1 kill -9 and 2 restarts; ${afterFirst.calls} call records, ${afterFirst.cases} cases; ${sipp.length} SIPp callers ended with 0\n`,
    );
  });
});
