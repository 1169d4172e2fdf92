// The server under load, as its own process (so /proc counts its CPU apart from the benchmark's clients):
// the real composition root, configured from the environment like `hotline serve`. It answers the
// benchmark over IPC with what only the process itself can see: event-loop delay, the IVR's key → prompt
// samples (Asterisk's timestamps), and its memory.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';
import { mainThreadSchedule, mallocResidentBytes } from './proc.ts';

export type ChildRequest = { type: 'sample' } | { type: 'reset' } | { type: 'stop' } | { type: 'memory' };
/** The memory a leak would show in: after full garbage collections with no call in progress. */
export interface ChildMemory {
  type: 'memory';
  rssBytes: number;
  heapUsedBytes: number;
  /** What RSS is made of besides the live heap: V8's committed heap, memory outside it held by JS objects (buffers). */
  heapTotalBytes: number;
  /** Of the committed heap, the young generation: V8 keeps it grown after a peak while the process allocates. */
  youngBytes: number;
  /** Resident in malloc's main heap and in the other threads' arenas (native memory the allocator kept). */
  mallocMainBytes: number;
  mallocArenaBytes: number;
  externalBytes: number;
  /** The database file's size: SQLite's page cache fills with it, up to its bound. */
  databaseBytes: number;
  /**
   * What the idle process allocated a second (median of the settling seconds: the young generation's fill between
   * two full collections, which empty it). V8 shrinks a grown young generation only while this is below ≈ 1 MB.
   */
  idleAllocBytesPerS: number;
}
export interface ChildSample {
  type: 'sample';
  loopDelayMs: { p50: number; p99: number; max: number };
  dtmfToPromptMs: number[];
  /** Inside the server: AgentCalled handed over by the AMI client → the pop handed to Socket.IO's adapter. */
  popInsideMs: number[];
  /**
   * "PJSIP/1001 <uniqueid>" → [AgentCalled handed over by the AMI client, pop broadcast] (epoch ms, both clocks
   * alike), and the ms the main thread spent waiting for a CPU between the two (the pop's way is synchronous).
   */
  popMoments: [string, number, number, number][];
  /** Garbage-collection pauses of the main thread since the last request: [start (epoch ms), duration ms]. */
  gcPauses: [number, number][];
  rssBytes: number;
  heapUsedBytes: number;
}

