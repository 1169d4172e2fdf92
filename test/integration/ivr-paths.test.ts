// Every IVR path through the real sandbox: SIPp callers keying SIP INFO DTMF, a SIPp operator phone,
// and an ARI observer that hears what Asterisk played.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../src/cases/case-number.ts';
import { observePlaybacks } from '../helpers/ari-observer.ts';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';

let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let observer: Awaited<ReturnType<typeof observePlaybacks>>;
let phone: ChildProcess;

const callRow = (caller: string) =>
  server.db.$client.prepare(`select uniqueid, lang, queue, intent, path, outcome from calls where caller = ? and direction = 'inbound' order by id desc`).get(caller) as
    | { uniqueid: string; lang: string | null; queue: string | null; intent: string | null; path: string; outcome: string }
    | undefined;

async function call(scenario: string, caller: string, keys?: string) {
  const result = await placeCall(scenario, { caller, keys });
  expect(result.code, result.output).toBe(0);
  return waitFor(`the call record of ${caller} to end`, () => {
    const row = callRow(caller);
    return row && row.outcome !== 'in-progress' ? row : undefined;
  }, 10_000);
}

beforeAll(async () => {
  server = await startHotline();
  await waitUntilReady(server.hotline);
  observer = await observePlaybacks();
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1003);
  phone = startAgentPhone(1003);
  expect((await desk.setState('available')).statusCode).toBe(200);
});

afterAll(async () => {
  hangUpEveryCall();
  phone?.kill();
  desk?.socket.close();
  observer?.stop();
  await server?.hotline.stop();
  const timings = [...server.hotline.dtmfToPromptMs].sort((a, b) => a - b);
  if (timings.length > 0) {
    process.stdout.write(
      `IVR key → next prompt (Asterisk's timestamps, ms, ${timings.length} keys): median ${timings[Math.floor(timings.length / 2)]}, ` +
        `worst ${timings.at(-1)}; all: ${timings.join(', ')}\n`,
    );
  }
});

