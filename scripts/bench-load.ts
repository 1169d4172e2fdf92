// The call-load benchmark: its own Asterisk sandbox, the server as its own process on a fresh database,
// operators going available with SIPp phones answering (two-way audio, a talk time), desks and wallboards
// connected, and callers through the real path 12365 → IVR (a key in each language) → queue → an
// operator's phone → talk → hang-up, at each concurrency level. Beside it a raw AMI reader (the floor
// for the screen pop) and a bare ARI app (the floor for the IVR). Writes data/bench/load-report.md.
// Usage (as root): npm run bench:load [-- --concurrency 50,100,200 --calls 1000,2000,7000 --talk 10
//                  --desks 300 --wallboards 20 --rate <per s> --operators N --profile]
// --profile writes a CPU profile of the server for each level alone to data/bench/profiles/; --while-file F stops
// the run (cleanly) as soon as F disappears, for shared machines.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/auth/passwords.ts';
import { openDatabase } from '../src/db/database.ts';
import { UserRepository } from '../src/db/user-repository.ts';
import { api, connectWallboards, desksApart, loginToken } from './bench-load/clients.ts';
import { floorProcess } from './bench-load/floor-ari.ts';
import { runPhase, type PhaseContext } from './bench-load/phase.ts';
import { rssMegabytes } from './bench-load/proc.ts';
import { rawAmiReaderProcess } from './bench-load/raw-ami-process.ts';
import { phaseTable, SETTLED_PARTS, settledText, type PhaseResult, type SettledMemory } from './bench-load/report.ts';
import { LOAD_PBX, loadSandbox } from './bench-load/sandbox.ts';
import type { ChildMemory, ChildRequest, ChildSample } from './bench-load/server-child.ts';
import { agentScenario, SIPP_PORTS, startSipp, talkAudio } from './bench-load/sipp.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50,100,200' },
    calls: { type: 'string', default: '1000,2000,7000' },
    talk: { type: 'string', default: '10' },
    rate: { type: 'string' },
    desks: { type: 'string', default: '300' },
    wallboards: { type: 'string', default: '20' },
    operators: { type: 'string' },
    profile: { type: 'boolean', default: false },
    // the server's CPU share against Asterisk and the load generators: its session's autogroup nice value
    // (-20..19, as root; --server-nice=-5), as a service's CPUWeight= or Nice= would give it in a deployment
    'server-nice': { type: 'string', default: '0' },
    'while-file': { type: 'string' },
  },
});
const list = (text: string) => text.split(',').map(Number);
const LEVELS = list(values.concurrency);
const CALLS = list(values.calls);
const callsAt = (i: number) => CALLS[i] ?? CALLS.at(-1)!;
const TALK_MS = Number(values.talk) * 1000;
const DESKS = Number(values.desks);
const WALLBOARDS = Number(values.wallboards);
const OPERATORS = Number(values.operators ?? Math.max(DESKS, Math.max(...LEVELS) + 20));
// a caller spends ≈ 4 s in the IVR and ringing before the talk: this rate keeps C calls up
const rateAt = (c: number) => Number(values.rate ?? (c / (TALK_MS / 1000 + 4)).toFixed(1));
const PASSWORD = 'correct-horse-battery';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const DIR = resolve(REPO, 'data/bench/load');
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

say(`load benchmark: C = ${LEVELS.join(', ')}; calls ${LEVELS.map((_, i) => callsAt(i)).join(', ')}; talk ${TALK_MS / 1000} s; ${OPERATORS} operators, ${DESKS} desks, ${WALLBOARDS} wallboards; sandbox ${LOAD_PBX.root}`);
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const pbx = loadSandbox(REPO, OPERATORS);
pbx.up();
const databaseFile = join(DIR, 'hotline.db');
{
  const db = openDatabase(databaseFile);
  const users = new UserRepository(db);
  // At the default cost, as deployed. A cheaper one (14: 16 MiB a hash) is not only faster: the libuv threads'
  // allocator arenas keep each hash's memory (64 MB resident after the logins, measured with 4 threads), and that
  // start-up residue moved the memory baseline by 40 MB between runs; at 17 (128 MiB) it is mapped and unmapped.
  const passwordHash = await hashPassword(PASSWORD);
  users.create({ username: 'admin', displayName: 'admin', passwordHash, role: 'admin' });
  users.create({ username: 'sup', displayName: 'sup', passwordHash, role: 'supervisor' });
  for (let i = 1; i <= OPERATORS; i++) users.create({ username: `op${1000 + i}`, displayName: `op${1000 + i}`, passwordHash, role: 'operator', extension: String(1000 + i), languages: 'zh,en' });
  db.$client.close();
}

