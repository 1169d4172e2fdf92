// A desk socket lives only as long as its session, and only a page of the server's own origin may open one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

let db: Db;
let hotline: Hotline;
let baseUrl: string;
const sockets: Socket[] = [];

beforeEach(async () => {
  db = freshDatabase();
  await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  await addUser(db, { username: 'admin1', role: 'admin' });
  const config = testConfig({
    HOTLINE_SESSION_CHECK_SECONDS: '1',
    HOTLINE_ALLOWED_ORIGINS: 'https://hotline.example.gov.cn',
  });
  hotline = await createHotline(config, createLogger('silent'), { db });
  baseUrl = `http://127.0.0.1:${await hotline.start()}`;
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await hotline.stop();
});

async function login(username: string) {
  const response = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } });
  return response.json().token as string;
}

/** A desk socket; resolves once connected, with the events it receives afterwards. */
async function deskSocket(token: string, headers: Record<string, string> = {}) {
  const socket = io(`${baseUrl}/desk`, { auth: { token }, transports: ['websocket'], extraHeaders: headers, reconnection: false });
  sockets.push(socket);
  const ended: string[] = [];
  socket.on('session-ended', (reason: string) => ended.push(reason));
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, ended, disconnected };
}

describe('desk sockets and sessions', () => {
  it('closes the socket at logout', async () => {
    const token = await login('op1001');
    const desk = await deskSocket(token);
    await hotline.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(await desk.disconnected).toBe('io server disconnect');
    expect(desk.ended).toEqual(['session ended']);
  });

  it('closes every socket of a user an admin disables', async () => {
    const [first, second] = [await deskSocket(await login('op1001')), await deskSocket(await login('op1001'))];
    const id = (db.$client.prepare(`select id from users where username = 'op1001'`).get() as { id: number }).id;
    const patch = await hotline.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { authorization: `Bearer ${await login('admin1')}` }, payload: { disabled: true } });
    expect(patch.statusCode).toBe(200);
    expect(await first.disconnected).toBe('io server disconnect');
    expect(await second.disconnected).toBe('io server disconnect');
  });

  it('closes a socket whose session expired, or was ended by another process, at the next check', async () => {
    const expiring = await deskSocket(await login('op1001'));
    const endedElsewhere = await deskSocket(await login('op1001'));
    const staying = await deskSocket(await login('op1001'));
    const tokens = db.$client.prepare('select token_hash from sessions order by rowid').all() as { token_hash: string }[];
    db.$client.prepare(`update sessions set expires_at = '2000-01-01T00:00:00.000Z' where token_hash = ?`).run(tokens[0]!.token_hash);
    db.$client.prepare('delete from sessions where token_hash = ?').run(tokens[1]!.token_hash);
    expect(await expiring.disconnected).toBe('io server disconnect');
    expect(await endedElsewhere.disconnected).toBe('io server disconnect');
    expect(expiring.ended).toEqual(['session expired or ended']);
    // the check after those: the session still good keeps its socket
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(staying.socket.connected).toBe(true);
    expect(staying.ended).toEqual([]);
  });

  it('refuses a handshake from a foreign origin, and accepts its own and configured ones', async () => {
    const token = await login('op1001');
    await expect(deskSocket(token, { origin: 'https://evil.example.com' })).rejects.toThrow();
    await expect(deskSocket(token, { origin: baseUrl })).resolves.toBeDefined();
    await expect(deskSocket(token, { origin: 'https://hotline.example.gov.cn' })).resolves.toBeDefined();
  });

  it('refuses a handshake without a session, and one of a role the desk is not for', async () => {
    await expect(deskSocket('not-a-token')).rejects.toThrow(/unauthorized/);
    await expect(deskSocket(await login('admin1'))).rejects.toThrow(/forbidden/);
  });

  it('purges expired sessions from the store', async () => {
    await login('op1001');
    await login('op1001');
    db.$client.prepare(`update sessions set expires_at = '2000-01-01T00:00:00.000Z' where rowid = (select min(rowid) from sessions)`).run();
    expect(hotline.users.purgeExpiredSessions()).toBe(1);
    expect(db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 1 });
  });
});
