// AMI and ARI are two sockets: a caller who hangs up at the answer can have AMI's Hangup at the server before
// ARI's StasisStart. The full suite's hostile callers found such a record left in progress for ever. Here the
// two arrive in that order on a migrated in-memory database.
import { expect, it } from 'vitest';
import { CallTracker } from '../../src/calls/call-tracker.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { hotlineMetrics } from '../../src/metrics.ts';
import { freshDatabase } from '../helpers/test-db.ts';

const row = (db: Awaited<ReturnType<typeof freshDatabase>>, uniqueid: string) =>
  db.$client.prepare('select outcome, ended_at as endedAt from calls where uniqueid = ?').get(uniqueid) as { outcome: string; endedAt: string | null };

it('ends the record of a call whose Hangup came before the IVR announced it, at the hang-up’s time', async () => {
  const db = await freshDatabase();
  const tracker = new CallTracker(new CallRepository(db), () => 'zh', hotlineMetrics(), () => undefined);
  const hungUpAt = new Date('2026-12-07T20:21:07.100Z');
  expect(tracker.handle({ type: 'hangup', uniqueid: '1796674848.103', linkedid: '1796674848.103', cause: 16 }, hungUpAt)).toBeUndefined();
  tracker.entered({ uniqueid: '1796674848.103', linkedid: '1796674848.103', caller: '13950000000', at: new Date('2026-12-07T20:21:07.103Z') });
  expect(row(db, '1796674848.103')).toEqual({ outcome: 'ended-in-ivr', endedAt: hungUpAt.toISOString() });

  // a call still on the line is not touched
  tracker.entered({ uniqueid: '1796674848.104', linkedid: '1796674848.104', caller: '13950000001', at: new Date() });
  expect(row(db, '1796674848.104')).toEqual({ outcome: 'in-progress', endedAt: null });
});

it('keeps a bounded number of such hang-ups (most are operators’ legs and Local channels)', async () => {
  const db = await freshDatabase();
  const tracker = new CallTracker(new CallRepository(db), () => 'zh', hotlineMetrics(), () => undefined);
  for (let n = 0; n < 1_001; n++) tracker.handle({ type: 'hangup', uniqueid: `1.${n}`, linkedid: `1.${n}`, cause: 16 }, new Date());
  // the oldest was let go; the newest is kept
  tracker.entered({ uniqueid: '1.0', linkedid: '1.0', caller: '13950000002', at: new Date() });
  tracker.entered({ uniqueid: '1.1000', linkedid: '1.1000', caller: '13950000003', at: new Date() });
  expect(row(db, '1.0').outcome).toBe('in-progress');
  expect(row(db, '1.1000').outcome).toBe('ended-in-ivr');
});
