// What a caller waiting in a queue hears, proven from what Asterisk played: the recording notice, their
// position and the estimated wait, and the call-back offer, in their own language; and the estimate set
// against the real wait when handle times are known.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observePlaybacks } from '../helpers/ari-observer.ts';
import { operatorDesk, startHotline, testLineSettings, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, startPhone } from '../helpers/sipp.ts';

const ANNOUNCE_EVERY_SECONDS = 10;
let server: Awaited<ReturnType<typeof startHotline>>;
let observer: Awaited<ReturnType<typeof observePlaybacks>>;
const phones: ChildProcess[] = [];

/** Mandarin (1) or English (2), then an operator (0); then waits `waitMs` in line (or until Asterisk hangs up). */
const queueCaller = (lang: 'zh' | 'en', waitMs: number) =>
  callerScenario(`uac-${lang === 'zh' ? 1 : 2}-then-0-wait-${waitMs}`, `a ${lang} caller who waits in line`, [
    { pause: 700 },
    { key: lang === 'zh' ? '1' : '2' },
    { pause: 700 },
    { key: '0' },
    { stay: waitMs },
  ]);

const callOf = (caller: string) =>
  server.db.$client.prepare('select uniqueid, hold_seconds as holdSeconds, answered_at as answeredAt from calls where caller = ? order by id desc').get(caller) as
    | { uniqueid: string; holdSeconds: number | null; answeredAt: string | null }
    | undefined;

beforeAll(async () => {
  server = await startHotline({}, {}, testLineSettings((line) => {
    for (const queue of Object.values(line.queues)) queue.announceEverySeconds = ANNOUNCE_EVERY_SECONDS;
  }));
  await waitUntilReady(server.hotline);
  observer = await observePlaybacks();
});

afterAll(async () => {
  hangUpEveryCall();
  for (const phone of phones) phone.kill();
  await observer?.stop();
  await server?.hotline.stop();
});

describe('a caller waiting in line', () => {
  it('hears the recording notice, their position, the wait and the call-back offer in Mandarin, an English caller in English', async () => {
    const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1001, 'zh,en');
    phones.push(startAgentPhone(1001));
    expect((await desk.setState('available')).statusCode).toBe(200);
    // The only operator is busy with X: Y (Mandarin) and Z (English) wait, each first in their line.
    const busy = placeCall(queueCaller('zh', 45_000), { caller: '13600000101' });
    await waitFor('the operator to answer X', () => callOf('13600000101')?.answeredAt ?? undefined, 30_000);
    // The entry announcement (longest: notice and offer) and the next one, ANNOUNCE_EVERY_SECONDS after its start.
    const waitMs = 2 * ANNOUNCE_EVERY_SECONDS * 1000 + 8_000;
    const [y, z] = await Promise.all([placeCall(queueCaller('zh', waitMs), { caller: '13600000102' }), placeCall(queueCaller('en', waitMs), { caller: '13600000103' })]);
    expect(y.code, y.output).toBe(0);
    expect(z.code, z.output).toBe(0);
    hangUpEveryCall();
    await busy;
    desk.socket.close();

    // Nobody answered in the window before: the estimate uses the default handle time, 240 s → "about 4 minutes".
    const first = (lang: string) => [
      `${lang}/queue-recording-notice`,
      `${lang}/queue-position-before`,
      `${lang}/number-1`,
      `${lang}/queue-position-after`,
      `${lang}/queue-wait-about`,
      `${lang}/number-4`,
      `${lang}/queue-minutes`,
      `${lang}/queue-callback-offer`,
    ];
    const second = (lang: string) => [`${lang}/queue-position-before`, `${lang}/number-1`, `${lang}/queue-position-after`, `${lang}/queue-wait-about`, `${lang}/number-4`, `${lang}/queue-minutes`];
    const heard = (caller: string, lang: string) => observer.announced(callOf(caller)!.uniqueid).slice(0, first(lang).length + second(lang).length);
    expect(heard('13600000102', 'zh')).toEqual([...first('zh'), ...second('zh')]);
    expect(heard('13600000103', 'en')).toEqual([...first('en'), ...second('en')]);
    await desk.setState('offline');
  });

  it('is told a wait close to the real one when handle times are known (position × handle ÷ operators serving)', async () => {
    // The English line's recent calls took 8 s of talk (+ Asterisk's 2 s guard): a handle time of 10 s.
    const insert = server.db.$client.prepare(
      `insert into calls (uniqueid, linkedid, caller, lang, queue, entered_at, queued_at, answered_at, ended_at, outcome, talk_seconds, wrap_up_seconds)
       values (?, ?, '13900000000', 'en', 'hotline-en', ?, ?, ?, ?, 'answered', 8, 0)`,
    );
    for (let i = 0; i < 10; i++) {
      const at = new Date(Date.now() - (i + 1) * 60_000).toISOString();
      insert.run(`seed-${i}`, `seed-${i}`, at, at, at, at);
    }
    const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1002, 'en');
    phones.push(startPhone(1002 + TEST_PBX.agentPortBase, 'uas-answer-then-hang-up.xml', { talkMs: 8_000, slot: 2 }));
    expect((await desk.setState('available')).statusCode).toBe(200);
    const callers = ['13600000111', '13600000112', '13600000113', '13600000114'];
    const calls: Promise<unknown>[] = [];
    for (const caller of callers) {
      calls.push(placeCall(queueCaller('en', 90_000), { caller }));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    await Promise.all(calls);
    const figures = callers.slice(1).map((caller) => {
      const call = callOf(caller)!;
      const estimate = server.hotline.line.announcer.announced(call.uniqueid)[0]?.estimateSeconds ?? null;
      return { caller, estimate, real: call.holdSeconds };
    });
    process.stdout.write(`estimated vs real wait (s), handle time 10 s, one operator: ${figures.map((f) => `${f.estimate} vs ${f.real}`).join('; ')}\n`);
    expect(figures.map((f) => f.estimate)).toEqual([10, 20, 30]);
    for (const { estimate, real } of figures) {
      expect(real).not.toBeNull();
      expect(Math.abs(estimate! - real!)).toBeLessThanOrEqual(Math.max(5, real! * 0.25));
    }
    desk.socket.close();
  });
});