// The server writes its log straight to the file: through a pipe, a benchmark busy with its clients would
// make the server's logger buffer (and grow) whenever it fell behind reading.
const serverLog = openSync(join(DIR, 'server.log'), 'w');
const PROFILES = resolve(REPO, 'data/bench/profiles');
if (values.profile) mkdirSync(PROFILES, { recursive: true });
// glibc's malloc arenas, as `npm start` runs the server (README, Configuration)
const MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX ?? '2';
const server = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO, 'scripts/bench-load/server-child.ts')], {
  env: {
    ...process.env,
    ...(values.profile ? { BENCH_PROFILE_DIR: PROFILES } : {}),
    HOTLINE_PORT: '0',
    HOTLINE_DB: databaseFile,
    HOTLINE_DATA_DIR: DIR,
    HOTLINE_OPENING_HOURS: 'always',
    HOTLINE_LOGIN_PER_MINUTE: '1000000',
    HOTLINE_API_PER_MINUTE: '1000000',
    AMI_URL: `ami://hotline:hotline@127.0.0.1:${LOAD_PBX.ami}`,
    ARI_URL: `http://hotline:hotline@127.0.0.1:${LOAD_PBX.ari}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    MALLOC_ARENA_MAX,
  },
  stdio: ['ignore', serverLog, serverLog, 'ipc'],
  // Its own session, as a service runs (its own cgroup under systemd): with the kernel's autogroup scheduling,
  // a process in the benchmark's session shares one CPU share with SIPp and the benchmark's hundreds of clients,
  // while Asterisk (a daemon, its own session) has a share of its own.
  detached: true,
});
closeSync(serverLog);
process.on('exit', () => server.kill('SIGKILL'));
const SERVER_NICE = Number(values['server-nice']);
if (!Number.isInteger(SERVER_NICE) || SERVER_NICE < -20 || SERVER_NICE > 19) throw new Error(`--server-nice must be an integer from -20 to 19, got ${values['server-nice']}`);
// the kernel schedules sessions (autogroups) against each other: the nice value of the server's own session
if (SERVER_NICE !== 0) writeFileSync(`/proc/${server.pid}/autogroup`, String(SERVER_NICE));
// interrupted: the server (its own session) would outlive the benchmark
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const send = (request: ChildRequest) => server.send(request);
const port = await new Promise<number>((resolvePort, reject) => {
  server.once('message', (message: { port: number }) => resolvePort(message.port));
  server.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving; see ${join(DIR, 'server.log')}`)));
});
const sample = () =>
  new Promise<ChildSample>((resolveSample) => {
    server.once('message', (message: ChildSample) => resolveSample(message));
    send({ type: 'sample' });
  });
/** The server's memory after full collections, with no call in progress (what a leak would show in), in MB. */
const settledMemory = () =>
  new Promise<SettledMemory>((resolveMemory) => {
    const mb = (bytes: number) => bytes / 2 ** 20;
    server.once('message', (message: ChildMemory) =>
      resolveMemory({
        rssMb: mb(message.rssBytes),
        heapMb: mb(message.heapUsedBytes),
        heapTotalMb: mb(message.heapTotalBytes),
        youngMb: mb(message.youngBytes),
        mallocMainMb: mb(message.mallocMainBytes),
        mallocArenaMb: mb(message.mallocArenaBytes),
        externalMb: mb(message.externalBytes),
        databaseMb: mb(message.databaseBytes),
        idleAllocMbPerS: mb(message.idleAllocBytesPerS),
      }),
    );
    send({ type: 'memory' });
  });
const baseUrl = `http://127.0.0.1:${port}`;
const cleanups: (() => unknown)[] = [];
const results: PhaseResult[] = [];
let rssAfter10k: number | undefined;

