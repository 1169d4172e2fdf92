// The report: one table per concurrency level, each measure against the target.
import { ms, type Percentiles } from './stats.ts';

/** The server's memory after full garbage collections with no call in progress, MB: RSS and what it is made of. */
export interface SettledMemory {
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  youngMb: number;
  mallocMainMb: number;
  mallocArenaMb: number;
  externalMb: number;
  databaseMb: number;
  /** What the idle server allocated a second while it settled (median): V8 shrinks its young generation below ≈ 1. */
  idleAllocMbPerS: number;
}

export interface PhaseResult {
  concurrency: number;
  calls: number;
  rate: number;
  talkSeconds: number;
  seconds: number;
  desks: number;
  wallboards: number;
  sipp: { offered: number; successful: number; failed: number };
  answered: number;
  pop: Percentiles;
  popInside: Percentiles;
  popLegs: { toServer: Percentiles; inServer: Percentiles; toDesk: Percentiles };
  popsMissing: string[];
  ivr: Percentiles;
  floor: Percentiles;
  cpu: { server: number; asterisk: number; serverMainThread: number };
  rssMb: { before: number; after: number };
  heapUsedMb: number;
  /** After the level: full garbage collections, no call in progress (set by the benchmark after the level). */
  settled?: SettledMemory;
  loopDelayP99Ms: number;
  /** The server's main thread on the scheduler: seconds run, seconds runnable but waiting for a CPU; that wait on the pops' way through the server. */
  schedule: { runSeconds: number; waitSeconds: number; popInServerWaitMs: Percentiles; clientRunSeconds: number; clientWaitSeconds: number; deskRunSeconds: number; deskWaitSeconds: number };
  /** The server's garbage-collection pauses over the level; pops over 8 ms, and those with a pause on their way. */
  gc: { pauses: Percentiles; totalMs: number; slowPops: number; slowPopsWithGc: number };
  clientLoopDelayP99Ms: number;
  deskLoopDelayP99Ms: number;
  casesWritten: number;
  casesLost: string[];
  notAnswered: string[];
  /** Each call SIPp counted as failed: the server's uniqueid, the number, SIPp's Call-ID and why. */
  sippFailed: string[];
  /** SIP datagrams the kernel dropped at a full receive buffer: the phones' SIPp responder, Asterisk, the callers' SIPp. */
  sipDrops: { phones: number; asterisk: number; callers: number };
  wallUpdates: number;
  /** The frames that carried them (a message each per wallboard). */
  wallFrames: number;
}

const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

