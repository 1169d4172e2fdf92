// A confidential informant's phone, name and address, searched for in the raw bytes of everything a user
// without the right receives: every GET route's answer, the exports (CSV and JSON reports, the audit log),
// the Socket.IO frames of their desk or wallboard during a real flow (case actions, a call-back, the
// informant calling again and popping on another operator's desk), and every log line at debug level.
// Only the operator who registered the case and supervisors may see them (src/cases/masking.ts); the
// test also finds them where those two look, so it cannot pass by finding nothing anywhere.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { registeredRoutes } from '../../src/http/app.ts';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { QUALITY_BUREAU, CIQ_BUREAU } from '../helpers/case-api.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';
import { fillParams } from './auth-matrix/fill-params.ts';
import { ROUTE_TABLE } from './auth-matrix/route-table.ts';

const PHONE = '13957246813';
const NAME = '蔺婳璎';
const ADDRESS = '滇池路鸮巷八号䶮楼';
/** The fixture's caller, replaced by the informant: they call the line again. */
const FIXTURE_CALLER = '13800138000';

/** Where `text` holds the phone (also written with separators), the name or the address; [] when nowhere. */
function hits(text: string, what: { phone: boolean } = { phone: true }): string[] {
  const found: string[] = [];
  const digitsOnly = text.replace(/(?<=\d)[\s\-.()/]+(?=\d)/g, '');
  if (what.phone && digitsOnly.includes(PHONE)) found.push('phone');
  for (const [label, value] of [['name', NAME], ['address', ADDRESS]] as const) {
    const escaped = JSON.stringify(value).slice(1, -1);
    const unicodeEscaped = [...value].map((c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join('');
    if (text.includes(value) || text.includes(escaped) || text.toLowerCase().includes(unicodeEscaped)) found.push(label);
  }
  return found;
}

type Who = 'registrar' | 'otherOperator' | 'supervisor' | 'handlerOwn' | 'handlerOther' | 'admin' | 'exchange';
/** Without the right to see the informant. */
const BLIND: readonly Who[] = ['otherOperator', 'handlerOwn', 'handlerOther', 'admin', 'exchange'];

let hotline: Hotline;
let baseUrl: string;
const logs: string[] = [];
const accounts = {} as Record<Who, number>;
const tokens = {} as Record<Who, string>;
let caseNumber = '';
let callbackId = 0;
/** Raw Socket.IO frames each socket received, by who and where. */
const frames = new Map<string, string[]>();
const sockets: ClientSocket[] = [];

const request = (who: Who | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  hotline.app.inject({
    method: method as 'GET',
    url,
    headers: { ...headers, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Opens `nsp` as `who`, keeping every raw frame it receives; resolves once connected. */
function open(nsp: '/desk' | '/wall', who: Who): Promise<ClientSocket> {
  const key = `${nsp} as ${who}`;
  frames.set(key, []);
  const socket = connect(`${baseUrl}${nsp}`, { auth: { token: tokens[who] }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  socket.io.on('open', () => socket.io.engine.on('data', (data: unknown) => frames.get(key)!.push(String(data))));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Resolves when `socket` receives `event` whose payload satisfies `test`. */
const received = (socket: ClientSocket, event: string, test: (payload: string) => boolean = () => true) =>
  new Promise<string>((resolve) => {
    const listener = (...args: unknown[]) => {
      const text = JSON.stringify(args);
      if (!test(text)) return;
      socket.off(event, listener);
      resolve(text);
    };
    socket.on(event, listener);
  });

/** Every GET route (from Fastify's own list) as `who`, and the reports again as CSV: name → raw body. */
async function everyGet(who: Who): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const ids = { caseNumber, userId: accounts.registrar, departmentId: QUALITY_BUREAU, callbackId, callId: 1 };
  for (const route of registeredRoutes(hotline.app)) {
    if (route.method !== 'GET' || route.url.startsWith('/assets/') || route.url.startsWith('/docs/static')) continue;
    const query = ROUTE_TABLE.find((row) => row.method === 'GET' && row.url === route.url)?.query;
    const url = fillParams(route.url, ids) + (query ? `?${query}` : '');
    bodies.set(`GET ${url}`, (await request(who, 'GET', url)).body);
  }
  for (const report of ['queues', 'agents']) {
    const url = `/api/reports/${report}?from=2026-01-01&to=2026-12-31`;
    bodies.set(`CSV ${url}`, (await request(who, 'GET', url, undefined, { accept: 'text/csv' })).body);
  }
  // The case searched for by the informant's phone, and by the words of the case.
  for (const url of [`/api/cases?phone=${PHONE}`, `/api/cases?q=${encodeURIComponent('电动车')}`, '/api/admin/audit?page=1']) {
    bodies.set(`GET ${url}`, (await request(who, 'GET', url)).body);
  }
  return bodies;
}

function leaks(buffers: Map<string, string>, what = { phone: true }): string[] {
  return [...buffers].flatMap(([where, text]) => hits(text, what).map((found) => `${found} in ${where}`));
}

beforeAll(async () => {
  const db = freshDatabase();
  const users: Record<Who, Parameters<typeof addUser>[1]> = {
    registrar: { username: 'op1003', role: 'operator', extension: '1003' },
    // The phone of the fixture's call (PJSIP/1001) is the other operator's: the informant's new call pops there.
    otherOperator: { username: 'op1001', role: 'operator', extension: '1001' },
    supervisor: { username: 'sup1', role: 'supervisor', extension: '1010' },
    handlerOwn: { username: 'handler1', role: 'handler' },
    handlerOther: { username: 'handler2', role: 'handler' },
    admin: { username: 'admin1', role: 'admin' },
    exchange: { username: 'exchange1', role: 'exchange' },
  };
  for (const [who, user] of Object.entries(users) as [Who, Parameters<typeof addUser>[1]][]) accounts[who] = (await addUser(db, user)).id;
  db.$client.prepare('update users set department_id = ? where id = ?').run(QUALITY_BUREAU, accounts.handlerOwn);
  db.$client.prepare('update users set department_id = ? where id = ?').run(CIQ_BUREAU, accounts.handlerOther);
  const log = createLogger('debug', { write: (line: string) => void logs.push(line) });
  hotline = await createHotline(testConfig(), log, { db });
  baseUrl = `http://127.0.0.1:${await hotline.start()}`;
  for (const who of Object.keys(users) as Who[]) tokens[who] = hotline.users.createSession(accounts[who], 1).token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await hotline?.stop();
});

describe('a confidential informant in the raw bytes', () => {
  let before: Map<string, string>;

  it('is registered, called back, dispatched and handled while every desk and wallboard listens', async () => {
    for (const who of ['registrar', 'otherOperator', 'supervisor'] as const) await open('/desk', who);
    for (const who of ['supervisor', 'admin'] as const) await open('/wall', who);
    const created = await request('registrar', 'POST', '/api/cases', {
      channel: 'phone',
      lang: 'zh',
      kind: 'report',
      confidential: true,
      citizenName: NAME,
      citizenPhone: PHONE,
      citizenAddress: ADDRESS,
      subject: '举报电动车电池翻新',
      description: '某店把旧电池翻新后当新电池卖。',
      enterpriseName: '某电动车行',
    });
    expect(created.statusCode, created.body).toBe(201);
    caseNumber = created.json().number;
    const steps: [Who, string, string, unknown][] = [
      ['registrar', 'POST', `/api/cases/${caseNumber}/actions`, { action: 'register' }],
      ['registrar', 'POST', '/api/callbacks', { number: PHONE, lang: 'zh', caseNumber }],
      ['supervisor', 'POST', `/api/cases/${caseNumber}/actions`, { action: 'dispatch', departmentId: QUALITY_BUREAU }],
      ['handlerOwn', 'POST', `/api/cases/${caseNumber}/actions`, { action: 'accept' }],
      ['handlerOwn', 'POST', `/api/cases/${caseNumber}/actions`, { action: 'handle', result: '已责令停售' }],
    ];
    for (const [who, method, url, body] of steps) {
      const response = await request(who, method, url, body);
      expect(response.statusCode, `${who} ${url}: ${response.body}`).toBeLessThan(300);
      if (url === '/api/callbacks') callbackId = response.json().callback.id;
    }
  });

  it('is seen by the operator who registered the case and by supervisors (the search is not blind)', async () => {
    for (const who of ['registrar', 'supervisor'] as const) {
      const read = await request(who, 'GET', `/api/cases/${caseNumber}`);
      expect(hits(read.body), who).toEqual(['phone', 'name', 'address']);
      expect(JSON.parse(read.body).masked).toBe(false);
    }
    // A reader without the right gets the case, masked: the sweep below reads real data.
    expect((await request('handlerOwn', 'GET', `/api/cases/${caseNumber}`)).json()).toMatchObject({ masked: true, citizenName: '***', citizenPhone: '139****6813' });
  });

  it('is nowhere in what users without the right get from any GET route, report or audit export', async () => {
    const found: string[] = [];
    before = new Map();
    for (const who of BLIND) {
      const bodies = await everyGet(who);
      for (const [where, body] of bodies) before.set(`${where} as ${who}`, body);
      found.push(...leaks(new Map([...bodies].map(([where, body]) => [`${where} as ${who}`, body]))));
    }
    expect(found).toEqual([]);
    const getRoutes = registeredRoutes(hotline.app).filter((route) => route.method === 'GET' && !route.url.startsWith('/assets/') && !route.url.startsWith('/docs/static'));
    expect(before.size).toBe(BLIND.length * (getRoutes.length + 5));
    // No search is an oracle either: by phone, name or address the case is not found by them.
    for (const who of BLIND) {
      for (const query of [`phone=${PHONE}`, `q=${encodeURIComponent(NAME)}`, `q=${encodeURIComponent(ADDRESS)}`]) {
        expect((await request(who, 'GET', `/api/cases?${query}`)).body, `${who} ${query}`).not.toContain(caseNumber);
      }
    }
    // The call-back booked for the case: its number in full for the registrar, masked for another operator.
    expect(hits((await request('registrar', 'GET', '/api/callbacks')).body)).toEqual(['phone']);
    expect(before.get('GET /api/callbacks as otherOperator')).toContain('139****6813');
  });

  it('is in none of their socket frames, nor in any log line', () => {
    const blindFrames = new Map([...frames].filter(([key]) => !key.endsWith('registrar') && !key.endsWith('supervisor')).map(([key, list]) => [key, list.join('\n')]));
    expect(leaks(blindFrames)).toEqual([]);
    expect(leaks(new Map(logs.map((line, index) => [`log line ${index + 1}`, line])))).toEqual([]);
    // The searches by phone (in the sweep, and as an oracle) were logged, their query's value left out.
    expect(logs.filter((line) => line.includes('"url":"/api/cases?phone=…"')).length).toBe(2 * BLIND.length);
  });

  it('calling again: the pop on another operator’s desk shows the number calling and nothing of the case', async () => {
    const desk = sockets[1]!;
    const [wallSupervisor, wallAdmin] = [sockets[3]!, sockets[4]!];
    const fixture = readFileSync(new URL('../fixtures/ami/queue-call-answered.jsonl', import.meta.url), 'utf8').replaceAll(FIXTURE_CALLER, PHONE);
    const messages = fixture.trim().split('\n').map((line) => JSON.parse(line) as AmiMessage);
    const ringing = messages.findIndex((message) => message.event === 'AgentCalled') + 1;
    const pop = received(desk, 'screen-pop');
    const fullOnWall = received(wallSupervisor, 'caller:update', (payload) => payload.includes(PHONE));
    const maskedOnWall = received(wallAdmin, 'caller:update', (payload) => payload.includes('139****6813'));
    const ami = hotline.ami as unknown as EventEmitter;
    for (const message of messages.slice(0, ringing)) ami.emit('event', message);
    const popped = JSON.parse(await pop)[0];
    await Promise.all([fullOnWall, maskedOnWall]);
    for (const message of messages.slice(ringing)) ami.emit('event', message);

    // The number calling is the live call's caller ID; the confidential case is not in its history.
    expect(popped.caller).toBe(PHONE);
    expect(popped.history.map((entry: { number: string }) => entry.number)).not.toContain(caseNumber);
    expect(hits(JSON.stringify({ ...popped, caller: undefined }))).toEqual([]);
    const blindFrames = new Map([...frames].filter(([key]) => !key.endsWith('registrar') && !key.endsWith('supervisor')).map(([key, list]) => [key, list.join('\n')]));
    // Phone aside on the caller's own desk (the pop above), name and address are in no frame of theirs.
    expect(leaks(blindFrames, { phone: false })).toEqual([]);
    expect(hits(frames.get('/wall as admin')!.join('\n'))).toEqual([]);
    expect(hits(frames.get('/wall as supervisor')!.join('\n'))).toContain('phone');
  });

  it('after the call, name and address are in no answer a user without the right gets, and nothing of the informant in the log', async () => {
    const found: string[] = [];
    for (const who of BLIND) {
      for (const [where, body] of await everyGet(who)) found.push(...hits(body, { phone: false }).map((what) => `${what} in ${where} as ${who}`));
    }
    expect(found).toEqual([]);
    // Nor the phone in the log: the number calling is not logged either.
    expect(leaks(new Map(logs.map((line, index) => [`log line ${index + 1}`, line])))).toEqual([]);
    console.info(`masking: ${before.size} answers before the call and as many after, ${frames.size} sockets' frames, ${logs.length} log lines searched`);
  });
});
