// Asterisk killed with SIGKILL in the middle of calls, then started again: the server says so (/readyz, the
// desks, the wallboard), reconnects AMI and ARI by itself, rebuilds its live model from what Asterisk lists,
// puts the operators who were available back in their queues, and the next calls ring them with a pop —
// also a call whose INVITE the citizen's phone sent while Asterisk was down (retransmitted until it answered).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PbxStatus } from '../../src/realtime/desk-events.ts';
import { operatorDesk, readiness, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { killAsterisk, startAsterisk } from '../helpers/pbx-faults.ts';
import { asteriskCli, hangUpEveryCall } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone, type SippResult } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';
import { wallClient } from '../helpers/wall-client.ts';

/** English (2), report (3), then on the line (queue or operator) up to 40 s. */
const ENGLISH_REPORT = callerScenario('uac-2-then-3-stay-40s-expect-operator', 'English report caller who stays up to 40 s', [
  { pause: 800 },
  { key: '2' },
  { pause: 1200 },
  { key: '3' },
  { stay: 40_000 },
]);

let server: Awaited<ReturnType<typeof startHotline>>;
let wall: Awaited<ReturnType<typeof wallClient>>;
const desks: Awaited<ReturnType<typeof operatorDesk>>[] = [];
const phones: ChildProcess[] = [];
const calls: Promise<SippResult>[] = [];
const deskStatus: { at: number; status: PbxStatus }[] = [];
const wallStatus: { at: number; status: PbxStatus }[] = [];
const callStates: { callId: string; state: string }[] = [];
const OPERATORS = [1015, 1016];

const members = (queue: string) => [...asteriskCli(`queue show ${queue}`).matchAll(/\(PJSIP\/(\d+)\)/g)].map((match) => Number(match[1]));
const callRow = (caller: string) =>
  server.db.$client.prepare(`select uniqueid, answered_at as answeredAt, ended_at as endedAt, outcome from calls where caller = ?`).get(caller) as
    | { uniqueid: string; answeredAt: string | null; endedAt: string | null; outcome: string }
    | undefined;

beforeAll(async () => {
  server = await startHotline();
  await waitUntilReady(server.hotline);
  await addUser(server.db, { username: 'sup1019', role: 'supervisor', extension: '1019', languages: 'zh,en' });
  const token = (await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sup1019', password: 'correct-horse' } })).json().token as string;
  wall = await wallClient(server.baseUrl, token);
  wall.socket.on('pbx-status', (status) => wallStatus.push({ at: Date.now(), status }));
  for (const extension of OPERATORS) {
    const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, extension, 'zh,en');
    desk.socket.on('pbx-status', (status: PbxStatus) => deskStatus.push({ at: Date.now(), status }));
    desk.socket.on('call-state', (update: { callId: string; state: string }) => callStates.push(update));
    phones.push(startAgentPhone(extension));
    expect((await desk.setState('available')).statusCode).toBe(200);
    desks.push(desk);
  }
});

afterAll(async () => {
  hangUpEveryCall();
  await Promise.all(calls);
  for (const phone of phones) phone.kill();
  for (const desk of desks) desk.socket.close();
  wall?.close();
  await server?.hotline.stop();
});

