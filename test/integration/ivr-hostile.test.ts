// Hostile callers at the IVR (issue 13), through the real sandbox: SIPp callers generated from a seed
// (HOTLINE_IVR_SEED replays a run; the seed is in every test name) storm the menus with random keys, press only
// # and *, key 30 digits where 12 are expected, stay silent to the limit, and hang up at every step. What they
// got is read from Asterisk itself (ivr-witness.ts: the prompts it played, the keys it received, the queues
// they joined, the silences between): always a prompt, a retry, or the operators' queue; never dead air
// past the IVR's longest wait, never a call dropped by the server; afterwards no channel left in Asterisk, no
// half-written row, no error in the server's log, and a plain call still reaches an operator.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { dtmfStorms, hangUps, hashAndStar, silences, tooLong, type HostileCall } from '../helpers/hostile-callers.ts';
import { operatorDesk, readiness, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { witnessCallers, type CallerChannel, type Witness } from '../helpers/ivr-witness.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone, type SippResult } from '../helpers/sipp.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';

const SEED = Number(process.env.HOTLINE_IVR_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** The IVR's longest wait for a key (the case number's 10 s) and what Asterisk and the server may add to it. */
const LONGEST_WAIT_MS = 10_000;
const SLACK_MS = 3_000;
/** Prompts after which the server ends the call itself (the flows' hang-up node follows them). */
const CLOSING_PROMPTS = ['callback-booked', 'callback-place-kept', 'goodbye', 'message-recorded'];
/** SIPp callers at once (sipp.ts has 20 port slots). */
const AT_ONCE = 14;

interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let witness: Witness;
let phone: ChildProcess;
const log: LogRecord[] = [];
let otherPhonesCase: string;
const ownCase = { number: '', phone: '13600000001' };

interface Placed {
  call: HostileCall;
  channel: CallerChannel;
  sipp: SippResult;
  /** Who ended the call: the test (the caller was in a queue), the server (after a closing prompt), the caller. */
  endedBy: 'test' | 'server' | 'caller';
  heard: string[];
  queues: string[];
  silence: { ms: number; after: string };
}
const placed: Placed[] = [];

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Places the call; ends it once the caller is in a queue with every key sent (or lets the server or the caller end it). */
function place(call: HostileCall): Promise<Placed> {
  return slot(async () => {
    const file = callerScenario(call.name, `${call.kind} at the ${call.where} (seed ${SEED})`, call.steps);
    let exited: SippResult | undefined;
    const sipp = placeCall(file, { caller: call.caller }).then((result) => (exited = result));
    const channel = await waitFor(`the channel of ${call.caller}`, () => {
      if (!witness.channelOf(call.caller) && exited) throw new Error(`${call.name}: SIPp exited before Asterisk had the call:\n${exited.output}`);
      return witness.channelOf(call.caller);
    }, 30_000, 50);
    const answeredAt = channel.moments[0]!.at;
    if (!call.callerHangsUp) {
      await waitFor(
        `${call.name} (${call.where}) in a queue with every key sent, or ended`,
        () => {
          if (witness.ended(channel)) return true;
          const keysDone = witness.keys(channel).length >= call.keys.length || Date.now() > answeredAt + call.keyPhaseMs + 5_000;
          const last = witness.sorted(channel).at(-1)!.at;
          return keysDone && witness.inQueue(channel) && Date.now() - last > 1_000 ? true : undefined;
        },
        140_000,
        100,
      );
      if (!witness.ended(channel)) await witness.hangUp(channel);
    }
    const result = await sipp;
    await waitFor(`the channel of ${call.caller} to end`, () => witness.ended(channel), 15_000, 50);
    const heard = witness.heard(channel);
    const outcome: Placed = {
      call,
      channel,
      sipp: result,
      endedBy: channel.endedByTestAt ? 'test' : call.callerHangsUp ? 'caller' : 'server',
      heard,
      queues: witness.queuesJoined(channel),
      silence: witness.longestSilenceMs(channel),
    };
    placed.push(outcome);
    return outcome;
  });
}

const describeCall = (p: Placed) =>
  `${p.call.name} at the ${p.call.where} (seed ${SEED}), keys ${p.call.keys} (${p.call.keys.length} sent, ${witness.keys(p.channel).length} received: ${witness.keys(p.channel)})` +
  `; Asterisk: ${witness.sorted(p.channel).map((m) => `${m.at - p.channel.moments[0]!.at} ${m.kind} ${m.detail ?? ''}`).join(', ')}` +
  `; server: ${log.filter((r) => r.uniqueid === p.channel.id).map((r) => r.msg).join(' / ')}; heard ${p.heard.join(' ')}; queues ${p.queues.join(' ') || 'none'}; ended by ${p.endedBy}`;

/** What every caller is owed, whatever they did. */
function expectServed(p: Placed): void {
  const what = describeCall(p);
  // SIPp's exit code 0: every key went out and the call ended as the caller expected. A caller still keying when
  // the server said goodbye and hung up fails its scenario ("unexpected BYE"): that is checked as the server's end.
  const cutShort = p.endedBy === 'server' && p.sipp.output.includes('Aborting call on an unexpected BYE');
  if (!cutShort) expect(p.sipp.code, `${what}\n${p.sipp.output}`).toBe(0);
  expect(p.heard.length, what).toBeGreaterThan(0);
  if (p.endedBy === 'test') expect(p.queues.length, what).toBeGreaterThan(0);
  // the server ended the call only after saying goodbye in some form: never a dropped caller
  if (p.endedBy === 'server') expect(CLOSING_PROMPTS, what).toContain(p.heard.at(-1)!.split('/')[1]);
  expect(p.silence.ms, `${what}: silent ${p.silence.ms} ms after ${p.silence.after}`).toBeLessThanOrEqual(LONGEST_WAIT_MS + SLACK_MS);
}

/** From the answer to the first queue (or the end of the call). */
const ivrMs = (p: Placed) => {
  const moments = witness.sorted(p.channel);
  return (moments.find((m) => m.kind === 'queue-joined' || m.kind === 'destroyed')?.at ?? 0) - moments[0]!.at;
};
const count = (heard: string[], prompt: string) => heard.filter((id) => id.endsWith(`/${prompt}`)).length;
const callbackRows = (number: string) => server.db.$client.prepare('select status, source from callback_requests where number = ?').all(number);

beforeAll(async () => {
  process.stdout.write(`ivr-hostile: seed ${SEED} (HOTLINE_IVR_SEED=${SEED} replays these callers)\n`);
  const logger = createLogger('info', {
    write(line: string) {
      log.push(JSON.parse(line) as LogRecord);
    },
  });
  server = await startHotline({}, {}, undefined, logger);
  await waitUntilReady(server.hotline);
  witness = await witnessCallers();
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1003);
  phone = startAgentPhone(1003);
  // The operator is logged in but on a break: callers who reach the queue wait there (the test ends their call).
  expect((await desk.setState('paused', 'break')).statusCode).toBe(200);
  await waitFor('the operator paused in both queues', () => (/1003[^\n]*paused/i.test(asteriskCli('queue show hotline-en')) ? true : undefined), 15_000);
  const operator = { id: server.hotline.users.byUsername('op1003')!.id, role: 'operator' as const, departmentId: null };
  const create = (citizenPhone: string) =>
    server.hotline.caseService.registry.transaction(() =>
      server.hotline.caseService.create({ kind: 'complaint', lang: 'zh', citizenPhone, subject: '电梯停运', description: '三号楼电梯停运两天' }, operator),
    );
  otherPhonesCase = create('13600000002').number;
  const own = create(ownCase.phone);
  server.db.$client.prepare(`update cases set status = 'dispatched', due_at = '2026-12-14T15:59:59.999Z' where id = ?`).run(own.id);
  ownCase.number = own.number;
});