try {
  for (let tries = 0; (await fetch(`${baseUrl}/readyz`)).status !== 200; tries++) {
    if (tries > 150) throw new Error('the server did not get ready (AMI and ARI) within 30 s');
    await sleep(200);
  }
  // Wrap-up off and a long line: desks here do not save cases, and the line is not what is measured.
  const admin = await loginToken(baseUrl, 'admin', PASSWORD);
  const settings = (await api(baseUrl, admin, 'GET', '/api/admin/line-settings')) as { queues: Record<string, Record<string, number>> } & Record<string, unknown>;
  for (const queue of Object.values(settings.queues)) Object.assign(queue, { wrapUpSeconds: 0, maxWaiting: 500, announceEverySeconds: 600 });
  await api(baseUrl, admin, 'PUT', '/api/admin/line-settings', settings);

  const audio = talkAudio(DIR);
  const phones = startSipp(DIR, 'agents', ['-sf', agentScenario(DIR, audio), '-i', '127.0.0.1', '-p', String(SIPP_PORTS.agents), '-mp', '50000', '-cp', String(SIPP_PORTS.control), '-d', String(TALK_MS)]);
  cleanups.push(() => phones.child.kill());
  let phonesExit: string | undefined;
  void phones.exited.then((code) => (phonesExit = `the operators' phones (SIPp) exited with code ${code}: ${phones.errorFile}`));
  say(`server pid ${server.pid} on ${baseUrl}; Asterisk pid ${pbx.pid()}; ${OPERATORS} operators going available…`);
  const tokens: string[] = [];
  for (let i = 0; i < OPERATORS; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, OPERATORS - i) }, async (_, j) => {
        const username = `op${1001 + i + j}`;
        const token = await loginToken(baseUrl, username, PASSWORD);
        tokens[i + j] = token;
        await api(baseUrl, token, 'POST', '/api/agent/state', { state: 'available' });
      }),
    );
  }
  const deskList = Array.from({ length: DESKS }, (_, i) => ({ extension: String(1001 + (i % OPERATORS)), token: tokens[i % OPERATORS]! }));
  const desks = await desksApart(baseUrl, deskList);
  cleanups.push(desks.close);
  const walls = await connectWallboards(baseUrl, await loginToken(baseUrl, 'sup', PASSWORD), WALLBOARDS);
  cleanups.push(walls.close);
  const reader = await rawAmiReaderProcess(LOAD_PBX.ami, LOAD_PBX.reader.user, LOAD_PBX.reader.secret);
  cleanups.push(reader.close);
  const floor = await floorProcess(LOAD_PBX.ari, 'hotline', 'hotline');
  cleanups.push(floor.stop);
  say(`${DESKS} desks and ${WALLBOARDS} wallboards connected; server RSS ${rssMegabytes(server.pid!).toFixed(0)} MB`);

  const ctx: PhaseContext = {
    dir: DIR,
    databaseFile,
    sipTarget: `127.0.0.1:${LOAD_PBX.sip}`,
    audio,
    talkMs: TALK_MS,
    server,
    asteriskPid: pbx.pid(),
    sample,
    reset: () => send({ type: 'reset' }),
    reader,
    desks,
    deskAgents: new Set(deskList.map((desk) => `PJSIP/${desk.extension}`)),
    floor,
    wallUpdates: () => walls.updates,
    wallFrames: () => walls.frames,
    deskCount: DESKS,
    wallboards: WALLBOARDS,
    numberOffset: 0,
    stopReason: () => {
      const whileFile = values['while-file'];
      if (whileFile && !existsSync(whileFile)) return `${whileFile} is gone (the machine is no longer quiet)`;
      return phonesExit;
    },
  };
  const baseline = await settledMemory();
  say(`server memory settled before the first level, MB: ${SETTLED_PARTS} ${settledText(baseline)}`);
  let total = 0;
  let stopped: string | undefined;
  for (const [i, concurrency] of LEVELS.entries()) {
    const calls = callsAt(i);
    say(`C = ${concurrency}: ${calls} calls at ${rateAt(concurrency)}/s…`);
    let result: PhaseResult;
    try {
      result = await runPhase(ctx, concurrency, calls, rateAt(concurrency));
    } catch (error) {
      stopped = (error as Error).message;
      say(`stopped: ${stopped}`);
      break;
    }
    ctx.numberOffset += calls;
    total += result.sipp.offered;
    result.settled = await settledMemory();
    if (rssAfter10k === undefined && total >= 10_000) rssAfter10k = result.settled.rssMb;
    results.push(result);
    say(phaseTable(result));
  }
  if (results.length === 0) throw new Error(stopped ?? 'no level ran');
  const first = results[0]!;
  const growth = rssAfter10k === undefined ? undefined : rssAfter10k - baseline.rssMb;
  const report = [
    `# Load benchmark — ${new Date().toISOString()}`,
    '',
    `\`npm run bench:load${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${(await import('node:os')).cpus().length} cores; Asterisk 22 beside the server; ${OPERATORS} operators (one SIPp responder answering for every static contact, two-way audio), callers half Mandarin (1, 3), half English (2, 3), each with its own number. Wrap-up off. The server runs with glibc's MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}.${SERVER_NICE !== 0 ? ` The server's session runs at nice ${SERVER_NICE} (Asterisk's and the load generators' at 0).` : ''}`,
    '',
    ...results.map((result) => `${phaseTable(result)}\n`),
    ...(stopped ? [`**Stopped before the remaining levels**: ${stopped}.`, ''] : []),
    `Server RSS: ${first.rssMb.before.toFixed(0)} MB before the first level, ${results.at(-1)!.rssMb.after.toFixed(0)} MB at the end of the last (${total} calls). ` +
      `Settled (full garbage collections, no call in progress), MB — ${SETTLED_PARTS}: ${settledText(baseline)} before the first level, ${results.map((result) => settledText(result.settled!)).join(' → ')} after each; ` +
      `${growth === undefined ? `growth after 10,000 calls: not measured (only ${total} calls)` : `growth after 10,000 calls ${growth.toFixed(1)} MB (target ≤ 20 MB: ${growth <= 20 ? 'met' : '**not met**'})`}.`,
  ].join('\n');
  writeFileSync(resolve(REPO, 'data/bench/load-report.md'), `${report}\n`);
  say(`\n${report}`);
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  send({ type: 'stop' });
  await Promise.race([new Promise((r) => server.once('exit', r)), sleep(10_000)]);
  server.kill();
  pbx.down();
}
process.exit(0);
