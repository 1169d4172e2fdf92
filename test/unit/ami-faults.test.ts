// The server process against a scripted AMI peer that never answers, answers with an error, or drops
// the connection mid-list: it must survive, answer clearly, and log why — never an unhandled rejection.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { politeAnswer, startScriptedAmi, type AmiScript } from '../helpers/scripted-ami.ts';
import { freshDataDirectory, hotlineCli, startServerProcess } from '../helpers/server-process.ts';

const TIMEOUT_MS = 600;
// Each test starts the real server process and waits out every timer of the faulty action.
vi.setConfig({ testTimeout: 30_000 });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function serverAgainst(script: AmiScript) {
  const ami = await startScriptedAmi(script);
  const data = freshDataDirectory();
  const env = {
    AMI_URL: ami.url,
    // nothing listens there: ARI stays down, which these tests do not need
    ARI_URL: 'http://hotline:hotline@127.0.0.1:9',
    AMI_ACTION_TIMEOUT_MS: String(TIMEOUT_MS),
    HOTLINE_DB: `${data}/hotline.db`,
    HOTLINE_DATA_DIR: data,
  };
  const added = hotlineCli(['user', 'add', '--username', 'op1001', '--password', 'correct-horse', '--role', 'operator', '--extension', '1001'], env);
  expect(added.code, added.stderr).toBe(0);
  const server = await startServerProcess(env);
  cleanups.push(() => ami.close(), () => server.stop('SIGKILL'));
  return { ami, server };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(baseUrl: string) {
  const response = await fetch(`${baseUrl}/healthz`);
  return response.status;
}

describe('a slow or broken AMI peer', () => {
  it('answers 502 when Asterisk never confirms QueueAdd, and keeps running', async () => {
    const { ami, server } = await serverAgainst((action) => (action.action?.toLowerCase() === 'queueadd' ? 'silence' : politeAnswer(action)));
    await waitForLog(server, /AMI connected/);
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'op1001', password: 'correct-horse' }),
    });
    const { token } = (await login.json()) as { token: string };
    const state = await fetch(`${server.baseUrl}/api/agent/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ state: 'available' }),
    });
    expect(state.status).toBe(502);
    expect(((await state.json()) as { message: string }).message).toMatch(/Asterisk did not confirm|no response within/);
    expect(ami.received('QueueAdd')).toHaveLength(1);
    // every timer of that action has fired by now
    await settle(TIMEOUT_MS * 3);
    expect(server.alive).toBe(true);
    expect(await healthy(server.baseUrl)).toBe(200);
    expect(server.logged(/unhandled|uncaught/)).toEqual([]);
  });

  it('survives QueueStatus answered with an error, and says why', async () => {
    const { server } = await serverAgainst((action) =>
      action.action?.toLowerCase() === 'queuestatus' ? [{ Response: 'Error', ActionID: action.actionid ?? '', Message: 'Permission denied' }] : politeAnswer(action),
    );
    await waitForLog(server, /could not rebuild queue state/);
    await settle(TIMEOUT_MS * 3);
    expect(server.alive).toBe(true);
    expect(await healthy(server.baseUrl)).toBe(200);
    expect(server.logged(/could not rebuild queue state/)[0]).toMatchObject({ err: { message: expect.stringMatching(/QueueStatus: Permission denied/) } });
    expect(server.logged(/unhandled|uncaught/)).toEqual([]);
  });

  it('survives a connection dropped in the middle of a QueueStatus list, and reconnects', async () => {
    const { ami, server } = await serverAgainst((action, connection) => {
      if (action.action?.toLowerCase() === 'queuestatus' && connection === 1) return 'drop';
      return politeAnswer(action);
    });
    await waitForLog(server, /could not rebuild queue state/);
    // the second connection answers the list, and the server carries on with it
    await waitFor(() => ami.received('QueueStatus').some(({ connection }) => connection === 2));
    await settle(TIMEOUT_MS * 3);
    expect(server.alive).toBe(true);
    expect(server.logged(/could not rebuild queue state/)[0]).toMatchObject({ err: { message: expect.stringMatching(/closed before the list completed/) } });
    expect(server.logged(/unhandled|uncaught/)).toEqual([]);
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await settle(25);
  }
}

async function waitForLog(server: Awaited<ReturnType<typeof startServerProcess>>, pattern: RegExp) {
  await waitFor(() => server.logged(pattern).length > 0 || !server.alive);
  expect(server.alive, server.stderr()).toBe(true);
}
