import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { testConfig } from '../helpers/test-config.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

// Asterisk deliberately unreachable (port 9 = discard): the server must still answer, and say why it is not ready.
const config = testConfig();

let db: Db;
let hotline: Hotline;

beforeEach(async () => {
  db = freshDatabase();
  await addUser(db, { username: 'op1001', password: 'correct-horse', role: 'operator', extension: '1001', languages: 'zh,en' });
  await addUser(db, { username: 'handler1', password: 'correct-horse', role: 'handler' });
  await addUser(db, { username: 'noext', password: 'correct-horse', role: 'operator' });
  hotline = await createHotline(config, createLogger('silent'), { db });
  hotline.ami.start();
  hotline.ari.start();
});

afterEach(async () => {
  await hotline.stop();
});

const login = async (username: string, password = 'correct-horse') =>
  hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const tokenOf = async (username: string) => (await login(username)).json().token as string;

describe('HTTP API', () => {
  it('logs in with a token and an HttpOnly session cookie', async () => {
    const response = await login('op1001');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ token: expect.any(String), user: { username: 'op1001', role: 'operator', extension: '1001', languages: ['zh', 'en'] } });
    expect(response.headers['set-cookie']).toMatch(/^hotline_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(response.json().user).not.toHaveProperty('passwordHash');
    const me = await hotline.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: String(response.headers['set-cookie']).split(';')[0] } });
    expect(me.json().user.username).toBe('op1001');
  });

  it('refuses a wrong password or unknown user alike with 401', async () => {
    expect((await login('op1001', 'wrong-horse')).statusCode).toBe(401);
    expect((await login('nobody', 'correct-horse')).json().message).toBe('wrong user name or password');
  });

  it.each([
    [{}, /username: required/],
    [{ username: 'op1001' }, /password: required/],
    [{ username: 42, password: 'x' }, /username: must be text/],
    [{ username: '', password: 'x' }, /username: must not be empty/],
    [{ username: 'a'.repeat(65), password: 'x' }, /username: at most 64 characters/],
    [{ username: 'op1001', password: 'x', admin: true }, /body\/admin: not a field here/],
  ])('rejects a bad login body %j with 400 naming the field', async (payload, message) => {
    const response = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(message);
  });

  it('requires a session for the agent routes, and the operator role', async () => {
    expect((await hotline.app.inject({ method: 'POST', url: '/api/agent/state', payload: { state: 'available' } })).statusCode).toBe(401);
    const bogus = await hotline.app.inject({ method: 'GET', url: '/api/agent/state', headers: { authorization: 'Bearer not-a-token' } });
    expect(bogus.statusCode).toBe(401);
    const handler = await hotline.app.inject({
      method: 'POST',
      url: '/api/agent/state',
      headers: { authorization: `Bearer ${await tokenOf('handler1')}` },
      payload: { state: 'available' },
    });
    expect(handler.statusCode).toBe(403);
  });

  it('validates agent state changes and refuses them without an extension or a PBX', async () => {
    const headers = { authorization: `Bearer ${await tokenOf('op1001')}` };
    const bad = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload: { state: 'asleep' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/state: one of /);
    const injected = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload: { state: 'paused', reason: 'x\r\nAction: Originate' } });
    expect(injected.statusCode).toBe(400);
    const noPbx = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload: { state: 'available' } });
    expect(noPbx.statusCode).toBe(503);
    const noExtension = await hotline.app.inject({
      method: 'POST',
      url: '/api/agent/state',
      headers: { authorization: `Bearer ${await tokenOf('noext')}` },
      payload: { state: 'available' },
    });
    expect(noExtension.statusCode).toBe(409);
    expect(db.$client.prepare(`select desired_agent_state as s from users where username = 'op1001'`).get()).toEqual({ s: 'offline' });
  });

  it('takes a pause reason from the line’s list, or none, and refuses an unknown one', async () => {
    const headers = { authorization: `Bearer ${await tokenOf('op1001')}` };
    const reasons = await hotline.app.inject({ method: 'GET', url: '/api/pause-reasons', headers });
    expect(reasons.json().reasons).toContainEqual({ code: 'lunch', zh: '午餐', en: 'Lunch' });
    const unknown = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload: { state: 'paused', reason: 'nap' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/"nap" is not one of the line's pause reasons \(break, lunch/);
    const notAPause = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload: { state: 'available', reason: 'lunch' } });
    expect(notAPause.statusCode).toBe(400);
    // valid (a listed reason, or none): only the missing PBX stops it
    for (const payload of [{ state: 'paused', reason: 'lunch' }, { state: 'paused' }]) {
      expect((await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers, payload })).statusCode).toBe(503);
    }
  });

  it('refuses call-backs to numbers that cannot be dialled, and wrap-up actions out of wrap-up, storing nothing', async () => {
    const headers = { authorization: `Bearer ${await tokenOf('op1001')}` };
    for (const number of ['12345', '110', '+1 212 555 0100', '0101234']) {
      const bad = await hotline.app.inject({ method: 'POST', url: '/api/callbacks', headers, payload: { number, lang: 'zh' } });
      expect(bad.statusCode, number).toBe(400);
    }
    expect(db.$client.prepare('select count(*) as n from callback_requests').get()).toEqual({ n: 0 });
    expect((await hotline.app.inject({ method: 'DELETE', url: '/api/callbacks/77', headers })).statusCode).toBe(404);
    expect((await hotline.app.inject({ method: 'POST', url: '/api/abandoned/77/callback', headers })).statusCode).toBe(404);
    const ready = await hotline.app.inject({ method: 'POST', url: '/api/agent/ready', headers });
    expect(ready.statusCode).toBe(409);
    expect(ready.json().message).toBe('you are not in wrap-up');
    // recordings: an operator lists only the calls they took; no such recording is 404, a path is not an id
    expect((await hotline.app.inject({ method: 'GET', url: '/api/recordings', headers })).json()).toEqual({ recordings: [] });
    expect((await hotline.app.inject({ method: 'GET', url: '/api/recordings/5/audio', headers })).statusCode).toBe(404);
    expect((await hotline.app.inject({ method: 'GET', url: '/api/recordings/..%2Fhotline.db/audio', headers })).statusCode).toBe(400);
    // line settings are for admins (and supervisors to read)
    expect((await hotline.app.inject({ method: 'GET', url: '/api/admin/line-settings', headers })).statusCode).toBe(403);
  });

  it('ends a session on logout', async () => {
    const token = await tokenOf('op1001');
    const headers = { authorization: `Bearer ${token}` };
    expect((await hotline.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await hotline.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });

  it('is alive but not ready without Asterisk, naming ami and ari', async () => {
    expect((await hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await hotline.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unready', database: 'ok', down: { ami: expect.stringMatching(/^disconnected: /), ari: expect.stringMatching(/^disconnected: cannot reach ARI/) } });
  });

  it('serves Prometheus metrics, with Node’s process metrics', async () => {
    const metrics = await hotline.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^hotline_pbx_connected\{link="ami"\} 0$/m);
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(metrics.body).toMatch(/^hotline_callers_waiting\{queue="hotline-zh"\} 0$/m);
  });

  it('serves the web app on its pages, the page never cached and its hashed assets for a year', async () => {
    for (const url of ['/', '/login', '/desk', '/wall']) {
      const page = await hotline.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<div id="app">');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const script = (await hotline.app.inject({ method: 'GET', url: '/' })).body.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const asset = await hotline.app.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers unknown routes with a 404 message', async () => {
    const response = await hotline.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('no route GET /api/nothing');
  });
});
