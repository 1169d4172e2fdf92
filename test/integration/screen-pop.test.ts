// A real call: SIPp caller → Asterisk 22 → IVR (ARI) → queue → SIPp operator phone; screen pop over Socket.IO.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCaseNumber } from '../../src/cases/case-number.ts';
import { operatorDesk, readiness, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, sandbox, TEST_PBX, hangUpEveryCall } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';

const PRESS_2 = 'uac-2-then-nothing-expect-english-operator.xml';
const NO_KEY = 'uac-no-key-expect-mandarin-operator.xml';

let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let phone: ChildProcess;
const popLatenciesMs: number[] = [];

function caseRow(number: string) {
  return server.db.$client
    .prepare(
      `select cases.number, cases.status, cases.lang, cases.caller_phone as callerPhone, calls.uniqueid, calls.queue, calls.lang as callLang,
              calls.ring_at as ringAt, calls.outcome, calls.path
         from cases join calls on calls.id = cases.call_id where cases.number = ?`,
    )
    .get(number) as Record<string, string> | undefined;
}

async function callAndPop(scenario: string, caller: string) {
  const from = desk.pops.length;
  const call = placeCall(scenario, { caller });
  const { pop, receivedAt } = await desk.popFor(caller, from);
  popLatenciesMs.push(receivedAt - pop.ringAt);
  const result = await call;
  expect(result.code, result.output).toBe(0);
  return pop;
}

beforeAll(async () => {
  server = await startHotline();
  await waitUntilReady(server.hotline);
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1001);
  phone = startAgentPhone(1001);
  const available = await desk.setState('available');
  expect(available.statusCode, available.body).toBe(200);
});

