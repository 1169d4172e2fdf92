// The authorisation matrix: every route Fastify registered and every Socket.IO namespace, called as every
// kind of caller (anonymous, an expired session, a disabled user's session, operator, supervisor, handler of
// the case's department and of another, admin, exchange client), answered as auth-matrix/route-table.ts
// declares. A route or namespace the table does not classify fails, so nothing new ships unclassified.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { Namespace } from 'socket.io';
import { registeredRoutes } from '../../src/http/app.ts';
import { WEB_ROOT } from '../../src/http/routes/web-app-routes.ts';
import { CallControlRepository } from '../../src/db/call-control-repository.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { RecordingRepository } from '../../src/db/recording-repository.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { QUALITY_BUREAU, CIQ_BUREAU } from '../helpers/case-api.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';
import { fillParams } from './auth-matrix/fill-params.ts';
import { CALLER_KINDS, NAMESPACE_TABLE, ROUTE_TABLE, STATIC_FILES, type CallerKind, type RouteRow, type SignedIn } from './auth-matrix/route-table.ts';

const WEB_BUILT = existsSync(join(WEB_ROOT, 'index.html'));
const NO_SESSION: ReadonlySet<CallerKind> = new Set(['anonymous', 'expired', 'disabled']);

let hotline: Hotline;
let baseUrl: string;
const userIds = {} as Record<Exclude<CallerKind, 'anonymous'>, number>;
/** Sessions that exist but must not work: one expired, one of a user disabled since. */
const deadTokens = {} as Record<'expired' | 'disabled', string>;
const ids = { caseNumber: '', callbackId: 0, callId: 0, recordingId: 0, dialOutId: 0 };

beforeAll(async () => {
  const db = freshDatabase();
  const accounts: Record<Exclude<CallerKind, 'anonymous'>, Parameters<typeof addUser>[1]> = {
    operator: { username: 'op1001', role: 'operator', extension: '1001' },
    supervisor: { username: 'sup1', role: 'supervisor', extension: '1010' },
    handlerOwn: { username: 'handler1', role: 'handler' },
    handlerOther: { username: 'handler2', role: 'handler' },
    admin: { username: 'admin1', role: 'admin' },
    exchange: { username: 'exchange1', role: 'exchange' },
    expired: { username: 'op1002', role: 'operator', extension: '1002' },
    disabled: { username: 'op1003', role: 'operator', extension: '1003' },
  };
  for (const [kind, account] of Object.entries(accounts) as [keyof typeof accounts, Parameters<typeof addUser>[1]][]) {
    userIds[kind] = (await addUser(db, account)).id;
  }
  db.$client.prepare('update users set department_id = ? where id = ?').run(QUALITY_BUREAU, userIds.handlerOwn);
  db.$client.prepare('update users set department_id = ? where id = ?').run(CIQ_BUREAU, userIds.handlerOther);
  hotline = await createHotline(testConfig(), createLogger('silent'), { db });
  baseUrl = `http://127.0.0.1:${await hotline.start()}`;

  deadTokens.expired = hotline.users.createSession(userIds.expired, 1).token;
  db.$client.prepare(`update sessions set expires_at = '2000-01-01T00:00:00.000Z' where user_id = ?`).run(userIds.expired);
  deadTokens.disabled = hotline.users.createSession(userIds.disabled, 1).token;
  // Disabled behind the API's back (as a restore or the CLI could): the session row stays, and must not work.
  hotline.users.update(userIds.disabled, { disabled: true });

  // A case of the quality bureau (handler1's department), registered by the operator.
  const actor = (kind: 'operator' | 'supervisor') => ({ id: userIds[kind], role: kind, departmentId: null });
  const created = hotline.caseService.create(
    { channel: 'phone', lang: 'zh', kind: 'complaint', citizenPhone: '13800138000', subject: '矩阵', description: '矩阵测试' },
    actor('operator'),
  );
  const { performAction } = await import('../../src/cases/case-actions.ts');
  performAction(hotline.caseService, created.number, { action: 'register' }, actor('operator'));
  performAction(hotline.caseService, created.number, { action: 'dispatch', departmentId: QUALITY_BUREAU }, actor('supervisor'));
  ids.caseNumber = created.number;
  ids.callbackId = hotline.line.callbacks.book({ number: '13800138001', lang: 'zh', intent: null, source: 'desk' }).request.id;
  ids.callId = new CallRepository(db).ensure({ uniqueid: '1795000000.1', linkedid: '1795000000.1', caller: '13800138002', enteredAt: new Date().toISOString() }).id;
  // A recording and a dial-out of another operator's: whose they are decides who may have them.
  const owner = (await addUser(db, { username: 'op1004', role: 'operator', extension: '1004' })).id;
  const recording = { recordingName: 'matrix', callId: ids.callId, caseId: null, agentUserId: owner, file: 'recordings/matrix.wav', sha256: '0'.repeat(64), bytes: 44, durationMs: 0 };
  ids.recordingId = new RecordingRepository(db).insert(recording).id;
  ids.dialOutId = new CallControlRepository(db).createDialOut({ userId: owner, extension: '1004', number: '13800138003', caseId: null, operatorUniqueid: (id) => `matrix-${id}` }).id;
});

