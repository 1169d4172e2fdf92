// The gauges read at scrape time, and the call counters started from the call records.
import type { LiveModel } from '../live/live-model.ts';
import type { WallService } from '../live/wall-service.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { WallRepository } from '../db/wall-repository.ts';

export function wireMetrics(
  metrics: HotlineMetrics,
  sources: { amiConnected: () => boolean; ariConnected: () => boolean; ivrCalls: () => number; live: LiveModel; wall: WallService; store: WallRepository; queues: readonly string[] },
): void {
  const { live, wall, store, queues } = sources;
  metrics.gauge('hotline_pbx_connected', 'Whether the AMI and ARI connections are up (1) or not (0)', ['link'], () => [
    { labels: { link: 'ami' }, value: sources.amiConnected() ? 1 : 0 },
    { labels: { link: 'ari' }, value: sources.ariConnected() ? 1 : 0 },
  ]);
  metrics.gauge('hotline_ivr_calls', 'Callers in the IVR now', [], () => [{ labels: {}, value: sources.ivrCalls() }]);
  metrics.gauge('hotline_callers_waiting', 'Callers waiting in each queue now', ['queue'], () => queues.map((queue) => ({ labels: { queue }, value: live.waiting(queue).length })));
  metrics.gauge('hotline_longest_wait_seconds', 'How long the caller waiting longest in each queue has waited', ['queue'], () =>
    queues.map((queue) => {
      const since = live.longestWaitSince(queue);
      return { labels: { queue }, value: since === null ? 0 : Math.max(0, (Date.now() - since) / 1000) };
    }),
  );
  metrics.gauge('hotline_operators', 'Operators by status (offline, available, ringing, on-call, wrap-up, paused)', ['status'], () =>
    Object.entries(wall.kpiView().live.agentsByStatus).map(([status, value]) => ({ labels: { status }, value: value ?? 0 })),
  );
  // The call counters go on from where the call records stand, so a restart does not zero them.
  for (const row of store.callTotals()) {
    if (row.offered > 0) metrics.callsQueued({ queue: row.queue }, row.offered);
    if (row.answered > 0) metrics.callsAnswered({ queue: row.queue }, row.answered);
    if (row.abandoned > 0) metrics.callsAbandoned({ queue: row.queue }, row.abandoned);
    if (row.overflowed > 0) metrics.callsOverflowed({ queue: row.queue }, row.overflowed);
  }
}
