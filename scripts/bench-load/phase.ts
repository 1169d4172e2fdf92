// One concurrency level: callers in both languages and the floor's callers at once, progress every 5 s,
// then every call, pop and case accounted for.
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FLOOR_NUMBER } from './floor-ari.ts';
import { cpuSeconds, mainThreadSchedule, rssMegabytes, threadCpuSeconds, udpDrops } from './proc.ts';
import type { QueueCallRecord } from './raw-ami.ts';
import type { PhaseResult } from './report.ts';
import type { ChildSample } from './server-child.ts';
import { callerScenarioFor, floorScenario, numbersFile, readCounts, SIPP_PORTS, startSipp, type SippRun } from './sipp.ts';
import { sippFailures } from './sipp-failures.ts';
import { percentiles } from './stats.ts';

export interface PhaseContext {
  dir: string;
  databaseFile: string;
  sipTarget: string;
  audio: string;
  talkMs: number;
  server: ChildProcess;
  asteriskPid: number;
  sample: () => Promise<ChildSample>;
  reset: () => void;
  reader: { calls(): Promise<Map<string, QueueCallRecord>> };
  /** The desks' process (clients.ts desksApart): pops so far, each pop's arrival, its figures since the last level. */
  desks: { count(): Promise<number>; pops(): Promise<Map<string, number>>; level(): Promise<{ loopDelayP99Ms: number; runSeconds: number; waitSeconds: number }> };
  deskAgents: ReadonlySet<string>;
  floor: { take: () => Promise<number[]> };
  wallUpdates: () => number;
  wallFrames: () => number;
  deskCount: number;
  wallboards: number;
  /** Numbers used so far (each call has its own). */
  numberOffset: number;
  /**
   * Why the run must stop now, if it must (asked every 5 s): a shared machine's "quiet" flag gone, the operators'
   * phones (the one SIPp responder) gone — no call can be answered after.
   */
  stopReason: () => string | undefined;
}