afterAll(async () => {
  const by = (key: (p: Placed) => string) => {
    const counts = new Map<string, number>();
    for (const p of placed) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
    return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
  };
  const keysSent = placed.reduce((sum, p) => sum + p.call.keys.length, 0);
  const keysReceived = placed.reduce((sum, p) => sum + witness.keys(p.channel).length, 0);
  const retries = ['invalid-choice', 'case-number-invalid', 'callback-number-invalid', 'phone-mismatch'].map((id) => `${id} ${placed.reduce((sum, p) => sum + count(p.heard, id), 0)}`);
  process.stdout.write(
    `ivr-hostile (seed ${SEED}): ${placed.length} calls (${by((p) => p.call.kind)}); keys sent ${keysSent}, received by Asterisk ${keysReceived}; ` +
      `ended by: ${by((p) => p.endedBy)}; queues joined ${placed.reduce((sum, p) => sum + p.queues.length, 0)}; retry prompts heard: ${retries.join(', ')}; ` +
      `longest silence outside a queue ${Math.max(0, ...placed.map((p) => p.silence.ms))} ms; longest stay in the IVR ${Math.max(0, ...placed.map(ivrMs))} ms; ` +
      `server log: ${log.filter((r) => r.level >= 50).length} errors, warnings: ${[...new Set(log.filter((r) => r.level === 40).map((r) => r.msg))].join(' / ') || 'none'}\n`,
  );
  for (const p of placed) {
    process.stdout.write(
      `  ${p.call.name} at the ${p.call.where}: ${p.call.keys.length} keys sent, ${witness.keys(p.channel).length} received; ` +
        `last prompt ${p.heard.at(-1)}; queues ${p.queues.join(' ') || 'none'} after ${ivrMs(p)} ms in the IVR; ended by ${p.endedBy}; ` +
        `longest silence ${p.silence.ms} ms after ${p.silence.after}\n`,
    );
  }
  hangUpEveryCall();
  phone?.kill();
  desk?.socket.close();
  await witness?.stop();
  await server?.hotline.stop();
});