const config = loadConfig(process.env);
const hotline = await createHotline(config, createLogger(config.logLevel));
const port = await hotline.start();
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
// Every key → prompt sample since the last request (the server keeps only its last 1,000).
let dtmfToPromptMs: number[] = [];
const samples = hotline.dtmfToPromptMs;
const push = samples.push.bind(samples);
samples.push = (...values: number[]) => {
  dtmfToPromptMs.push(...values);
  return push(...values);
};
// BENCH_PROFILE_DIR: a CPU profile of each level alone (from reset to sample), not of the start-up
const profileDir = process.env.BENCH_PROFILE_DIR;
// BENCH_ALLOC_DIR: a sampling heap profile of each level (what allocates, by function: what the collector has to clear)
const allocDir = process.env.BENCH_ALLOC_DIR;
const profiler = profileDir || allocDir ? new Session() : undefined;
profiler?.connect();
let profiles = 0;
let snapshots = 0;
let popInsideMs: number[] = [];
let popMoments: [string, number, number, number][] = [];
const calledAt = new Map<string, [number, number]>();
const cpuWaitMs = () => mainThreadSchedule('self').waitSeconds * 1000;
const clock = () => performance.timeOrigin + performance.now();
/** The young generation counts as settled at this size or below (it is ≈ 1 MB before the first call, 32 MB at its peak). */
const YOUNG_SETTLED_BYTES = 4 * 2 ** 20;
// every pause the collector made the main thread take (scavenges, the atomic part of mark-compact)
let gcPauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push([performance.timeOrigin + entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });
hotline.ami.prependListener('event', (message) => {
  if (message.event === 'AgentCalled') calledAt.set(`${String(message.interface)} ${String(message.uniqueid)}`, [clock(), cpuWaitMs()]);
});
// the pop leaving the server: Socket.IO's adapter broadcasting it to the operator's room
const adapter = hotline.io.of('/desk').adapter;
const broadcast = adapter.broadcast.bind(adapter);
adapter.broadcast = (packet, options) => {
  const [name, pop] = (packet as { data?: [string, { callId?: string; state?: string }] }).data ?? [];
  if (name === 'screen-pop' && pop?.state === 'ringing') {
    for (const [key, [at, waitedBefore]] of calledAt) {
      if (!key.endsWith(` ${pop.callId}`)) continue;
      calledAt.delete(key);
      const now = clock();
      popInsideMs.push(now - at);
      popMoments.push([key, at, now, cpuWaitMs() - waitedBefore]);
      break;
    }
  }
  broadcast(packet, options);
};
process.send!({ type: 'ready', port });
process.on('message', async (request: ChildRequest) => {
  if (request.type === 'reset') {
    if (profileDir) {
      await profiler?.post('Profiler.enable');
      await profiler?.post('Profiler.start');
    }
    if (allocDir) await profiler?.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    loop.reset();
    dtmfToPromptMs = [];
    popInsideMs = [];
    popMoments = [];
    gcPauses = [];
  } else if (request.type === 'sample') {
    const ms = (ns: number) => ns / 1e6;
    const sample: ChildSample = {
      type: 'sample',
      loopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      dtmfToPromptMs,
      popInsideMs,
      popMoments,
      gcPauses,
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
    dtmfToPromptMs = [];
    popInsideMs = [];
    popMoments = [];
    gcPauses = [];
    ++profiles;
    if (profileDir) {
      const { profile } = await profiler!.post('Profiler.stop');
      // the profile's timestamps are the monotonic clock's (µs); this puts them beside the pops' epoch moments
      const epochMinusMonotonicMs = clock() - Number(process.hrtime.bigint()) / 1e6;
      writeFileSync(join(profileDir, `level-${profiles}-${process.pid}.cpuprofile`), JSON.stringify({ ...profile, epochMinusMonotonicMs }));
    }
    if (allocDir) {
      const { profile } = await profiler!.post('HeapProfiler.stopSampling');
      writeFileSync(join(allocDir, `level-${profiles}-${process.pid}.heapprofile`), JSON.stringify(profile));
    }
    process.send!(sample);
  } else if (request.type === 'memory') {
    // Started with --expose-gc. A full collection a second, for at least 8 s and until the committed heap has not
    // shrunk for 5 s and the young generation is back to a few MB (60 s at most), each of them compacting (V8's
    // --compact-on-every-full-gc, for these only): what stays is what the server holds. Plain collections left the
    // heap's free pages committed — the young generation grown by the start-up's logins and handshakes (76 MB
    // committed for 38 live) until V8's memory reducer found the process idle (≈ 6 s of this), the old
    // generation's half-empty pages after the C = 200 level (68 for 49) for good — a figure that moved with
    // whatever had come before it, not with what was kept.
    const gc = (globalThis as { gc?: () => void }).gc;
    const youngUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
    const youngCommitted = () =>
      getHeapSpaceStatistics()
        .filter((space) => space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
        .reduce((sum, space) => sum + space.space_size, 0);
    const idleAlloc: number[] = [];
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      let smallest = Infinity;
      // V8 shrinks its young generation after a peak at a collection that comes after ≈ 5 s of little allocation
      for (let i = 0, since = 0; i < 60 && (i < 8 || since < 5 || youngCommitted() > YOUNG_SETTLED_BYTES); i++, since++) {
        gc?.();
        const youngAfterGc = youngUsed();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        idleAlloc.push(youngUsed() - youngAfterGc);
        const { heapTotal } = process.memoryUsage();
        if (heapTotal < smallest - 2 ** 20) [smallest, since] = [heapTotal, 0];
      }
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    const usage = process.memoryUsage();
    const sqlite = hotline.db.$client;
    const malloc = mallocResidentBytes('self');
    const memory: ChildMemory = {
      type: 'memory',
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      heapTotalBytes: usage.heapTotal,
      youngBytes: youngCommitted(),
      mallocMainBytes: malloc.mainHeap,
      mallocArenaBytes: malloc.arenas,
      externalBytes: usage.external,
      databaseBytes: Number(sqlite.pragma('page_count', { simple: true })) * Number(sqlite.pragma('page_size', { simple: true })),
      idleAllocBytesPerS: Math.max(0, idleAlloc.sort((a, b) => a - b)[Math.floor(idleAlloc.length / 2)] ?? 0),
    };
    // BENCH_HEAP_DIR: a heap snapshot with each settled figure, to see what a growth is made of
    if (process.env.BENCH_HEAP_DIR) writeHeapSnapshot(join(process.env.BENCH_HEAP_DIR, `settled-${++snapshots}-${process.pid}.heapsnapshot`));
    process.send!(memory);
  } else if (request.type === 'stop') {
    await hotline.stop();
    // a normal exit, so that --cpu-prof writes its profile
    process.exit(0);
  }
});