afterAll(async () => {
  await hotline?.stop();
});

/** A fresh session per request (a logout ends only its own), or the dead ones. */
function tokenOf(kind: CallerKind): string | undefined {
  if (kind === 'anonymous') return undefined;
  if (kind === 'expired' || kind === 'disabled') return deadTokens[kind];
  return hotline.users.createSession(userIds[kind], 1).token;
}

function rowOf(method: string, url: string): RouteRow | 'static' | undefined {
  const find = (wanted: string) => ROUTE_TABLE.find((candidate) => candidate.method === wanted && candidate.url === url);
  // A HEAD route is its GET's twin (Fastify adds one per GET), classified with it unless it has a row of its own.
  const asGet = method === 'HEAD' ? 'GET' : method;
  const row = find(method) ?? find(asGet);
  if (row) return row;
  if (asGet === STATIC_FILES.method && url.startsWith(STATIC_FILES.prefix) && existsSync(join(WEB_ROOT, url))) return 'static';
  return undefined;
}

/** What is wrong with an answer, or undefined when it is as declared. */
function wrongAnswer(row: RouteRow | 'static', kind: CallerKind, statusCode: number, body: string): string | undefined {
  if (statusCode >= 500 && statusCode !== 503) return `a ${statusCode}`;
  if (statusCode === 404 && body.includes('"no route ')) return 'no route matched (params not filled?)';
  const allow = row === 'static' ? 'public' : row.allow;
  if (allow === 'public') return statusCode === 401 || statusCode === 403 ? `${statusCode}, expected it public` : undefined;
  if (NO_SESSION.has(kind)) return statusCode === 401 ? undefined : `${statusCode}, expected 401`;
  const signedIn = kind as SignedIn;
  if (allow.includes(signedIn)) {
    const caseRoute = (row as RouteRow).url.startsWith('/api/cases/:number');
    if (statusCode === 401 || statusCode === 403 || (caseRoute && statusCode === 404)) return `${statusCode}, expected to pass authorisation`;
    return undefined;
  }
  const expected = (row as RouteRow).deny?.[signedIn] ?? 403;
  return statusCode === expected ? undefined : `${statusCode}, expected ${expected}`;
}

const hasBody = (method: string) => ['POST', 'PUT', 'PATCH'].includes(method);

describe('the authorisation matrix of the HTTP routes', () => {
  it('has a row for every route Fastify registered, and a route for every row', () => {
    const routes = registeredRoutes(hotline.app);
    const unclassified = routes.filter((route) => !rowOf(route.method, route.url)).map((route) => `${route.method} ${route.url}`);
    expect(unclassified, 'routes missing from test/unit/auth-matrix/route-table.ts').toEqual([]);
    const registered = new Set(routes.map((route) => `${route.method} ${route.url}`));
    const stale = ROUTE_TABLE.filter((row) => (WEB_BUILT || !row.webBuild) && !registered.has(`${row.method} ${row.url}`)).map((row) => `${row.method} ${row.url}`);
    expect(stale, 'rows of routes the server does not register').toEqual([]);
  });

  it('answers every route as every kind of caller as the table says', { timeout: 60_000 }, async () => {
    const routes = registeredRoutes(hotline.app);
    const wrong: string[] = [];
    let checked = 0;
    const started = performance.now();
    for (const route of routes) {
      const row = rowOf(route.method, route.url);
      if (!row) continue;
      for (const kind of CALLER_KINDS) {
        const token = tokenOf(kind);
        const query = row !== 'static' && row.query ? `?${row.query}` : '';
        const response = await hotline.app.inject({
          method: route.method as 'GET',
          url: fillParams(route.url, { ...ids, userId: userIds.operator, departmentId: QUALITY_BUREAU }) + query,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(hasBody(route.method) ? { payload: ((row !== 'static' && row.body) || {}) as object } : {}),
        });
        checked += 1;
        const problem = wrongAnswer(row, kind, response.statusCode, response.body);
        if (problem) wrong.push(`${route.method} ${route.url} as ${kind}: ${problem} (${response.body.slice(0, 120)})`);
      }
    }
    expect(wrong).toEqual([]);
    // Every route, HEAD twins included, times every caller kind.
    expect(checked).toBe(routes.length * CALLER_KINDS.length);
    console.info(`auth matrix (${Math.round(performance.now() - started)} ms): ${routes.length} routes (${routes.filter((r) => r.method !== 'HEAD').length} without HEAD twins) × ${CALLER_KINDS.length} caller kinds = ${checked} requests`);
  });
});