describe('the bilingual IVR', () => {
  it('has Asterisk leave out the ARI events it does not read (the echo of every variable it sets)', async () => {
    const app = await waitFor('the Stasis app’s event filter', async () => {
      const response = await fetch(`http://127.0.0.1:${TEST_PBX.ariPort}/ari/applications/${TEST_PBX.ariApp}`, { headers: { authorization: `Basic ${Buffer.from('hotline:hotline').toString('base64')}` } });
      const body = (await response.json()) as { events_disallowed?: { type: string }[] };
      return body.events_disallowed?.length ? body : undefined;
    }, 5_000);
    expect(app.events_disallowed).toEqual([{ type: 'ChannelVarset' }]);
  });

  it('no key → a Mandarin operator', async () => {
    const row = await call('uac-no-key-expect-mandarin-operator.xml', '13700000001');
    expect(row).toMatchObject({ lang: 'zh', queue: 'hotline-zh', outcome: 'answered', path: 'choose-language mandarin zh:hours zh:menu zh:connecting zh:operator' });
    expect(observer.heard(row.uniqueid)).toEqual(['zh/welcome', 'en/for-english-press-2', 'zh/main-menu', 'zh/connecting-operator']);
  });

  it('2, then nothing → an English operator', async () => {
    const row = await call('uac-2-then-nothing-expect-english-operator.xml', '13700000002');
    expect(row).toMatchObject({ lang: 'en', queue: 'hotline-en', outcome: 'answered' });
    expect(observer.heard(row.uniqueid).slice(-2)).toEqual(['en/main-menu', 'en/connecting-operator']);
  });

  it('2, then 3 → the English queue with intent report, on the screen pop and the draft case', async () => {
    const from = desk.pops.length;
    const row = await call('uac-2-then-3-expect-english-report-queue.xml', '13700000003');
    expect(row).toMatchObject({ lang: 'en', queue: 'hotline-en', intent: 'report', outcome: 'answered' });
    const { pop } = await desk.popFor('13700000003', from);
    expect(pop).toMatchObject({ lang: 'en', intent: 'report', case: { status: 'draft', kind: 'report' } });
  });

  it('an invalid key twice → "not a valid choice" once, then an operator', async () => {
    const row = await call('uac-1-then-9-then-8-expect-operator.xml', '13700000004');
    expect(row).toMatchObject({ queue: 'hotline-zh', outcome: 'answered' });
    const heard = observer.heard(row.uniqueid);
    expect(heard.filter((id) => id === 'zh/invalid-choice')).toHaveLength(1);
    expect(heard.at(-1)).toBe('zh/connecting-operator');
  });

  it('4 with a valid case number from the case’s own phone → status and due date spoken', async () => {
    const caller = '13700000005';
    const created = await server.hotline.caseService.registry.transaction(() =>
      server.hotline.caseService.create({ kind: 'complaint', lang: 'zh', citizenPhone: caller, subject: '燃气热水器漏气', description: '安装后有燃气味' }, { id: server.hotline.users.byUsername('op1003')!.id, role: 'operator', departmentId: null }),
    );
    server.db.$client.prepare(`update cases set status = 'dispatched', due_at = '2026-12-14T15:59:59.999Z' where id = ?`).run(created.id);
    const row = await call('uac-1-then-4-case-number-expect-status-spoken.xml', caller, created.number);
    const heard = observer.heard(row.uniqueid);
    const spoken = heard.slice(heard.indexOf('zh/case-status-is'));
    // 状态：已分派；办理期限：二零二六年十二月十四日
    expect(spoken.slice(0, 10)).toEqual([
      'zh/case-status-is', 'zh/status-dispatched', 'zh/case-due-by',
      'zh/number-2', 'zh/number-0', 'zh/number-2', 'zh/number-6', 'zh/word-year', 'zh/month-12', 'zh/ordinal-14',
    ]);
    expect(row.path).toContain('zh:case-number zh:case-status zh:menu');
  });

  it('4 with a wrong check digit → "does not look right", two retries, then an operator', async () => {
    const valid = formatCaseNumber('261121', 123);
    const wrong = valid.slice(0, 11) + String((Number(valid[11]) + 5) % 10);
    const row = await call('uac-1-then-4-wrong-check-digit-thrice-expect-operator.xml', '13700000006', wrong);
    const heard = observer.heard(row.uniqueid);
    expect(heard.filter((id) => id === 'zh/case-number-invalid')).toHaveLength(2);
    expect(heard).not.toContain('zh/case-status-is');
    expect(row).toMatchObject({ queue: 'hotline-zh', intent: 'progress', outcome: 'answered' });
  });

  it('5 and 1 → a call-back request with the caller’s number and language, standing in the Mandarin line', async () => {
    // the operator is on a break: the call-back waits in line for them (its placeholder stands in the queue)
    expect((await desk.setState('paused', 'break')).statusCode).toBe(200);
    try {
      const row = await call('uac-1-then-5-confirm-expect-callback-booked.xml', '13700000007');
      const request = await waitFor('the call-back in line', () =>
        server.db.$client.prepare(`select id, number, lang, intent, source, queue, status from callback_requests where number = ? and status = 'queued'`).get('13700000007') as { id: number } | undefined,
      10_000);
      expect(request).toMatchObject({ number: '13700000007', lang: 'zh', intent: 'callback', source: 'ivr', queue: 'hotline-zh' });
      expect(observer.heard(row.uniqueid)).toEqual(expect.arrayContaining(['zh/callback-number-is', 'zh/digit-1', 'zh/digit-3', 'zh/callback-booked']));
      expect(row).toMatchObject({ outcome: 'ended-in-ivr', queue: null });
      expect(asteriskCli('queue show hotline-zh')).toMatch(/1\. Local\/hold@hotline-callback-/);
      // cancelled from the desk: it leaves the line
      const cancelled = await server.hotline.app.inject({ method: 'DELETE', url: `/api/callbacks/${request.id}`, headers: { authorization: `Bearer ${desk.token}` } });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().callback.status).toBe('cancelled');
      await waitFor('the placeholder gone', () => (/Local\/hold@hotline-callback/.test(asteriskCli('queue show hotline-zh')) ? undefined : true), 10_000);
    } finally {
      expect((await desk.setState('available')).statusCode).toBe(200);
    }
  });

  it('hanging up in the menu leaves a call record with the path taken', async () => {
    const row = await call('uac-2-then-hang-up-expect-call-record.xml', '13700000008');
    expect(row).toMatchObject({ outcome: 'ended-in-ivr', lang: 'en', queue: null, path: 'choose-language english en:hours en:menu' });
  });
});