/** The pop's p99 bar: slower pops are looked at for a garbage-collection pause on their way. */
const SLOW_POP_MS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runPhase(ctx: PhaseContext, concurrency: number, calls: number, rate: number): Promise<PhaseResult> {
  const half = { zh: Math.ceil(calls / 2), en: Math.floor(calls / 2) };
  // SIPp's own time limit, generous: a saturated machine places calls slower than the rate asked
  const seconds = (2 * calls) / rate + ctx.talkMs / 1000 + 120;
  const prefixes = { zh: '138', en: '139' } as const;
  const callers: SippRun[] = (['zh', 'en'] as const).map((lang, i) => {
    const inf = numbersFile(ctx.dir, `numbers-${concurrency}-${lang}`, prefixes[lang], half[lang], ctx.numberOffset);
    return startSipp(ctx.dir, `callers-${concurrency}-${lang}`, [
      ctx.sipTarget, '-sf', callerScenarioFor(lang, ctx.audio, ctx.talkMs), '-s', '12365', '-inf', inf,
      '-i', '127.0.0.1', '-p', String(SIPP_PORTS.callers[lang]), '-mp', String(42000 + i * 4000), '-cp', String(SIPP_PORTS.control + 1 + i),
      '-m', String(half[lang]), '-l', String(Math.max(1, Math.round(concurrency / 2))), '-r', String(rate / 2), '-rp', '1000', '-timeout', `${Math.ceil(seconds)}s`,
    ]);
  });
  const floorInf = numbersFile(ctx.dir, `numbers-${concurrency}-floor`, '137', 5_000, ctx.numberOffset);
  const floor = startSipp(ctx.dir, `floor-${concurrency}`, [
    ctx.sipTarget, '-sf', floorScenario(), '-s', FLOOR_NUMBER, '-inf', floorInf, '-i', '127.0.0.1', '-p', String(SIPP_PORTS.callers.floor), '-mp', String(52000),
    '-cp', String(SIPP_PORTS.control + 3), '-l', '5', '-r', '1', '-timeout', `${Math.ceil(seconds)}s`,
  ]);
  await ctx.floor.take();
  await ctx.desks.level();
  ctx.reset();
  const cpuBefore = { server: cpuSeconds(ctx.server.pid!), asterisk: cpuSeconds(ctx.asteriskPid) };
  const threadsBefore = threadCpuSeconds(ctx.server.pid!);
  const scheduleBefore = mainThreadSchedule(ctx.server.pid!);
  const clientScheduleBefore = mainThreadSchedule('self');
  const rssBefore = rssMegabytes(ctx.server.pid!);
  const wallBefore = ctx.wallUpdates();
  const framesBefore = ctx.wallFrames();
  // SIP datagrams dropped at a full receive buffer: the phones' responder and Asterisk keep their sockets for the
  // run (counted from here); each level's callers open theirs with the level (the last count seen while they run)
  const sipPorts = [SIPP_PORTS.agents, Number(ctx.sipTarget.split(':')[1]), SIPP_PORTS.callers.zh, SIPP_PORTS.callers.en] as const;
  const dropsBefore = udpDrops(sipPorts);
  const sipDrops = { phones: 0, asterisk: 0, callers: 0 };
  const countDrops = () => {
    const [phones, asterisk, zh, en] = udpDrops(sipPorts) as [number, number, number, number];
    sipDrops.phones = phones - dropsBefore[0]!;
    sipDrops.asterisk = asterisk - dropsBefore[1]!;
    sipDrops.callers = Math.max(sipDrops.callers, zh + en);
  };
  const started = Date.now();
  // the benchmark’s own process (the wallboards): its delays are its own, apart from the desks’ and the server’s
  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  clientLoop.enable();
  let done = false;
  void Promise.all(callers.map((caller) => caller.exited)).then(() => (done = true));
  while (!done) {
    await sleep(5_000);
    countDrops();
    const stopReason = ctx.stopReason();
    if (stopReason) {
      for (const run of [...callers, floor]) run.child.kill();
      throw new Error(`${stopReason}: the run was stopped at C=${concurrency}`);
    }
    const counts = callers.map((caller) => readCounts(caller.statFile));
    const sum = (key: 'created' | 'successful' | 'failed' | 'current') => counts.reduce((total, c) => total + (c?.[key] ?? 0), 0);
    say(`  C=${concurrency} ${((Date.now() - started) / 1000).toFixed(0)} s: offered ${sum('created')}/${calls}, in progress ${sum('current')}, ended well ${sum('successful')}, failed ${sum('failed')}, pops ${await ctx.desks.count()}, server CPU ${(cpuSeconds(ctx.server.pid!) - cpuBefore.server).toFixed(1)} s, Asterisk CPU ${(cpuSeconds(ctx.asteriskPid) - cpuBefore.asterisk).toFixed(1)} s`);
  }
  countDrops();
  floor.child.kill('SIGUSR1'); // SIPp ends its calls and exits
  await Promise.race([floor.exited, sleep(5_000)]);
  floor.child.kill();
  await sleep(2_000);
  const elapsed = (Date.now() - started) / 1000;
  const threads = threadCpuSeconds(ctx.server.pid!);
  const schedule = mainThreadSchedule(ctx.server.pid!);
  const clientSchedule = mainThreadSchedule('self');
  const cpu = {
    server: cpuSeconds(ctx.server.pid!) - cpuBefore.server,
    asterisk: cpuSeconds(ctx.asteriskPid) - cpuBefore.asterisk,
    serverMainThread: threads.main - threadsBefore.main,
  };
  const sample = await ctx.sample();
  const deskLevel = await ctx.desks.level();
  const pops = await ctx.desks.pops();
  const counts = callers.map((caller) => readCounts(caller.statFile));
  const offered = counts.reduce((total, c) => total + (c?.created ?? 0), 0);
  const successful = counts.reduce((total, c) => total + (c?.successful ?? 0), 0);
  // the numbers SIPp dialled: each caller takes its file's numbers in order, one per call it placed
  const numbers = new Set<string>();
  (['zh', 'en'] as const).forEach((lang, i) => {
    for (let n = 0; n < (counts[i]?.created ?? 0); n++) numbers.add(`${prefixes[lang]}${String(ctx.numberOffset + n).padStart(8, '0')}`);
  });
  const failed = counts.reduce((total, c) => total + (c?.failed ?? 0), 0);

  // This phase's queue calls, as the raw reader saw them.
  const readerCalls = await ctx.reader.calls();
  const phaseCalls = [...readerCalls.values()].filter((call) => numbers.has(call.caller));
  const popLatency: number[] = [];
  const popsMissing: string[] = [];
  for (const call of phaseCalls) {
    for (const [agent, calledAt] of call.called) {
      if (!ctx.deskAgents.has(agent)) continue;
      const poppedAt = pops.get(`${agent} ${call.uniqueid}`);
      if (poppedAt === undefined) popsMissing.push(`${agent} ${call.uniqueid}`);
      else popLatency.push(poppedAt - calledAt);
    }
  }
  // The pop's way in three legs: the raw reader's receipt → the server's AMI client hands AgentCalled over
  // (Asterisk's socket, parsing, events ahead of it) → Socket.IO broadcast → the desk client has it.
  const popRows: { key: string; raw: number; handedOver: number; broadcast: number; desk: number; cpuWait: number }[] = [];
  const legs = { toServer: [] as number[], inServer: [] as number[], toDesk: [] as number[] };
  const popCpuWait: number[] = [];
  for (const [key, handedOver, broadcast, cpuWait] of sample.popMoments) {
    const [agent, uniqueid] = key.split(' ') as [string, string];
    const raw = readerCalls.get(uniqueid)?.called.get(agent);
    const desk = pops.get(key);
    if (raw === undefined || desk === undefined) continue;
    legs.toServer.push(handedOver - raw);
    legs.inServer.push(broadcast - handedOver);
    legs.toDesk.push(desk - broadcast);
    popRows.push({ key, raw, handedOver, broadcast, desk, cpuWait });
    popCpuWait.push(cpuWait);
  }
  // every pop's moments, for looking into the slow ones (with the level's collector pauses)
  writeFileSync(join(ctx.dir, `pops-${concurrency}.json`), JSON.stringify({ pops: popRows, gcPauses: sample.gcPauses }));
  // Pops above the p99 bar, and how many of them had a garbage-collection pause inside their way
  const slowPops = popRows.filter((pop) => pop.desk - pop.raw > SLOW_POP_MS);
  const slowWithGc = slowPops.filter(({ raw, desk }) => sample.gcPauses.some(([at, ms]) => at < desk && at + ms > raw)).length;
  const answered = phaseCalls.filter((call) => call.connected);
  const seen = new Set(phaseCalls.map((call) => call.caller));
  const db = new Database(ctx.databaseFile, { readonly: true });
  // a call that never reached a queue: its uniqueid from the server's call record (the IVR writes it on entry)
  const recordOf = db.prepare<[string], { uniqueid: string; path: string }>('SELECT uniqueid, path FROM calls WHERE caller = ? ORDER BY id DESC LIMIT 1');
  const notAnswered = [
    ...phaseCalls.filter((call) => !call.connected).map((call) => `${call.uniqueid} (${call.caller}${call.abandoned ? ', hung up waiting' : ''})`),
    ...[...numbers]
      .filter((number) => !seen.has(number))
      .map((number) => {
        const record = recordOf.get(number);
        return record ? `${record.uniqueid} (${number}) never reached a queue; its way through the IVR: ${record.path || 'none'}` : `${number} never reached the server's IVR (no call record)`;
      }),
  ];
  // each call SIPp counted as failed, by its server call record (or its number when the server has none)
  const sippFailed = callers.flatMap((caller) => sippFailures(caller.callDebugFile, caller.errorFile)).map(({ callId, number, reason }) => {
    const record = number ? recordOf.get(number) : undefined;
    return `${record?.uniqueid ?? 'no call record'} (${number ?? 'no number'}, SIPp ${callId}): ${reason}`;
  });
  const withCase = new Set(
    (db.prepare('SELECT calls.uniqueid AS uniqueid FROM cases JOIN calls ON calls.id = cases.call_id').all() as { uniqueid: string }[]).map((row) => row.uniqueid),
  );
  db.close();
  return {
    concurrency,
    calls,
    rate,
    talkSeconds: ctx.talkMs / 1000,
    seconds: elapsed,
    desks: ctx.deskCount,
    wallboards: ctx.wallboards,
    sipp: { offered, successful, failed },
    answered: answered.length,
    pop: percentiles(popLatency),
    popInside: percentiles(sample.popInsideMs),
    popLegs: { toServer: percentiles(legs.toServer), inServer: percentiles(legs.inServer), toDesk: percentiles(legs.toDesk) },
    popsMissing,
    ivr: percentiles(sample.dtmfToPromptMs),
    floor: percentiles(await ctx.floor.take()),
    cpu,
    rssMb: { before: rssBefore, after: sample.rssBytes / 2 ** 20 },
    heapUsedMb: sample.heapUsedBytes / 2 ** 20,
    loopDelayP99Ms: sample.loopDelayMs.p99,
    schedule: {
      runSeconds: schedule.runSeconds - scheduleBefore.runSeconds,
      waitSeconds: schedule.waitSeconds - scheduleBefore.waitSeconds,
      popInServerWaitMs: percentiles(popCpuWait),
      clientRunSeconds: clientSchedule.runSeconds - clientScheduleBefore.runSeconds,
      clientWaitSeconds: clientSchedule.waitSeconds - clientScheduleBefore.waitSeconds,
      deskRunSeconds: deskLevel.runSeconds,
      deskWaitSeconds: deskLevel.waitSeconds,
    },
    gc: {
      pauses: percentiles(sample.gcPauses.map(([, ms]) => ms)),
      totalMs: sample.gcPauses.reduce((total, [, ms]) => total + ms, 0),
      slowPops: slowPops.length,
      slowPopsWithGc: slowWithGc,
    },
    clientLoopDelayP99Ms: clientLoop.percentile(99) / 1e6,
    deskLoopDelayP99Ms: deskLevel.loopDelayP99Ms,
    casesWritten: phaseCalls.filter((call) => withCase.has(call.uniqueid)).length,
    casesLost: answered.filter((call) => !withCase.has(call.uniqueid)).map((call) => call.uniqueid),
    notAnswered,
    sippFailed,
    sipDrops,
    wallUpdates: ctx.wallUpdates() - wallBefore,
    wallFrames: ctx.wallFrames() - framesBefore,
  };
}