describe('hostile callers at the IVR', () => {
  it.concurrent(`random DTMF storms at every menu: dozens of fast keys, # and * among them (seed ${SEED})`, async () => {
    const calls = dtmfStorms(SEED, otherPhonesCase);
    for (const p of await Promise.all(calls.map(place))) expectServed(p);
  });

  it.concurrent(`# and * everywhere (seed ${SEED})`, async () => {
    const results = await Promise.all(hashAndStar(SEED + 1, otherPhonesCase).map(place));
    for (const p of results) {
      expectServed(p);
      const what = describeCall(p);
      if (p.call.where.endsWith('main menu')) {
        // the first is "not a valid choice", the second an operator
        expect(count(p.heard, 'invalid-choice'), what).toBe(1);
        expect(p.queues, what).toEqual([p.call.where.startsWith('English') ? 'hotline-en' : 'hotline-zh']);
      }
      // neither is a key of the queue's own menu: the caller keeps waiting
      if (p.call.where === 'queue') expect(p.channel.moments.filter((m) => m.kind === 'queue-left').length, what).toBe(p.endedBy === 'test' ? 1 : 0);
    }
  });

  it.concurrent(`30 digits where a case number, a call-back number or four digits are expected: each refused with a retry (seed ${SEED})`, async () => {
    const calls = tooLong(SEED + 2, otherPhonesCase);
    const results = await Promise.all(calls.map(place));
    for (const [index, p] of results.entries()) {
      expectServed(p);
      const what = describeCall(p);
      const { attempts } = calls[index]!;
      expect(p.endedBy, what).toBe('test');
      if (p.call.where.endsWith('case number')) {
        const lang = p.call.where.startsWith('English') ? 'en' : 'zh';
        expect(count(p.heard, 'case-number-invalid'), what).toBe(attempts - 1);
        expect(p.heard, what).not.toContain(`${lang}/case-status-is`);
        expect(p.queues, what).toEqual([`hotline-${lang}`]);
      } else if (p.call.where === 'call-back number') {
        expect(count(p.heard, 'callback-number-invalid'), what).toBe(attempts);
        expect(callbackRows(p.call.caller), what).toEqual([]);
        expect(p.queues, what).toEqual(['hotline-zh']);
      } else {
        expect(count(p.heard, 'phone-mismatch'), what).toBe(1);
        expect(p.heard, what).not.toContain('zh/case-status-is');
      }
    }
  });

  it.concurrent(`silence to the limit at every menu: the retries, then the operators' queue (seed ${SEED})`, async () => {
    const results = await Promise.all(silences(otherPhonesCase).map(place));
    for (const p of results) expectServed(p);
    const [menus, english, caseNumber, notDialable, ownMobile, lastFour] = results.map((p) => ({ ...p, what: describeCall(p) }));
    expect(menus!.heard, menus!.what).toEqual(['zh/welcome', 'en/for-english-press-2', 'zh/main-menu', 'zh/connecting-operator']);
    expect(menus!.queues).toEqual(['hotline-zh']);
    expect(english!.heard.slice(-2), english!.what).toEqual(['en/main-menu', 'en/connecting-operator']);
    expect(english!.queues).toEqual(['hotline-en']);
    expect(count(caseNumber!.heard, 'enter-case-number'), caseNumber!.what).toBe(3);
    expect(count(caseNumber!.heard, 'case-number-invalid'), caseNumber!.what).toBe(2);
    expect(caseNumber!.queues).toEqual(['hotline-zh']);
    expect(notDialable!.heard.slice(-2), notDialable!.what).toEqual(['zh/callback-confirm-or-enter', 'zh/connecting-operator']);
    expect(notDialable!.queues).toEqual(['hotline-zh']);
    expect(callbackRows(notDialable!.call.caller)).toEqual([]);
    expect(ownMobile!.endedBy, ownMobile!.what).toBe('server');
    expect(ownMobile!.heard.at(-1)).toBe('zh/callback-booked');
    expect(callbackRows(ownMobile!.call.caller)).toEqual([{ status: 'queued', source: 'ivr' }]);
    expect(lastFour!.heard, lastFour!.what).toEqual(expect.arrayContaining(['zh/enter-phone-last-four', 'zh/phone-mismatch']));
    expect(lastFour!.queues).toEqual(['hotline-zh']);
  });

  it.concurrent(`hang-ups at every step: the caller's own, never the server's (seed ${SEED})`, async () => {
    const calls = hangUps(otherPhonesCase, ownCase);
    const results = await Promise.all(calls.map(place));
    for (const [index, p] of results.entries()) {
      const call = calls[index]!;
      const what = describeCall(p);
      // SIPp's exit code 0: the caller's BYE was answered, and no BYE came from Asterisk before it
      expect(p.sipp.code, `${what}\n${p.sipp.output}`).toBe(0);
      expect(p.endedBy).toBe('caller');
      if (call.expectHeard) expect(p.heard, what).toContain(call.expectHeard);
      expect(p.silence.ms, what).toBeLessThanOrEqual(LONGEST_WAIT_MS + SLACK_MS);
      // a caller gone at the answer may be gone before the IVR had the call (then there is no record at all)
      const record = () => server.db.$client.prepare(`select path, outcome, ended_at from calls where uniqueid = ?`).get(p.channel.id) as { path: string; outcome: string; ended_at: string | null } | undefined;
      if (call.expectNode || record()) {
        const row = await waitFor(`the call record of ${call.caller} to end`, () => (record()?.outcome !== 'in-progress' ? record() : undefined), 15_000);
        expect(row.ended_at, what).not.toBeNull();
        if (call.expectNode) expect(row.path.split(' ').at(-1), `${what}; path ${row.path}`).toBe(call.expectNode);
      }
      expect(p.queues, what).toEqual(call.where === 'waiting in the queue' ? ['hotline-zh'] : []);
    }
  });

  it(`afterwards: no channel left in Asterisk, no half-written row, no error in the log, and a plain call reaches an operator (seed ${SEED})`, async () => {
    // call-backs booked along the way stand in the line as placeholders: cancelled, they leave
    const queued = server.db.$client.prepare(`select id from callback_requests where status not in ('done', 'cancelled', 'failed')`).all() as { id: number }[];
    for (const { id } of queued) {
      const cancelled = await server.hotline.app.inject({ method: 'DELETE', url: `/api/callbacks/${id}`, headers: { authorization: `Bearer ${desk.token}` } });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
    }
    await waitFor('no channel left in Asterisk', () => (asteriskCli('core show channels concise').trim() === '' ? true : undefined), 20_000);
    const db = server.db.$client;
    // the server hears of the last hang-ups a moment after Asterisk is done with them
    const unfinished = () => db.prepare(`select uniqueid, caller, direction, path from calls where outcome = 'in-progress' or ended_at is null`).all();
    await waitFor('every call record finished', () => (unfinished().length === 0 ? true : undefined), 10_000).catch(() => {});
    expect(unfinished()).toEqual([]);
    expect(db.prepare('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    // every call Asterisk saw has its record, with the path it took
    for (const p of placed) {
      const row = db.prepare('select path, queue from calls where uniqueid = ?').get(p.channel.id) as { path: string; queue: string | null } | undefined;
      expect(row, describeCall(p)).toBeDefined();
      if (p.queues.length > 0) expect(row!.queue, describeCall(p)).toBe(p.queues.at(-1));
    }
    expect(log.filter((record) => record.level >= 50)).toEqual([]);
    expect((await readiness(server.hotline)).status).toBe(200);

    expect((await desk.setState('available')).statusCode).toBe(200);
    const caller = '13600000009';
    const plain = callerScenario('ivr-hostile-afterwards-plain-call', 'after the hostile callers: 1 then 0, an operator answers', [{ key: '1' }, { pause: 150 }, { key: '0' }, { stay: 8_000 }]);
    const result = await placeCall(plain, { caller });
    expect(result.code, result.output).toBe(0);
    const row = await waitFor('the plain call answered', () => {
      const found = db.prepare(`select outcome, queue from calls where caller = ?`).get(caller) as { outcome: string; queue: string } | undefined;
      return found && found.outcome !== 'in-progress' ? found : undefined;
    }, 15_000);
    expect(row).toEqual({ outcome: 'answered', queue: 'hotline-zh' });
  });
});