afterAll(async () => {
  hangUpEveryCall();
  phone?.kill();
  desk?.socket.close();
  await server?.hotline.stop();
  if (popLatenciesMs.length > 0) {
    const sorted = [...popLatenciesMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    process.stdout.write(
      `screen pop latency, AgentCalled at the server → Socket.IO client (ms, ${sorted.length} calls): ` +
        `median ${median.toFixed(2)}, worst ${sorted.at(-1)!.toFixed(2)}; all: ${sorted.map((v) => v.toFixed(2)).join(', ')}\n`,
    );
  }
});

describe('a 12365 call reaches the operator’s screen', () => {
  it('puts an available bilingual operator in both language queues, confirmed by Asterisk', () => {
    expect(asteriskCli('queue show hotline-zh')).toMatch(/PJSIP\/1001/);
    expect(asteriskCli('queue show hotline-en')).toMatch(/PJSIP\/1001/);
  });

  it('pops an English screen with a stored draft case when the caller presses 2', async () => {
    const pop = await callAndPop(PRESS_2, '13800138001');
    expect(pop).toMatchObject({ caller: '13800138001', lang: 'en', queue: 'hotline-en', case: { status: 'draft' }, history: [] });
    expect(isValidCaseNumber(pop.case!.number)).toBe(true);
    expect(pop.waitedSeconds).toBeGreaterThanOrEqual(0);
    expect(caseRow(pop.case!.number)).toMatchObject({
      status: 'draft',
      lang: 'en',
      callerPhone: '13800138001',
      uniqueid: pop.callId,
      queue: 'hotline-en',
      callLang: 'en',
    });
    const path = await waitFor('the call to end', () => {
      const row = caseRow(pop.case!.number);
      return row?.outcome === 'answered' ? row.path : undefined;
    }, 10_000);
    expect(path).toBe('choose-language english en:hours en:menu en:connecting en:operator');
    // The draft went through the case service: created by the system at the ring, taken by the operator who answered.
    const operatorId = (server.db.$client.prepare(`select id from users where extension = '1001'`).get() as { id: number }).id;
    const draft = server.db.$client.prepare(`select id, created_by as createdBy, channel from cases where number = ?`).get(pop.case!.number) as { id: number; createdBy: number; channel: string };
    expect(draft).toMatchObject({ createdBy: operatorId, channel: 'phone' });
    expect(server.db.$client.prepare(`select action, actor_user_id as actor from case_events where case_id = ? order by id`).all(draft.id)).toEqual([
      { action: 'create', actor: null },
      { action: 'take', actor: operatorId },
    ]);
  });

  it('pops a Mandarin screen when the caller presses nothing', async () => {
    const pop = await callAndPop(NO_KEY, '13800138002');
    expect(pop).toMatchObject({ lang: 'zh', queue: 'hotline-zh', case: { status: 'draft' } });
    expect(caseRow(pop.case!.number)).toMatchObject({ lang: 'zh', callLang: 'zh', callerPhone: '13800138002' });
  });

  it('shows a returning caller their earlier case', async () => {
    const first = await callAndPop(NO_KEY, '13800138003');
    const second = await callAndPop(PRESS_2, '13800138003');
    expect(second.case!.number).not.toBe(first.case!.number);
    expect(second.history.map((c) => c.number)).toEqual([first.case!.number]);
  });

  it('still queues the caller when the Stasis app is not connected (dialplan fail-safe)', async () => {
    await server.hotline.ari.stop();
    await waitFor('the Stasis app to be gone', () => (asteriskCli('ari show apps').includes(TEST_PBX.ariApp) ? undefined : true), 10_000);
    try {
      // The caller presses 2, but nobody runs the IVR: the dialplan sends them to the Mandarin queue.
      const pop = await callAndPop(PRESS_2, '13800138004');
      expect(pop).toMatchObject({ lang: 'zh', queue: 'hotline-zh' });
      expect(caseRow(pop.case!.number)).toMatchObject({ status: 'draft', path: '' });
    } finally {
      server.hotline.ari.start();
      await waitUntilReady(server.hotline);
    }
  });

  it('sends a caller left in the IVR when the app lost its connection on to an operator once it reconnects', async () => {
    const caller = '13800138006';
    const call = placeCall(NO_KEY, { caller });
    await waitFor('the caller in the IVR', () =>
      server.db.$client.prepare(`select 1 from calls where caller = ? and queued_at is null`).get(caller) ? true : undefined,
    10_000, 50);
    await server.hotline.ari.stop();
    // Asterisk keeps the caller parked in Stasis(): nobody runs the IVR, and no queue has them.
    expect(asteriskCli('core show channels concise')).toContain(`Stasis!${TEST_PBX.ariApp}`);
    server.hotline.ari.start();
    const { pop } = await desk.popFor(caller);
    expect(pop).toMatchObject({ caller, lang: 'zh', queue: 'hotline-zh' });
    expect((await call).code).toBe(0);
  });

  it('queues a caller whose IVR the server abandoned, once the IVR time limit runs out, even if the server never returns', async () => {
    const caller = '13800138007';
    const from = desk.pops.length;
    const call = placeCall('uac-no-key-hold-90s-expect-operator.xml', { caller });
    await waitFor('the caller in the IVR', () =>
      server.db.$client.prepare(`select 1 from calls where caller = ? and queued_at is null`).get(caller) ? true : undefined,
    10_000, 50);
    await server.hotline.ari.stop();
    try {
      const { pop } = await desk.popFor(caller, from, (TEST_PBX.ivrMaxSeconds + 15) * 1000);
      expect(pop).toMatchObject({ caller, lang: 'zh', queue: 'hotline-zh' });
      expect((await call).code).toBe(0);
    } finally {
      server.hotline.ari.start();
      await waitUntilReady(server.hotline);
    }
  }, 150_000);

  it('reports Asterisk down in /readyz, and puts the operator back in the queues when it returns', async () => {
    sandbox('down');
    const down = await waitFor('/readyz 503', async () => {
      const ready = await readiness(server.hotline);
      return ready.status === 503 && ready.body.down.ami && ready.body.down.ari ? ready : undefined;
    }, 15_000);
    expect(Object.keys(down.body.down).sort()).toEqual(['ami', 'ari']);
    sandbox('up');
    await waitUntilReady(server.hotline, 90_000);
    await waitFor('op1001 back in both queues', () =>
      /PJSIP\/1001/.test(asteriskCli('queue show hotline-zh')) && /PJSIP\/1001/.test(asteriskCli('queue show hotline-en')) ? true : undefined,
    15_000);
    // …and calls reach the operator again.
    const pop = await callAndPop(PRESS_2, '13800138005');
    expect(pop.lang).toBe('en');
  });
});
