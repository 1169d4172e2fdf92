// Who is in the hotline queues, checked against Asterisk: a disabled operator's phone leaves at once
// (admin API, CLI), and calls of queues that are not the hotline's never become hotline cases.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { AmiClient, type AmiMessage } from '../../src/pbx/ami-client.ts';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { amiUrl, asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { hotlineCli } from '../helpers/server-process.ts';
import { startAgentPhone } from '../helpers/sipp.ts';
import { addUser } from '../helpers/test-db.ts';

let server: Awaited<ReturnType<typeof startHotline>>;
let adminToken: string;
const phones: ChildProcess[] = [];
const inQueues = (extension: number) => [asteriskCli('queue show hotline-zh'), asteriskCli('queue show hotline-en')].some((text) => text.includes(`PJSIP/${extension} `) || text.includes(`PJSIP/${extension})`));

beforeAll(async () => {
  server = await startHotline({}, { HOTLINE_SESSION_CHECK_SECONDS: '1' });
  await waitUntilReady(server.hotline);
  await addUser(server.db, { username: 'admin1', role: 'admin' });
  adminToken = (await server.hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin1', password: 'correct-horse' } })).json().token;
});

afterAll(async () => {
  hangUpEveryCall();
  for (const phone of phones) phone.kill();
  rmSync(join(TEST_PBX.root, 'etc/asterisk/queues-site.conf'), { force: true });
  rmSync(join(TEST_PBX.root, 'etc/asterisk/extensions-site.conf'), { force: true });
  asteriskCli('module reload app_queue.so');
  asteriskCli('dialplan reload');
  await server?.hotline.stop();
});

async function availableOperator(extension: number) {
  const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, extension);
  expect((await desk.setState('available')).statusCode).toBe(200);
  expect(inQueues(extension)).toBe(true);
  const id = (server.db.$client.prepare('select id from users where extension = ?').get(String(extension)) as { id: number }).id;
  return { desk, id };
}

const serverEnv = () => ({ HOTLINE_DB: join(server.dataDirectory, 'hotline.db'), HOTLINE_DATA_DIR: server.dataDirectory, AMI_URL: amiUrl() });

describe('a disabled operator', () => {
  it('leaves the queues at once when an admin disables the account, and their desk closes', async () => {
    const { desk, id } = await availableOperator(1011);
    const closed = new Promise<void>((resolve) => desk.socket.once('disconnect', () => resolve()));
    const patch = await server.hotline.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { authorization: `Bearer ${adminToken}` }, payload: { disabled: true } });
    expect(patch.statusCode).toBe(200);
    await waitFor('PJSIP/1011 out of both queues', () => (inQueues(1011) ? undefined : true), 3_000, 50);
    await closed;
  });

  it('leaves the queues at once when disabled with the CLI, which takes the phone out over AMI', async () => {
    await availableOperator(1012);
    const result = hotlineCli(['user', 'disable', '--username', 'op1012'], serverEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/took PJSIP\/1012 out of hotline-zh, hotline-en/);
    expect(inQueues(1012)).toBe(false);
  });

  it('leaves the queues within a check when the CLI cannot reach Asterisk', async () => {
    await availableOperator(1013);
    const result = hotlineCli(['user', 'disable', '--username', 'op1013'], { ...serverEnv(), AMI_URL: 'ami://hotline:hotline@127.0.0.1:9' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Asterisk not reachable .* the server takes PJSIP\/1013 out of the queues/);
    await waitFor('the server to take PJSIP/1013 out', () => (inQueues(1013) ? undefined : true), 10_000, 100);
  });
});

describe('queues that are not the hotline’s', () => {
  it('make no case, no call record and no screen pop, though an operator’s phone rings', async () => {
    // Another line on the same Asterisk: its own queue and a test context (the site's files).
    writeFileSync(join(TEST_PBX.root, 'etc/asterisk/queues-site.conf'), '[site-other]\nstrategy=ringall\ntimeout=5\nringinuse=no\njoinempty=yes\n');
    writeFileSync(join(TEST_PBX.root, 'etc/asterisk/extensions-site.conf'), '[site-test]\nexten => s,1,Answer()\n same => n,Wait(8)\n same => n,Hangup()\n');
    asteriskCli('module reload app_queue.so');
    asteriskCli('dialplan reload');
    expect(asteriskCli('queue show site-other')).toMatch(/site-other has 0 calls/);
    const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1014);
    phones.push(startAgentPhone(1014));
    asteriskCli('queue add member PJSIP/1014 to site-other');

    const ami = new AmiClient({ host: '127.0.0.1', port: TEST_PBX.amiPort, username: 'hotline', secret: 'hotline' }, createLogger('silent'));
    const called: AmiMessage[] = [];
    ami.on('event', (message) => {
      if (message.event === 'AgentConnect' && message.queue === 'site-other') called.push(message);
    });
    const connected = new Promise<void>((resolve) => ami.once('connected', () => resolve()));
    ami.start();
    await connected;
    try {
      const before = server.db.$client.prepare('select (select count(*) from cases) as cases, (select count(*) from calls) as calls').get();
      asteriskCli('channel originate Local/s@site-test application Queue site-other');
      await waitFor('the other line’s call answered by PJSIP/1014', () => (called.length > 0 ? true : undefined), 15_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.db.$client.prepare('select (select count(*) from cases) as cases, (select count(*) from calls) as calls').get()).toEqual(before);
      expect(desk.pops).toEqual([]);
    } finally {
      await ami.stop();
      asteriskCli('queue remove member PJSIP/1014 from site-other');
    }
  });
});
