// The disk of the database fills up during a call (the data directory on a small tmpfs, filled to the last
// byte by another file): the call still reaches the operator with a pop (without its draft), a case the
// operator saves gets 503 with a clear message, the server keeps running, and nothing half-written remains —
// then space is freed and the next call gets its draft as usual.
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';

const REPORT_THEN_STAY = callerScenario('uac-2-then-3-stay-8s-expect-english-operator', 'English report caller who stays 8 s in the queue or the call', [
  { pause: 800 },
  { key: '2' },
  { pause: 1200 },
  { key: '3' },
  { stay: 8_000 },
]);

const mountPoint = mkdtempSync(join(tmpdir(), 'hotline-disk-full-'));
const FILLER = join(mountPoint, 'filler');
let mounted = false;
let server: Awaited<ReturnType<typeof startHotline>>;
let desk: Awaited<ReturnType<typeof operatorDesk>>;
let phone: ChildProcess;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

/** Writes the filler until the file system refuses (ENOSPC); returns the bytes written. */
function fillDisk(): number {
  const descriptor = openSync(FILLER, 'a');
  let written = 0;
  try {
    for (let chunk = 1 << 20; chunk >= 512; ) {
      try {
        written += writeSync(descriptor, Buffer.alloc(chunk));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        chunk /= 2;
      }
    }
  } finally {
    closeSync(descriptor);
  }
  return written;
}

beforeAll(async () => {
  run('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
  mounted = true;
  server = await startHotline({}, { HOTLINE_DATA_DIR: mountPoint, HOTLINE_DB: join(mountPoint, 'hotline.db') });
  await waitUntilReady(server.hotline);
  desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1007, 'zh,en');
  phone = startAgentPhone(1007);
  expect((await desk.setState('available')).statusCode).toBe(200);
});

afterAll(async () => {
  hangUpEveryCall();
  phone?.kill();
  desk?.socket.close();
  await server?.hotline.stop();
  if (mounted) run('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** The member name Asterisk's queue log says the caller's call was connected to. */
function connectedTo(caller: string): string | undefined {
  const lines = readFileSync(join(TEST_PBX.root, 'var/log/asterisk/queue_log'), 'utf8').split('\n').map((line) => line.split('|'));
  const callId = lines.find((fields) => fields[4] === 'ENTERQUEUE' && fields[6] === caller)?.[1];
  return lines.find((fields) => fields[4] === 'CONNECT' && fields[1] === callId)?.[3];
}
const count = (table: string) => (server.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const createCase = () =>
  server.hotline.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { authorization: `Bearer ${desk.token}` },
    payload: { channel: 'phone', lang: 'en', kind: 'report', subject: 'Counterfeit charger caught fire' },
  });

describe('a full disk under the database', () => {
  it('still rings the operator with a pop, answers a case save 503 with a clear message, and keeps running', async () => {
    // the write-ahead log checkpointed and emptied, so that the next write must take new space; then the disk is filled
    const other = new Database(join(mountPoint, 'hotline.db'));
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    const filled = fillDisk();
    expect(filled).toBeGreaterThan(1 << 20);
    const before = { cases: count('cases'), caseEvents: count('case_events') };

    const caller = '13800138401';
    const from = desk.pops.length;
    const call = placeCall(REPORT_THEN_STAY, { caller });
    const { pop } = await desk.popFor(caller, from);
    // the pop went out without its draft (it could not be written), with what the call itself says
    expect(pop).toMatchObject({ caller, lang: 'en', queue: 'hotline-en', case: null, intent: 'report' });
    const saved = await createCase();
    expect(saved.statusCode, saved.body).toBe(503);
    expect(saved.json().message).toBe('the disk of the database is full. Nothing was changed; free some space and try again');
    expect((await server.hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const result = await call;
    expect(result.code, result.output).toBe(0);
    // Asterisk's own queue log: the call was connected to the operator
    expect(connectedTo(caller)).toBe('op1007');
    expect({ cases: count('cases'), caseEvents: count('case_events') }).toEqual(before);

    // space is freed: nothing half-written, and writes work again at once
    rmSync(FILLER);
    expect(server.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(server.db.$client.prepare('select count(*) as n from case_events e left join cases c on c.id = e.case_id where c.id is null').get()).toEqual({ n: 0 });
    expect(server.db.$client.prepare(`select count(*) as n from cases c where not exists (select 1 from case_events e where e.case_id = c.id and e.action = 'create')`).get()).toEqual({ n: 0 });
    const next = '13800138402';
    const nextCall = placeCall(REPORT_THEN_STAY, { caller: next });
    const { pop: nextPop } = await desk.popFor(next, desk.pops.length);
    expect(nextPop.case).toMatchObject({ status: 'draft', kind: 'report' });
    expect((await createCase()).statusCode).toBe(201);
    expect((await nextCall).code).toBe(0);
  }, 120_000);
});
