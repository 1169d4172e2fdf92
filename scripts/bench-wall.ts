// Benchmark of the wallboard's push: the time from an AMI event reaching the server to a /wall client
// receiving the matching update, with 20 wallboard clients connected, over real calls — its own Asterisk
// sandbox, SIPp callers through the IVR into the English queue, SIPp phones answering for 10 operators.
// With --backlog N, N one-minute English messages are being transcribed (PocketSphinx, 2 workers) during
// the calls; the operators' desks are connected too, and the screen pop's latency (the ring reaching the
// server → the pop at the desk) is reported beside the wall's.
// Usage: npm run bench:wall [-- --calls 60 --rate 3 --wallboards 20 --backlog 0]   (as root: it starts the sandbox)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../src/auth/passwords.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { UserRepository } from '../src/db/user-repository.ts';
import { createLogger } from '../src/log.ts';
import { createHotline } from '../src/main.ts';
import { io } from 'socket.io-client';
import type { ScreenPop } from '../src/desk/screen-pop.ts';
import { CaseRegistryRepository } from '../src/db/case-registry-repository.ts';
import { IvrRepository } from '../src/db/ivr-repository.ts';
import { VoicemailService } from '../src/voicemail/voicemail-service.ts';
import { callerScenario } from '../test/helpers/sipp-scenario.ts';
import { minuteOfSpeech } from './speech-fixture.ts';
import { wallClient } from '../test/helpers/wall-client.ts';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '60' }, rate: { type: 'string', default: '3' }, wallboards: { type: 'string', default: '20' }, operators: { type: 'string', default: '10' }, backlog: { type: 'string', default: '0' } },
});
const CALLS = Number(values.calls);
const RATE = Number(values.rate);
const WALLBOARDS = Number(values.wallboards);
const OPERATORS = Math.min(20, Number(values.operators));
const BACKLOG = Number(values.backlog);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const PBX = { root: '/var/lib/hotline-12365/pbx-bench', sip: 35060, ami: 35038, ari: 38088 };
const pbxEnv = { ...process.env, HOTLINE_PBX_ROOT: PBX.root, PBX_SIP_PORT: String(PBX.sip), PBX_AMI_PORT: String(PBX.ami), PBX_ARI_PORT: String(PBX.ari) };
const sandbox = (command: string) => {
  const result = spawnSync('bash', [join(REPO, 'scripts/pbx-sandbox.sh'), command], { env: pbxEnv, encoding: 'utf8' });
  if (result.status !== 0 && command !== 'down') throw new Error(`pbx ${command}: ${result.stdout}${result.stderr}`);
};
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = (command: string, args: string[]) =>
  new Promise<{ status: number | null }>((resolve) => spawn(command, args, { stdio: 'ignore' }).on('exit', (status) => resolve({ status })));

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