export function phaseTable(r: PhaseResult): string {
  const serverPerCall = (r.cpu.server / Math.max(1, r.answered)) * 1000;
  const asteriskPerCall = (r.cpu.asterisk / Math.max(1, r.answered)) * 1000;
  const ratio = r.cpu.server / r.cpu.asterisk;
  const clean = r.sipp.failed === 0 && r.popsMissing.length === 0 && r.casesLost.length === 0 && r.notAnswered.length === 0;
  const rows: [string, string, string, string][] = [
    [
      'calls offered / answered / failed (SIPp callers), not answered by an operator',
      `${r.sipp.offered} / ${r.answered} / ${r.sipp.failed}, ${r.notAnswered.length}`,
      '0 failed',
      mark(r.sipp.failed === 0 && r.notAnswered.length === 0),
    ],
    ['screen pops received / missing', `${r.pop.n} / ${r.popsMissing.length}`, '0 missing', mark(r.popsMissing.length === 0)],
    ['draft cases written / lost (answered calls without one)', `${r.casesWritten} / ${r.casesLost.length}`, '0 lost', mark(r.casesLost.length === 0)],
    ['screen pop, raw AMI receipt → desk client: p50 / p99 / max ms', `${ms(r.pop.p50)} / ${ms(r.pop.p99)} / ${ms(r.pop.max)}`, 'p50 ≤ 3, p99 ≤ 8', mark(r.pop.p50 <= 3 && r.pop.p99 <= 8)],
    [
      '… its legs, p50 / p99 ms: raw receipt → the server’s AMI client hands AgentCalled over; → pop to Socket.IO; → desk client',
      `${ms(r.popLegs.toServer.p50)} / ${ms(r.popLegs.toServer.p99)}; ${ms(r.popLegs.inServer.p50)} / ${ms(r.popLegs.inServer.p99)}; ${ms(r.popLegs.toDesk.p50)} / ${ms(r.popLegs.toDesk.p99)}`,
      '—',
      '',
    ],
    ['IVR key → next prompt (Asterisk timestamps): p50 / p99 ms (n)', `${ms(r.ivr.p50)} / ${ms(r.ivr.p99)} (${r.ivr.n})`, 'p99 ≤ 5', mark(r.ivr.p99 <= 5)],
    ['floor: bare ARI stop + play, same run: p50 / p99 ms (n)', `${ms(r.floor.p50)} / ${ms(r.floor.p99)} (${r.floor.n})`, '—', ''],
    [
      'CPU s server (its main thread) / Asterisk; per answered call ms; ratio',
      `${r.cpu.server.toFixed(1)} (${r.cpu.serverMainThread.toFixed(1)}) / ${r.cpu.asterisk.toFixed(1)}; ${serverPerCall.toFixed(1)} / ${asteriskPerCall.toFixed(1)}; ${ratio.toFixed(3)}`,
      'ratio ≤ 0.25',
      mark(ratio <= 0.25),
    ],
    [
      `server RSS before → after MB (V8 heap used after); settled after the level (full GC, no call): ${SETTLED_PARTS}`,
      `${r.rssMb.before.toFixed(0)} → ${r.rssMb.after.toFixed(0)} (${r.heapUsedMb.toFixed(0)}); ${r.settled ? settledText(r.settled) : '—'}`,
      '—',
      '',
    ],
    ['event-loop delay p99 ms: server / the desks’ process / the benchmark’s own (wallboards)', `${ms(r.loopDelayP99Ms)} / ${ms(r.deskLoopDelayP99Ms)} / ${ms(r.clientLoopDelayP99Ms)}`, '—', ''],
    [
      'main thread, s run / s runnable but waiting for a CPU: server; the desks; the benchmark (wallboards) — and the server’s wait on the pop’s way through it, p50 / p99 ms',
      `${r.schedule.runSeconds.toFixed(1)} / ${r.schedule.waitSeconds.toFixed(1)}; ${r.schedule.deskRunSeconds.toFixed(1)} / ${r.schedule.deskWaitSeconds.toFixed(1)}; ${r.schedule.clientRunSeconds.toFixed(1)} / ${r.schedule.clientWaitSeconds.toFixed(1)} — ${ms(r.schedule.popInServerWaitMs.p50)} / ${ms(r.schedule.popInServerWaitMs.p99)}`,
      '—',
      '',
    ],
    [
      'server garbage-collection pauses: n, total ms, p50 / p99 / max ms; pops over 8 ms: n, with a pause on their way',
      `${r.gc.pauses.n}, ${r.gc.totalMs.toFixed(0)}, ${ms(r.gc.pauses.p50)} / ${ms(r.gc.pauses.p99)} / ${ms(r.gc.pauses.max)}; ${r.gc.slowPops}, ${r.gc.slowPopsWithGc}`,
      '—',
      '',
    ],
    [
      'SIP datagrams dropped at a full socket buffer (the kernel’s count): the operators’ phones (SIPp) / Asterisk / the callers (SIPp)',
      `${r.sipDrops.phones} / ${r.sipDrops.asterisk} / ${r.sipDrops.callers}`,
      '—',
      '',
    ],
    ['wallboard updates received (all clients), in frames', `${r.wallUpdates} in ${r.wallFrames}`, '—', ''],
  ];
  return [
    `### C = ${r.concurrency}: ${r.calls} calls at ${r.rate}/s, talk ${r.talkSeconds} s, ${r.desks} desks, ${r.wallboards} wallboards, ${r.seconds.toFixed(0)} s — ${clean ? 'no call, pop or case lost' : 'losses below'}`,
    '',
    '| measure | measured | target | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    ...(r.notAnswered.length ? ['', `Not answered: ${r.notAnswered.slice(0, 20).join(', ')}${r.notAnswered.length > 20 ? ' …' : ''}`] : []),
    // every one of them (they are few, and each is looked into)
    ...(r.sippFailed.length ? ['', 'Failed (SIPp callers): the server’s uniqueid (number, SIPp’s Call-ID): SIPp’s reason', '', ...r.sippFailed.map((line) => `- ${line}`)] : []),
    ...(r.popsMissing.length ? ['', `Missing pops (agent uniqueid): ${r.popsMissing.slice(0, 20).join(', ')}${r.popsMissing.length > 20 ? ' …' : ''}`] : []),
    ...(r.casesLost.length ? ['', `Answered without a case: ${r.casesLost.slice(0, 20).join(', ')}`] : []),
  ].join('\n');
}

export const settledText = (m: SettledMemory): string =>
  `${m.rssMb.toFixed(0)} (${m.heapMb.toFixed(0)} / ${m.heapTotalMb.toFixed(0)}, young ${m.youngMb.toFixed(0)}; malloc ${m.mallocMainMb.toFixed(0)} + ${m.mallocArenaMb.toFixed(0)}; ${m.externalMb.toFixed(0)}; ${m.databaseMb.toFixed(1)}; ${m.idleAllocMbPerS.toFixed(2)})`;

/** What settledText's figures are, for the report's headings. */
export const SETTLED_PARTS = 'RSS (V8 heap used / committed, young generation of it; malloc: main heap + other threads’ arenas; external buffers; database file; MB allocated a second while idle)';