describe('the authorisation matrix of the Socket.IO namespaces', () => {
  const sockets: ClientSocket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  const namespaces = () => (hotline.io as unknown as { _nsps: Map<string, Namespace> })._nsps;

  /** Opens `nsp` as `kind`: the connected socket, or the handshake's refusal. */
  const open = (nsp: string, kind: CallerKind) =>
    new Promise<{ socket: ClientSocket } | { refused: string }>((resolve) => {
      const token = tokenOf(kind);
      const socket = connect(`${baseUrl}${nsp}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.once('connect', () => resolve({ socket }));
      socket.once('connect_error', (error) => resolve({ refused: error.message }));
    });

  it('has a row for every namespace the server registers, and no dynamic namespaces', () => {
    expect([...namespaces().keys()].sort()).toEqual(Object.keys(NAMESPACE_TABLE).sort());
    expect((hotline.io as unknown as { parentNsps: Map<unknown, unknown> }).parentNsps.size).toBe(0);
  });

  it('accepts or refuses every handshake as the table says; an unknown namespace is refused', async () => {
    const wrong: string[] = [];
    for (const [nsp, row] of Object.entries(NAMESPACE_TABLE)) {
      for (const kind of CALLER_KINDS) {
        const result = await open(nsp, kind);
        const allowed = !NO_SESSION.has(kind) && row.allow.includes(kind as SignedIn);
        if (allowed && 'refused' in result) wrong.push(`${nsp} as ${kind}: refused (${result.refused})`);
        if (!allowed && 'socket' in result) wrong.push(`${nsp} as ${kind}: accepted`);
        if (!allowed && 'refused' in result && nsp !== '/' && !result.refused.startsWith(NO_SESSION.has(kind) ? 'unauthorized' : 'forbidden')) {
          wrong.push(`${nsp} as ${kind}: refused for the wrong reason (${result.refused})`);
        }
        if ('socket' in result) result.socket.close();
      }
    }
    expect(wrong).toEqual([]);
    expect(await open('/not-a-namespace', 'supervisor')).toEqual({ refused: 'Invalid namespace' });
  });

  it('handles no client event but those declared, and a sent event changes nothing', async () => {
    const reserved = new Set(['disconnect', 'disconnecting', 'error']);
    const snapshot = () =>
      JSON.stringify(['users', 'sessions', 'settings', 'cases', 'case_events', 'callback_requests', 'audit_events'].map((table) => hotline.db.$client.prepare(`select * from ${table}`).all()));
    for (const [nsp, row] of Object.entries(NAMESPACE_TABLE)) {
      for (const kind of row.allow) {
        const result = await open(nsp, kind);
        if (!('socket' in result)) throw new Error(`${nsp} refused ${kind}: ${result.refused}`);
        const server = hotline.io.of(nsp).sockets.get(result.socket.id!)!;
        const handled = server.eventNames().filter((name) => !reserved.has(String(name)));
        expect(handled, `client events ${nsp} handles`).toEqual(Object.keys(row.clientEvents));
        expect(server.listenersAny(), `catch-all listeners on ${nsp}`).toEqual([]);
        // What a client could try: the server's own event names, joining a room, a made-up one.
        const attempts = ['screen-pop', 'agent-state', 'call-control', 'snapshot', 'caller:update', 'join', 'leave', 'subscribe', 'matrix-made-up'];
        const rooms = [...server.rooms].sort();
        const before = snapshot();
        const arrived = new Promise<void>((resolve) => {
          let count = 0;
          server.onAny(() => (count += 1) === attempts.length && resolve());
        });
        for (const event of attempts) result.socket.emit(event, { room: 'unmasked', userId: userIds.supervisor });
        await arrived;
        expect([...server.rooms].sort()).toEqual(rooms);
        expect(snapshot()).toEqual(before);
        expect(result.socket.connected).toBe(true);
        result.socket.close();
      }
    }
  });
});
