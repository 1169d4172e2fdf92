// Real calls while things go wrong around them: a database another process has locked, a desk that
// reconnects in the middle of a call, a server told to stop with callers in its IVR.
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';

/** 2 (English) at the welcome, 3 (report) in the menu: the quickest way into a queue. */
const ENGLISH_REPORT_THEN_STAY = callerScenario('uac-2-then-3-stay-8s-expect-english-operator', 'English report caller who stays 8 s in the queue or the call', [
  { pause: 800 },
  { key: '2' },
  { pause: 1200 },
  { key: '3' },
  { stay: 8_000 },
]);
const NO_KEY_STAY = callerScenario('uac-no-key-stay-30s-expect-queue', 'a caller who presses nothing and stays up to 30 s', [{ stay: 30_000 }]);

let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let phone: ChildProcess;
let stopped = false;

beforeAll(async () => {
  server = await startHotline();
  await waitUntilReady(server.hotline);
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1003);
  phone = startAgentPhone(1003);
  expect((await desk.setState('available')).statusCode).toBe(200);
});

afterAll(async () => {
  hangUpEveryCall();
  phone?.kill();
  desk?.socket.close();
  if (!stopped) await server?.hotline.stop();
});

const callRow = (caller: string) =>
  server.db.$client.prepare(`select id, answered_at as answeredAt, outcome from calls where caller = ?`).get(caller) as
    | { id: number; answeredAt: string | null; outcome: string }
    | undefined;

describe('calls while things go wrong', () => {
  it('still rings the operator and pops the call when another process holds the database’s write lock', async () => {
    const holder = new Database(`${server.dataDirectory}/hotline.db`);
    holder.pragma('busy_timeout = 0');
    holder.prepare('begin immediate').run();
    const caller = '13800138301';
    const from = desk.pops.length;
    try {
      const call = placeCall(ENGLISH_REPORT_THEN_STAY, { caller });
      const { pop } = await desk.popFor(caller, from);
      // the pop went out without its draft (it could not be written), with what the call itself says
      expect(pop).toMatchObject({ caller, lang: 'en', queue: 'hotline-en', case: null, intent: 'report' });
      const result = await call;
      expect(result.code, result.output).toBe(0);
    } finally {
      holder.prepare('rollback').run();
      holder.close();
    }
    expect((await server.hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // writes work again at once: the next call gets its draft
    const next = '13800138302';
    const call = placeCall(ENGLISH_REPORT_THEN_STAY, { caller: next });
    const { pop } = await desk.popFor(next, desk.pops.length);
    expect(pop.case).toMatchObject({ status: 'draft', kind: 'report' });
    expect((await call).code).toBe(0);
  });

  it('gives a desk that reconnects during a call the pop of that call, marked talking', async () => {
    desk.socket.disconnect();
    const caller = '13800138303';
    const call = placeCall(ENGLISH_REPORT_THEN_STAY, { caller });
    await waitFor('the operator to answer', () => (callRow(caller)?.answeredAt ? true : undefined), 30_000, 50);
    const from = desk.pops.length;
    desk.socket.connect();
    const { pop } = await desk.popFor(caller, from, 5_000);
    expect(pop).toMatchObject({ caller, state: 'talking', case: { status: 'draft' } });
    expect((await call).code).toBe(0);
    // once the call is over, a reconnecting desk gets no pop
    await waitFor('the call to end', () => (callRow(caller)?.outcome === 'answered' && !asteriskCli('core show channels concise').includes(caller) ? true : undefined), 15_000);
    desk.socket.disconnect();
    const after = desk.pops.length;
    desk.socket.connect();
    await waitFor('the desk back', () => (desk.socket.connected ? true : undefined), 5_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(desk.pops.slice(after)).toEqual([]);
  });

  it('hands callers in the IVR to a queue at once when the server stops cleanly', async () => {
    // logged in but on a break: the line is open (callers may join it) and nobody answers
    expect((await desk.setState('paused', 'break')).statusCode).toBe(200);
    const caller = '13800138304';
    const call = placeCall(NO_KEY_STAY, { caller });
    await waitFor('the caller in the IVR', () => (callRow(caller) ? true : undefined), 10_000, 50);
    await server.hotline.stop();
    stopped = true;
    // without the hand-over the caller would stay parked in Stasis until the IVR time limit (60 s here)
    const waiting = await waitFor('the caller in the Mandarin queue', () => (/Callers:\s*\n\s*1\. /.test(asteriskCli('queue show hotline-zh')) ? asteriskCli('queue show hotline-zh') : undefined), 10_000, 100);
    expect(waiting).toMatch(/1\. PJSIP\/anonymous/);
    hangUpEveryCall();
    await call;
  });
});
