// Hostile Socket.IO clients against a real in-process server: malformed handshakes, broken engine.io
// requests, unknown events and the server's own event names sent back with wrong arguments, a flood of
// thousands of events, payloads over the buffer limit. Each is refused or ignored: nothing in the database
// changes, the server neither crashes nor rejects a promise unhandled, other clients keep getting their
// events, and /healthz answers.
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { SOCKET_MAX_BUFFER_BYTES } from '../../src/realtime/socket-sessions.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';
import { send } from './hostile-input/send.ts';

let db: Db;
let hotline: Hotline;
let port: number;
let baseUrl: string;
const tokens: Record<string, string> = {};
const sockets: Socket[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Every row of every table: what a refused or ignored socket must leave alone. */
const dump = () =>
  JSON.stringify(
    (db.$client.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[]).map(({ name }) => [
      name,
      db.$client.prepare(`select * from "${name}"`).all(),
    ]),
  );

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  db = freshDatabase();
  await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  await addUser(db, { username: 'op1002', role: 'operator', extension: '1002' });
  await addUser(db, { username: 'sup1', role: 'supervisor' });
  hotline = await createHotline(testConfig({ HOTLINE_API_PER_MINUTE: '1000000' }), createLogger('silent'), { db });
  await hotline.app.listen({ host: '127.0.0.1', port: 0 });
  port = (hotline.app.server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  for (const username of ['op1001', 'op1002', 'sup1']) {
    const login = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } });
    tokens[username] = login.json().token;
  }
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await hotline?.stop();
});

