// The operators' desks as a process and session of its own (apart.ts): the pop's last leg ends here, and in the
// benchmark's own process it waited behind the wallboards' updates (on a deployment the desks are other
// machines). It reports, per level, its event-loop delay and its main thread's time run and waiting for a CPU.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serveApart } from './apart.ts';
import { connectDesks } from './clients.ts';
import { mainThreadSchedule } from './proc.ts';

export type DeskRequest = { type: 'connect'; desks: { extension: string; token: string }[] } | { type: 'count' } | { type: 'pops' } | { type: 'level' };
export type DeskMessage =
  | { type: 'ready' }
  | { type: 'connected' }
  | { type: 'count'; pops: number }
  | { type: 'pops'; pops: [string, number][] }
  /** Since the previous `level` request. */
  | { type: 'level'; loopDelayP99Ms: number; runSeconds: number; waitSeconds: number };

const [baseUrl] = process.argv.slice(2) as [string];
let desks: Awaited<ReturnType<typeof connectDesks>> | undefined;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let schedule = mainThreadSchedule('self');
serveApart<DeskRequest, DeskMessage>(
  async (request) => {
    switch (request.type) {
      case 'connect':
        desks = await connectDesks(baseUrl, request.desks);
        return { type: 'connected' };
      case 'count':
        return { type: 'count', pops: desks?.pops.size ?? 0 };
      case 'pops':
        return { type: 'pops', pops: [...(desks?.pops ?? [])] };
      case 'level': {
        const now = mainThreadSchedule('self');
        const figures = { loopDelayP99Ms: loop.percentile(99) / 1e6, runSeconds: now.runSeconds - schedule.runSeconds, waitSeconds: now.waitSeconds - schedule.waitSeconds };
        schedule = now;
        loop.reset();
        return { type: 'level', ...figures };
      }
    }
  },
  () => desks?.close(),
);
