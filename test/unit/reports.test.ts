// The reports are computed from stored call records and status changes: a known day, hand-computed figures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

let db: Db;
let hotline: Hotline;
let supervisor: string;
let operatorId: number;

const bj = (time: string) => new Date(`2026-11-16T${time}+08:00`).toISOString();

function call(id: string, queue: string, queued: string, how: { outcome: string; hold: number; talk?: number; wrapUp?: number; agent?: number }) {
  const queuedAt = bj(queued);
  const answeredAt = how.outcome === 'answered' ? new Date(Date.parse(queuedAt) + how.hold * 1000).toISOString() : null;
  db.$client
    .prepare(
      `insert into calls (uniqueid, linkedid, caller, queue, lang, entered_at, queued_at, answered_at, ended_at, outcome, hold_seconds, talk_seconds, wrap_up_seconds, agent_user_id)
       values (?, ?, '13800138000', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, id, queue, queue === 'hotline-en' ? 'en' : 'zh', queuedAt, queuedAt, answeredAt, queuedAt, how.outcome, how.hold, how.talk ?? null, how.wrapUp ?? null, how.agent ?? null);
}

function status(time: string, state: string, reason: string | null = null) {
  db.$client.prepare(`insert into agent_state_changes (user_id, agent_interface, state, reason, at) values (?, 'PJSIP/1001', ?, ?, ?)`).run(operatorId, state, reason, bj(time));
}

beforeEach(async () => {
  db = freshDatabase();
  operatorId = (await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' })).id;
  await addUser(db, { username: 'sup', role: 'supervisor' });
  hotline = await createHotline(testConfig(), createLogger('silent'), { db });
  supervisor = (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sup', password: 'correct-horse' } })).json().token;
  call('1', 'hotline-zh', '09:05:00', { outcome: 'answered', hold: 10, talk: 120, wrapUp: 30, agent: operatorId });
  call('2', 'hotline-zh', '09:20:00', { outcome: 'abandoned', hold: 30 });
  call('3', 'hotline-zh', '09:40:00', { outcome: 'abandoned', hold: 2 });
  call('4', 'hotline-en', '09:30:00', { outcome: 'overflowed', hold: 300 });
  call('5', 'hotline-zh', '10:10:00', { outcome: 'answered', hold: 20, talk: 60, agent: operatorId });
});
afterEach(async () => {
  await hotline.stop();
});

const get = (url: string, accept = 'application/json') => hotline.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${supervisor}`, accept } });

/** A small CSV reader for the test: the report's fields hold no commas or quotes. */
const csvRows = (text: string) => {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, index) => [names[index], value])));
};

describe('the queue report', () => {
  it('gives each hour and queue the wallboard’s figures, as CSV for a spreadsheet', async () => {
    const response = await get(`/api/reports/queues?from=${encodeURIComponent(bj('09:00:00'))}&to=${encodeURIComponent(bj('11:00:00'))}&interval=1h`, 'text/csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csvRows(response.body);
    expect(rows).toHaveLength(6); // 2 hours × (zh, en, all)
    const nineZh = rows.find((row) => row.queue === 'hotline-zh' && row.from === bj('09:00:00'))!;
    // offered 3: answered 1 (10 s ≤ 15), abandoned 1 (30 s), short abandon 1 (2 s)
    expect(nineZh).toMatchObject({ offered: '3', answered: '1', abandoned: '1', shortAbandoned: '1', overflowed: '0', serviceLevel: '0.5', connectionRate: '0.3333', asaSeconds: '10', ahtSeconds: '150', avgAbandonWaitSeconds: '30' });
    expect(rows.find((row) => row.queue === 'all' && row.from === bj('09:00:00'))).toMatchObject({ offered: '4', overflowed: '1', connectionRate: '0.25' });
    expect(rows.find((row) => row.queue === 'hotline-zh' && row.from === bj('10:00:00'))).toMatchObject({ offered: '1', answered: '1', serviceLevel: '0', asaSeconds: '20' });
    // A CSV leaves the system: the audit log names who exported what; the wallboard's JSON is not an export.
    await get(`/api/reports/queues?from=2026-11-16&to=2026-11-17`);
    expect(hotline.audit.search({ action: 'report-exported' }, 1, 10).entries).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ username: 'sup' }), details: expect.objectContaining({ report: 'queues', interval: '1h', rows: 6 }) }),
    ]);
  });

  it('answers JSON by default, days by the Beijing day, and refuses a bad range with 400', async () => {
    const day = await get('/api/reports/queues?from=2026-11-16&to=2026-11-17&interval=1d');
    expect(day.json().rows.find((row: { queue: string }) => row.queue === 'all')).toMatchObject({ from: bj('00:00:00'), offered: 5, answered: 2 });
    expect((await get('/api/reports/queues?from=yesterday!&to=2026-11-17')).json().message).toMatch(/querystring\/from "yesterday!" is not a day/);
    expect((await get('/api/reports/queues?from=2026-11-17&to=2026-11-16')).json().message).toMatch(/to must come after/);
    expect((await get('/api/reports/queues?from=2026-01-01&to=2026-11-17&interval=15m')).statusCode).toBe(400);
  });
});

describe('the operator report', () => {
  it('counts calls, talk, wrap-up, logged-in time and pauses by reason from the status changes', async () => {
    status('08:55:00', 'available');
    status('09:05:10', 'on-call');
    status('09:07:10', 'wrap-up');
    status('09:07:40', 'available');
    status('12:00:00', 'paused', 'lunch');
    status('13:00:00', 'available');
    status('17:55:00', 'offline');
    const response = await get('/api/reports/agents?from=2026-11-16&to=2026-11-17');
    expect(response.statusCode).toBe(200);
    const row = response.json().rows.find((r: { username: string }) => r.username === 'op1001');
    expect(row).toMatchObject({
      answered: 2,
      talkSeconds: 180,
      wrapUpSeconds: 30,
      loggedInSeconds: 9 * 3600,
      pausedSeconds: 3600,
      pausedByReason: { lunch: 3600 },
      onCallSeconds: 120,
    });
    const csv = await get('/api/reports/agents?from=2026-11-16&to=2026-11-17', 'text/csv');
    expect(csvRows(csv.body)[0]).toMatchObject({ username: 'op1001', 'pausedByReason.lunch': '3600', loggedInSeconds: '32400' });
  });

  it('is for supervisors and admins', async () => {
    const op = (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'op1001', password: 'correct-horse' } })).json().token;
    const refused = await hotline.app.inject({ method: 'GET', url: '/api/reports/agents?from=2026-11-16&to=2026-11-17', headers: { authorization: `Bearer ${op}` } });
    expect(refused.statusCode).toBe(403);
  });
});