function connect(namespace: string, options: Parameters<typeof io>[1] = {}): Socket {
  const socket = io(`${baseUrl}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  sockets.push(socket);
  return socket;
}

/** Resolves with how the socket ended up: connected, refused (with the server's reason), or closed. */
function outcome(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
    socket.once('disconnect', (reason) => resolve(`closed: ${reason}`));
  });
}

async function connected(namespace: string, token: string): Promise<Socket> {
  const socket = connect(namespace, { auth: { token } });
  expect(await outcome(socket)).toBe('connected');
  return socket;
}

/** The server is well: it answers /healthz, and a wall client gets a KPI update it pushes. */
async function serverIsWell(wall: Socket) {
  expect((await send(port, 'GET', '/healthz', {})).status).toBe(200);
  const update = new Promise((resolve) => wall.once('kpi:update', resolve));
  hotline.wall.kpisChanged();
  expect(await update).toBeTypeOf('object');
}

describe('hostile Socket.IO clients', () => {
  it('refuses malformed handshakes and leaves nothing behind', async () => {
    const before = dump();
    const wall = await connected('/wall', tokens.sup1!);
    const attempts: [string, Parameters<typeof io>[1]][] = [
      ['a number as the token', { auth: { token: 1001 } }],
      ['an object as the token', { auth: { token: { $ne: '' } } }],
      ['a list as the token', { auth: { token: [tokens.op1001] } }],
      ['null as the token', { auth: { token: null } }],
      ['a path as the token', { auth: { token: '../../etc/passwd' } }],
      ['a NUL token', { auth: { token: '\u0000' } }],
      ['a 50,000-character token', { auth: { token: 'A'.repeat(50_000) } }],
      ['auth as a string', { auth: 'token' as unknown as Record<string, string> }],
      ['garbage in the query', { query: { token: tokens.op1001!, EIO: 'x', '__proto__': 'x', sid: '../../' } }],
      ['a cookie that is not valid percent-encoding', { extraHeaders: { cookie: 'hotline_session=%E0%A4%A' } }],
      ['a forged Bearer header', { extraHeaders: { authorization: 'Bearer ../../etc/passwd' } }],
    ];
    for (const [what, options] of attempts) {
      const result = await outcome(connect('/desk', options));
      // Refused by the session check, with its reason; a broken engine.io version or a CONNECT packet whose
      // auth is not an object never gets that far (the connection is dropped).
      const expected = ({ 'garbage in the query': 'refused: websocket error', 'auth as a string': 'closed: transport close' } as Record<string, string>)[what];
      expect(result, what).toBe(expected ?? 'refused: unauthorized: log in first');
    }
    // An auth payload over the server's buffer limit: the connection is dropped before any check.
    expect(await outcome(connect('/desk', { auth: { token: 'A'.repeat(SOCKET_MAX_BUFFER_BYTES + 1) } }))).toMatch(/^(refused|closed)/);
    // An unknown namespace.
    expect(await outcome(connect('/admin', { auth: { token: tokens.sup1! } }))).toMatch(/^refused: Invalid namespace/);

    // Engine.io requests by hand: unknown versions and transports, a session id nobody has, broken packets.
    const engine = async (method: string, path: string, body?: string) => (await send(port, method, `/socket.io/${path}`, body ? { 'content-type': 'text/plain' } : {}, body)).status;
    expect(await engine('GET', '?EIO=3&transport=polling')).toBe(400);
    expect(await engine('GET', '?EIO=4&transport=carrier-pigeon')).toBe(400);
    expect(await engine('GET', '?EIO=4&transport=polling&sid=..%2F..%2Fetc%2Fpasswd')).toBe(400);
    expect(await engine('POST', '?EIO=4&transport=polling&sid=nobody', '40/desk,')).toBe(400);
    const open = await send(port, 'GET', '/socket.io/?EIO=4&transport=polling', {});
    const sid = JSON.parse(open.body.slice(1)).sid as string;
    for (const packet of ['42["x"', '40/desk,{"token":{"$ne":""}}', '4\u0000', 'garbage', '40/desk,' + '{'.repeat(10_000)]) {
      expect([200, 400], packet.slice(0, 20)).toContain(await engine('POST', `?EIO=4&transport=polling&sid=${sid}`, packet));
    }

    expect(hotline.io.of('/desk').sockets.size).toBe(0);
    await serverIsWell(wall);
    expect(dump()).toBe(before);
    expect(unhandled).toEqual([]);
  }, 30_000);

  it('ignores unknown events, its own event names sent back with wrong arguments, and a flood; other clients still get theirs', async () => {
    const before = dump();
    const wall = await connected('/wall', tokens.sup1!);
    const bystander = await connected('/desk', tokens.op1002!);
    const spoofed: unknown[] = [];
    for (const event of ['agent-state', 'screen-pop', 'call-state', 'wrap-up', 'pbx-status', 'call-control', 'message:transcribed', 'session-ended', 'drop-tables']) {
      bystander.on(event, (payload: unknown) => (event === 'pbx-status' || event === 'call-control' ? undefined : spoofed.push([event, payload])));
    }
    const hostile = await connected('/desk', tokens.op1001!);
    // The server's own events, and unknown ones, with every wrong kind of argument, with and without an ack.
    const names = ['agent-state', 'screen-pop', 'call-state', 'wrap-up', 'pbx-status', 'call-control', 'message:transcribed', 'session-ended', 'snapshot', 'kpi:update', 'drop-tables', '__proto__', 'constructor', 'connect', '\u202Eevil', 'x'.repeat(1_000)];
    const argumentsOf: unknown[][] = [[], [null], [42], ['text'], [{ userId: 2, state: 'available' }], [[1, 2, 3]], [{ __proto__: { admin: true } }], [Buffer.from('binary')], [1e308, -0, Number.NaN]];
    for (const name of names) {
      for (const args of argumentsOf) {
        // "connect" and friends are reserved: the client refuses to send them, which is fine too.
        try {
          hostile.emit(name, ...args);
        } catch {
          /* reserved */
        }
      }
    }
    let acked = false;
    hostile.emit('agent-state', { state: 'available' }, () => (acked = true));
    // A flood: 5,000 events as fast as the client can send them.
    for (let i = 0; i < 5_000; i += 1) hostile.emit('agent-state', { state: 'available', i });

    // A barrier: a namespace connect on the same connection is handled after every packet before it.
    const barrier = hostile.io.socket('/wall', { auth: { token: tokens.op1001! } });
    expect(await outcome(barrier)).toMatch(/^refused: forbidden/);
    expect(hostile.connected).toBe(true);
    expect(acked).toBe(false);
    expect(spoofed).toEqual([]);
    await serverIsWell(wall);
    const fresh = connect('/desk', { auth: { token: tokens.op1002! } });
    const status = new Promise((resolve) => fresh.once('pbx-status', resolve));
    expect(await outcome(fresh)).toBe('connected');
    expect(await status).toMatchObject({ ami: expect.any(Object) });
    expect(dump()).toBe(before);
    expect(unhandled).toEqual([]);
  }, 30_000);

  it('closes a client that sends a payload over the buffer limit, and no one else', async () => {
    const wall = await connected('/wall', tokens.sup1!);
    const bystander = await connected('/desk', tokens.op1002!);
    const hostile = await connected('/desk', tokens.op1001!);
    const closed = new Promise((resolve) => hostile.once('disconnect', resolve));
    hostile.emit('screen-pop', 'x'.repeat(SOCKET_MAX_BUFFER_BYTES + 1));
    expect(await closed).toBe('transport close');
    // The same as binary (an attachment of its own) on a second connection.
    const binary = await connected('/desk', tokens.op1001!);
    const binaryClosed = new Promise((resolve) => binary.once('disconnect', resolve));
    binary.emit('screen-pop', { audio: Buffer.alloc(SOCKET_MAX_BUFFER_BYTES + 1) });
    expect(await binaryClosed).toBe('transport close');
    expect(bystander.connected).toBe(true);
    await serverIsWell(wall);
    expect(hotline.io.of('/desk').sockets.size).toBe(1);
    expect(unhandled).toEqual([]);
  }, 30_000);
});
