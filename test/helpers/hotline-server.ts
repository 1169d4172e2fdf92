// Runs the real server in-process against the test sandbox, with a fresh SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import type { ScreenPop } from '../../src/desk/screen-pop.ts';
import { defaultLineSettings, type LineSettings } from '../../src/queues/line-settings.ts';
import type { WrapUpState } from '../../src/queues/wrap-up.ts';
import { addUser } from './test-db.ts';
import { TEST_PASSWORD_COST_LOG2 } from './test-config.ts';
import { amiUrl, ariUrl, TEST_PBX } from './sandbox.ts';

/**
 * The line settings tests start with: the shipped defaults, without wrap-up (the wrap-up test sets its own) so
 * that an operator takes one test call after another at once.
 */
export function testLineSettings(changes: (settings: LineSettings) => void = () => {}, maxWaitSeconds = 300): LineSettings {
  const settings = defaultLineSettings(maxWaitSeconds);
  for (const queue of Object.values(settings.queues)) queue.wrapUpSeconds = 0;
  changes(settings);
  return settings;
}

/** `log`: where the server logs (a test that reads the log passes its own); by default stdout at LOG_LEVEL or warn. */
export async function startHotline(secrets: { ami?: string; ari?: string } = {}, env: Record<string, string> = {}, line: LineSettings = testLineSettings(), log?: Logger) {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'hotline-it-'));
  const config = loadConfig({
    // Tests must reach the menu whenever CI runs; the after-hours test sets "never".
    HOTLINE_OPENING_HOURS: 'always',
    HOTLINE_DATA_DIR: dataDirectory,
    HOTLINE_PORT: '0',
    HOTLINE_DB: join(dataDirectory, 'hotline.db'),
    ARI_APP: TEST_PBX.ariApp,
    AMI_URL: amiUrl(secrets.ami),
    ARI_URL: ariUrl(secrets.ari),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    HOTLINE_PASSWORD_COST: String(TEST_PASSWORD_COST_LOG2),
    HOTLINE_LOGIN_PER_MINUTE: '1000000',
    HOTLINE_API_PER_MINUTE: '1000000',
    ...env,
  });
  const db = openDatabase(config.databaseFile);
  const hotline = await createHotline(config, log ?? createLogger(config.logLevel), { db });
  hotline.settings.setLineSettings({ ...line, queues: Object.fromEntries(Object.entries(line.queues).map(([queue, behaviour]) => [queue, { ...behaviour, maxWaitSeconds: config.queueMaxWaitSeconds }])) });
  const port = await hotline.start();
  return { hotline, db, port, dataDirectory, config, baseUrl: `http://127.0.0.1:${port}` };
}

/** Stops the server and starts a new one on the same database and configuration (a restart). */
export async function restartHotline(server: Awaited<ReturnType<typeof startHotline>>, options: { stopped?: boolean } = {}) {
  if (!options.stopped) await server.hotline.stop();
  server.hotline = await createHotline(server.config, createLogger(server.config.logLevel), { db: server.db });
  server.port = await server.hotline.start();
  server.baseUrl = `http://127.0.0.1:${server.port}`;
  return server;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function readiness(hotline: Hotline) {
  const response = await hotline.app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, body: response.json() as { down: Record<string, string> } };
}

export const waitUntilReady = (hotline: Hotline, timeoutMs = 60_000) =>
  waitFor('/readyz 200', async () => ((await readiness(hotline)).status === 200 ? true : undefined), timeoutMs);

export async function operatorDesk(hotline: Hotline, db: Hotline['db'], baseUrl: string, extension: number, languages = 'zh,en') {
  const username = `op${extension}`;
  if (!db.$client.prepare('select 1 from users where username = ?').get(username)) {
    await addUser(db, { username, password: 'correct-horse', role: 'operator', extension: String(extension), languages });
  }
  const login = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } });
  const token = login.json().token as string;
  const socket: Socket = io(`${baseUrl}/desk`, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const pops: { pop: ScreenPop; receivedAt: number }[] = [];
  socket.on('screen-pop', (pop: ScreenPop) => pops.push({ pop, receivedAt: performance.timeOrigin + performance.now() }));
  const setState = (state: 'available' | 'paused' | 'offline', reason = 'break') =>
    hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers: { authorization: `Bearer ${token}` }, payload: state === 'paused' ? { state, reason } : { state } });
  const wrapUps: (WrapUpState | null)[] = [];
  socket.on('wrap-up', (state: WrapUpState | null) => wrapUps.push(state));
  /** The first pop for `caller` among those that arrive from index `from` on (pass pops.length before dialling). */
  const popFor = (caller: string, from = 0, timeoutMs = 70_000) =>
    waitFor(`a screen pop for ${caller}`, () => pops.slice(from).find((entry) => entry.pop.caller === caller), timeoutMs, 50);
  return { token, socket, pops, wrapUps, setState, popFor };
}