process.stdout.write(`wall benchmark: ${CALLS} calls at ${RATE}/s, ${OPERATORS} operators, ${WALLBOARDS} wallboards; sandbox ${PBX.root}\n`);
sandbox('down');
sandbox('up');
const data = resolve(REPO, 'data/bench/wall');
rmSync(data, { recursive: true, force: true });
mkdirSync(data, { recursive: true });
const config = loadConfig({
  HOTLINE_PORT: '0',
  HOTLINE_DB: join(data, 'hotline.db'),
  HOTLINE_DATA_DIR: data,
  HOTLINE_OPENING_HOURS: 'always',
  AMI_URL: `ami://hotline:hotline@127.0.0.1:${PBX.ami}`,
  ARI_URL: `http://hotline:hotline@127.0.0.1:${PBX.ari}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  HOTLINE_PASSWORD_COST: '14',
  HOTLINE_LOGIN_PER_MINUTE: '1000000',
  HOTLINE_API_PER_MINUTE: '1000000',
});
const db = openDatabase(config.databaseFile);
const users = new UserRepository(db);
const passwordHash = await hashPassword('correct-horse', config.passwordCost);
users.create({ username: 'sup', displayName: 'sup', passwordHash, role: 'supervisor' });
for (let i = 1; i <= OPERATORS; i++) users.create({ username: `op${1000 + i}`, displayName: `op${1000 + i}`, passwordHash, role: 'operator', extension: String(1000 + i), languages: 'zh,en' });
if (BACKLOG > 0) {
  // the messages are kept before the server starts: their transcriptions begin with it
  const audio = minuteOfSpeech(data);
  const voicemail = new VoicemailService(data, new CaseRegistryRepository(db), new IvrRepository(db));
  for (let i = 0; i < BACKLOG; i++) voicemail.keep({ uniqueid: `bench-${i}`, caller: '13900139000', lang: 'en', recording: { name: `hotline-msg-bench-${i}`, audio, durationMs: 60_000 } });
}
const hotline = await createHotline(config, createLogger(config.logLevel), { db });
const port = await hotline.start();
const baseUrl = `http://127.0.0.1:${port}`;
const phones: ChildProcess[] = [];
const login = async (username: string) => (await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;

try {
  for (let tries = 0; (await hotline.app.inject({ method: 'GET', url: '/readyz' })).statusCode !== 200; tries++) {
    if (tries > 100) throw new Error('the server did not get ready');
    await sleep(200);
  }
  for (let i = 1; i <= OPERATORS; i++) {
    const extension = 1000 + i;
    phones.push(spawn('sipp', ['-sf', join(REPO, 'test/sipp/uas-agent-answer.xml'), '-i', '127.0.0.1', '-p', String(extension + 5000), '-mp', String(5700 + i * 10), '-cp', String(8700 + i), '-nostdin'], { stdio: 'ignore' }));
    const state = await hotline.app.inject({ method: 'POST', url: '/api/agent/state', headers: { authorization: `Bearer ${await login(`op${extension}`)}` }, payload: { state: 'available' } });
    if (state.statusCode !== 200) throw new Error(`op${extension} could not go available: ${state.body}`);
  }
  // the operators' desks: when each pop arrives, against when the server learnt of the ring (pop.ringAt)
  const popLatency: number[] = [];
  const desks = await Promise.all(
    Array.from({ length: OPERATORS }, async (_, i) => {
      const socket = io(`${baseUrl}/desk`, { auth: { token: await login(`op${1001 + i}`) }, transports: ['websocket'] });
      socket.on('screen-pop', (pop: ScreenPop) => {
        if (pop.state === 'ringing') popLatency.push(now() - pop.ringAt);
      });
      await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
      return socket;
    }),
  );
  const token = await login('sup');
  // half take their updates in frames, as the web wallboard does; half one message per update
  const walls = await Promise.all(Array.from({ length: WALLBOARDS }, (_, i) => wallClient(baseUrl, token, { frames: i % 2 === 0 })));

  // When the server received each AMI event that a wallboard shows.
  const joined = new Map<string, number>();
  const connected = new Map<string, number>();
  hotline.router.subscribe('bench', (event, receivedAt) => {
    if (event.type === 'caller-joined') joined.set(event.uniqueid, receivedAt);
    if (event.type === 'agent-connected') connected.set(`${event.agentInterface}\u0000${event.uniqueid}`, receivedAt);
  });

  const scenario = callerScenario('uac-bench-2-then-3-talk-12s', 'benchmark caller: English report, talks about 12 s', [
    { pause: 800 },
    { key: '2' },
    { pause: 1200 },
    { key: '3' },
    { stay: 20_000 },
  ]);
  const cpuBefore = process.cpuUsage();
  const started = now();
  // spawn, not spawnSync: the server runs in this process and must go on serving while SIPp calls.
  const callers = await run('sipp', [
    `127.0.0.1:${PBX.sip}`, '-sf', scenario, '-s', '12365', '-set', 'caller', '13800138000', '-i', '127.0.0.1', '-p', '5490', '-mp', '5900', '-cp', '8690',
    '-m', String(CALLS), '-r', String(RATE), '-l', String(Math.max(OPERATORS * 2, 10)), '-nostdin', '-timeout', `${Math.ceil(CALLS / RATE) + 90}s`,
  ]);
  const seconds = (now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await sleep(1_000);

  const callerLatency: number[] = [];
  const agentLatency: number[] = [];
  const byMode = { frames: [] as number[], single: [] as number[] };
  for (const wall of walls) {
    const mode = byMode[wall.state.frames > 0 ? 'frames' : 'single'];
    const firstCaller = new Set<string>();
    const firstAgent = new Set<string>();
    for (const entry of wall.state.log) {
      if (entry.event === 'caller:update') {
        const uniqueid = (entry.body as { uniqueid: string }).uniqueid;
        const at = joined.get(uniqueid);
        if (at !== undefined && !firstCaller.has(uniqueid) && !('gone' in (entry.body as object))) {
          firstCaller.add(uniqueid);
          callerLatency.push(entry.at - at);
          mode.push(entry.at - at);
        }
      }
      if (entry.event === 'agent:update') {
        const agent = entry.body as { agentInterface: string; status: string; call: { uniqueid: string } | null };
        const key = `${agent.agentInterface}\u0000${agent.call?.uniqueid}`;
        const at = connected.get(key);
        if (agent.status === 'on-call' && at !== undefined && !firstAgent.has(key)) {
          firstAgent.add(key);
          agentLatency.push(entry.at - at);
          mode.push(entry.at - at);
        }
      }
    }
  }
  const all = [...callerLatency, ...agentLatency];
  const framed = walls
    .filter((wall) => wall.state.frames > 0)
    .reduce((sum, wall) => ({ frames: sum.frames + wall.state.frames, updates: sum.updates + wall.state.log.filter((entry) => entry.event !== 'snapshot').length }), { frames: 0, updates: 0 });
  const row = (name: string, samples: number[]) => {
    const p = percentiles(samples);
    return `| ${name} | ${p.n} | ${p.p50.toFixed(1)} | ${p.p99.toFixed(1)} | ${p.max.toFixed(1)} | ${p.p99 <= 250 ? 'met' : 'missed'} |`;
  };
  const report = [
    `# wallboard push benchmark — ${new Date().toISOString()}`,
    `${CALLS} calls at ${RATE}/s through the IVR into hotline-en, ${OPERATORS} operators (SIPp phones), ${WALLBOARDS} /wall clients; SIPp exit ${callers.status}; ${seconds.toFixed(0)} s; server CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    'AMI event at the server → the matching /wall update at a client (ms), every client counted; target p99 ≤ 250 ms (coalescing window included)',
    '| update | samples | p50 ms | p99 ms | max ms | p99 target |',
    '|---|---|---|---|---|---|',
    row('caller joins a queue → caller:update', callerLatency),
    row('operator answers → agent:update (on a call)', agentLatency),
    row('all', all),
    row('all, at the wallboards taking frames (as the web wallboard)', byMode.frames),
    row('all, at the wallboards taking one message per update', byMode.single),
    row('ring → screen pop at the desk', popLatency),
    `messages at the wallboards taking frames: ${framed.frames} frames holding ${framed.updates} updates`,
    `transcription backlog during the calls: ${BACKLOG} one-minute messages; left untranscribed at the end: ${hotline.speech.store.counts().pending + hotline.speech.store.counts().running}`,
  ].join('\n');
  writeFileSync(resolve(REPO, `data/bench/wall-report${BACKLOG > 0 ? `-backlog-${BACKLOG}` : ''}.md`), `${report}\n`);
  process.stdout.write(`${report}\n`);
  for (const wall of walls) wall.close();
  for (const desk of desks) desk.close();
} finally {
  for (const phone of phones) phone.kill();
  await hotline.stop();
  db.$client.close();
  sandbox('down');
}
process.exit(0);