describe('Asterisk killed (SIGKILL) and started again', () => {
  it('is reported, reconnected, rebuilt; operators are back in their queues and calls reach them again', async () => {
    expect(members('hotline-en').sort()).toEqual(OPERATORS);
    // two calls in progress, each answered by an operator
    const talking = ['13700000001', '13700000002'];
    for (const caller of talking) calls.push(placeCall(ENGLISH_REPORT, { caller }));
    await waitFor('both calls answered', () => (talking.every((caller) => callRow(caller)?.answeredAt) ? true : undefined), 40_000, 50);
    await wall.until('both operators on a call', () => OPERATORS.every((extension) => wall.agent(String(extension))?.status === 'on-call'));
    const popsBefore = desks.map((desk) => desk.pops.length);
    expect(popsBefore.reduce((a, b) => a + b, 0)).toBe(2);

    const killedAt = Date.now();
    await killAsterisk();
    // A citizen dials while Asterisk is down: the phone retransmits its INVITE 0.5, 1.5, 3.5, 7.5, 15.5… s later.
    // Asterisk is started again 8 s after the dial (after the 7.5 s retransmission: it boots in under 3 s here,
    // and a caller who beats the server's reconnect finds the queues still empty and is offered a message), so
    // the INVITE that gets through is the one at 15.5 s, by when the server has usually reconnected and
    // re-added the operators (AMI and ARI are each retried every 2 s at most).
    const duringOutage = '13700000003';
    const dialledAt = Date.now();
    calls.push(placeCall(ENGLISH_REPORT, { caller: duringOutage }));
    // /readyz names both links as down, and the desks and the wallboard are told
    const unready = await waitFor('/readyz 503 naming AMI and ARI', async () => {
      const ready = await readiness(server.hotline);
      return ready.status === 503 && ready.body.down.ami && ready.body.down.ari ? ready.body : undefined;
    }, 15_000, 50);
    const noticedMs = Date.now() - killedAt;
    expect(unready.down.ami).toMatch(/^disconnected/);
    await waitFor('every desk told AMI is down', () => (deskStatus.filter((entry) => entry.at >= killedAt && entry.status.ami.state !== 'connected').length >= desks.length ? true : undefined), 5_000, 20);
    await waitFor('the wallboard told', () => (wallStatus.some((entry) => entry.at >= killedAt && entry.status.ami.state !== 'connected') ? true : undefined), 5_000, 20);
    // the wallboard shows nothing live it cannot vouch for
    await wall.until('the wall’s operators off their calls', () => OPERATORS.every((extension) => wall.agent(String(extension))?.status !== 'on-call'));

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dialledAt + 8_000 - Date.now())));
    const restartAt = Date.now();
    await startAsterisk();
    const upAt = Date.now();
    await waitUntilReady(server.hotline, 30_000);
    const readyAt = Date.now();
    // the operators who were available are members again (Asterisk started with empty queues), not paused
    await waitFor('both operators back in both queues', () =>
      (['hotline-zh', 'hotline-en'].every((queue) => members(queue).sort().join() === OPERATORS.join()) ? true : undefined), 15_000, 100);
    expect(asteriskCli('queue show hotline-en')).not.toMatch(/paused/);
    // Available on the wall again — or already talking to the caller who dialled during the outage: when
    // Asterisk is slow to boot, that caller's INVITE can beat the IVR's reconnect (the fail-safe queues them).
    await wall.until('the operators available on the wall (or on the outage call)', () =>
      OPERATORS.every((extension) => {
        const agent = wall.agent(String(extension));
        return agent?.status === 'available' || (agent?.status === 'on-call' && agent.call?.caller === duringOutage);
      }),
    );
    const bothUp = (log: { status: PbxStatus }[]) => {
      const last = log.at(-1)?.status;
      return last?.ami.state === 'connected' && last.ari.state === 'connected' ? true : undefined;
    };
    await waitFor('the desks told both links are up', () => bothUp(deskStatus), 10_000, 20);
    await waitFor('the wallboard told both links are up', () => bothUp(wallStatus), 10_000, 20);

    // the calls Asterisk lost are over in the call record and on the desks
    for (const caller of talking) {
      const row = await waitFor(`the call of ${caller} ended in the record`, () => (callRow(caller)?.endedAt ? callRow(caller) : undefined), 10_000);
      expect(row.outcome).toBe('answered');
      expect(callStates).toContainEqual({ callId: row.uniqueid, state: 'ended' });
    }

    // the caller who dialled during the outage, and a new one, each reach an operator with a pop
    const after = '13700000004';
    const from = desks.map((desk) => desk.pops.length);
    await waitFor('the outage caller in the IVR', () => callRow(duringOutage), 40_000, 100);
    calls.push(placeCall(ENGLISH_REPORT, { caller: after }));
    for (const caller of [duringOutage, after]) {
      await waitFor(`a pop for ${caller}`, () => desks.some((desk, index) => desk.pops.slice(from[index]).some((entry) => entry.pop.caller === caller)) || undefined, 40_000, 50);
      await waitFor(`${caller} answered`, () => callRow(caller)?.answeredAt ?? undefined, 10_000, 50);
    }
    // exactly one pop per call, across the desks
    const popped = desks.flatMap((desk) => desk.pops.map((entry) => entry.pop.caller));
    expect(popped.sort()).toEqual([...talking, duringOutage, after].sort());
    process.stdout.write(
      `faults-asterisk-kill: noticed ${noticedMs} ms after SIGKILL; Asterisk restart ${upAt - restartAt} ms; server ready ${readyAt - upAt} ms after Asterisk was up\n`,
    );
  }, 140_000);
});
