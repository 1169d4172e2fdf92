// /wall over real Socket.IO clients: who may connect, what they see masked, and how a burst is coalesced.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { Coalescer } from '../../src/realtime/coalescer.ts';
import type { QueueEvent } from '../../src/queues/queue-events.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';
import { wallClient } from '../helpers/wall-client.ts';

let db: Db;
let hotline: Hotline;
let baseUrl: string;

beforeEach(async () => {
  db = freshDatabase();
  for (const [username, role] of [['sup', 'supervisor'], ['admin', 'admin'], ['op', 'operator']] as const) await addUser(db, { username, role });
  hotline = await createHotline(testConfig(), createLogger('silent'), { db });
  baseUrl = `http://127.0.0.1:${await hotline.start()}`;
});
afterEach(async () => {
  await hotline.stop();
});

const token = async (username: string) =>
  (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
const join = (uniqueid: string, caller: string, position: number): QueueEvent => ({ type: 'caller-joined', uniqueid, linkedid: uniqueid, caller, queue: 'hotline-zh', position, lang: 'zh' });

describe('the /wall namespace', () => {
  it('refuses operators and anonymous sockets', async () => {
    await expect(wallClient(baseUrl, await token('op'))).rejects.toThrow(/forbidden: the wallboard is not for the role operator/);
    await expect(wallClient(baseUrl, 'no-such-session')).rejects.toThrow(/unauthorized/);
  });

  it('shows supervisors citizens’ numbers and admins masked ones', async () => {
    const supervisor = await wallClient(baseUrl, await token('sup'));
    const admin = await wallClient(baseUrl, await token('admin'));
    hotline.wall.applied(join('1.1', '13800138000', 1), Date.now());
    await supervisor.until('the caller', () => supervisor.waiting('hotline-zh').length === 1);
    await admin.until('the caller', () => admin.waiting('hotline-zh').length === 1);
    expect(supervisor.waiting('hotline-zh')[0]!.caller).toBe('13800138000');
    expect(admin.waiting('hotline-zh')[0]!.caller).toBe('138****8000');
    expect([supervisor.state.masked, admin.state.masked]).toEqual([false, true]);
    supervisor.close();
    admin.close();
  });

  it('sends a burst as at most one update per item per 250 ms, ending with the item as it is', async () => {
    const wall = await wallClient(baseUrl, await token('sup'));
    const at = Date.now();
    for (let i = 1; i <= 40; i++) hotline.wall.applied(join(`2.${i}`, `1380013${String(i).padStart(4, '0')}`, i), at + i);
    await wall.until('40 callers', () => wall.waiting('hotline-zh').length === 40);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const queueUpdates = wall.state.log.filter((entry) => entry.event === 'queue:update');
    const kpiUpdates = wall.state.log.filter((entry) => entry.event === 'kpi:update');
    // one at once, one for the rest of the burst 250 ms later
    expect(queueUpdates.length).toBeLessThanOrEqual(2);
    expect(kpiUpdates.length).toBeLessThanOrEqual(2);
    expect(wall.state.queues.get('hotline-zh')!.waiting).toBe(40);
    for (let i = 1; i < queueUpdates.length; i++) expect(queueUpdates[i]!.at - queueUpdates[i - 1]!.at).toBeGreaterThanOrEqual(240);
    wall.close();
  });

  it('sends a wallboard that asks for frames the same updates, those due at one moment as one message, masked for admins', async () => {
    const [supervisor, admin] = [await wallClient(baseUrl, await token('sup'), { frames: true }), await wallClient(baseUrl, await token('admin'), { frames: true })];
    const legacy = await wallClient(baseUrl, await token('sup'));
    const frames: string[][] = [];
    supervisor.socket.on('updates', (frame) => frames.push(frame.map(({ event, data }) => `${event} ${'uniqueid' in data ? data.uniqueid : 'queue' in data ? data.queue : ''}`)));
    const at = Date.now();
    // four moments, 60 ms apart, of ten callers each
    for (let i = 1; i <= 40; i++) {
      hotline.wall.applied(join(`4.${i}`, `1380013${String(i).padStart(4, '0')}`, i), at + i);
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 60));
    }
    for (const wall of [supervisor, admin, legacy]) await wall.until('40 callers', () => wall.waiting('hotline-zh').length === 40);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // the same updates as the wallboard taking them one by one, in a few messages
    const updates = (wall: typeof supervisor) => wall.state.log.filter((entry) => entry.event !== 'snapshot').map((entry) => entry.event);
    expect(updates(supervisor).sort()).toEqual(updates(legacy).sort());
    expect(supervisor.state.frames).toBe(frames.length);
    expect(frames.length).toBeLessThanOrEqual(8);
    expect(frames[0]).toEqual(expect.arrayContaining(['caller:update 4.1', 'caller:update 4.10', 'queue:update hotline-zh', 'kpi:update ']));
    for (const frame of frames) expect(new Set(frame).size).toBe(frame.length);
    expect(legacy.state.frames).toBe(0);
    // still at most one update per item per 250 ms, inside frames
    const queueUpdates = supervisor.state.log.filter((entry) => entry.event === 'queue:update');
    for (let i = 1; i < queueUpdates.length; i++) expect(queueUpdates[i]!.at - queueUpdates[i - 1]!.at).toBeGreaterThanOrEqual(240);
    expect(supervisor.state.queues.get('hotline-zh')!.waiting).toBe(40);
    expect(supervisor.waiting('hotline-zh')[39]!.caller).toBe('13800130040');
    expect(admin.waiting('hotline-zh')[39]!.caller).toBe('138****0040');
    // a caller leaving the queues travels in a frame too
    hotline.wall.applied({ type: 'caller-abandoned', uniqueid: '4.1', linkedid: '4.1', caller: '13800130001', queue: 'hotline-zh', position: 1, holdSeconds: 3 }, Date.now());
    await supervisor.until('the caller gone', () => !supervisor.state.callers.has('4.1'));
    expect(frames.at(-1)).toContain('caller:update 4.1');
    for (const wall of [supervisor, admin, legacy]) wall.close();
  });

  it('builds a view once for every kind of wallboard, a caller’s once for the full and once for the masked', async () => {
    const walls = [
      await wallClient(baseUrl, await token('sup')),
      await wallClient(baseUrl, await token('admin')),
      await wallClient(baseUrl, await token('sup'), { frames: true }),
      await wallClient(baseUrl, await token('admin'), { frames: true }),
    ];
    const builds: string[] = [];
    const service = hotline.wall;
    const [kpiView, callerView] = [service.kpiView.bind(service), service.callerView.bind(service)];
    Object.assign(service, {
      kpiView: () => (builds.push('kpi'), kpiView()),
      callerView: (uniqueid: string, masked: boolean) => (builds.push(`caller ${masked ? 'masked' : 'full'}`), callerView(uniqueid, masked)),
    });
    hotline.wall.applied(join('5.1', '13800138005', 1), Date.now());
    for (const wall of walls) await wall.until('the KPIs', () => wall.state.log.some((entry) => entry.event === 'kpi:update'));
    expect(builds.sort()).toEqual(['caller full', 'caller masked', 'kpi']);
    expect(walls.map((wall) => wall.waiting('hotline-zh')[0]!.caller)).toEqual(['13800138005', '138****8005', '13800138005', '138****8005']);
    for (const wall of walls) wall.close();
  });

  it('pushes the items due at one moment one per turn of the event loop, reading what came in between', async () => {
    const wall = await wallClient(baseUrl, await token('sup'));
    const order: string[] = [];
    const service = hotline.wall;
    const [queueView, callerView, kpiView] = [service.queueView.bind(service), service.callerView.bind(service), service.kpiView.bind(service)];
    // what arrives while the first push is built (an AMI event on the socket) stands for "came in meanwhile"
    const built = (name: string) => {
      order.push(name);
      if (order.length === 1) setImmediate(() => order.push('read in between'));
    };
    Object.assign(service, {
      queueView: (queue: string) => (built(`queue ${queue}`), queueView(queue)),
      callerView: (uniqueid: string, masked: boolean) => (built('caller'), callerView(uniqueid, masked)),
      kpiView: () => (built('kpi'), kpiView()),
    });
    const at = Date.now();
    hotline.wall.applied(join('3.1', '13800138001', 1), at); // one moment: its queue, its caller and the KPIs fall due
    await wall.until('the caller', () => wall.waiting('hotline-zh').length === 1);
    await wall.until('the KPIs', () => wall.state.log.some((entry) => entry.event === 'kpi:update'));
    expect(order.length).toBeGreaterThanOrEqual(4);
    expect(order[1]).toBe('read in between'); // not after the whole burst
    wall.close();
  });
});

describe('the coalescer', () => {
  it('sends the first change after a short gathering time and the rest of a window together, per item', async () => {
    const sent: string[] = [];
    let clock = 0;
    const coalescer = new Coalescer(250, (key) => sent.push(`${key}@${clock}`), () => clock, 5);
    coalescer.changed('a');
    coalescer.changed('b');
    coalescer.changed('a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual(['a@0', 'b@0']);
    clock = 100;
    coalescer.changed('a');
    coalescer.changed('a');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toEqual(['a@0', 'b@0', 'a@100']);
    coalescer.stop();
  });
});
