// The screen pop goes out as soon as the call's draft has its number: the draft's row, indexes and commit come
// after it. A write that fails after that sends the pop again without the draft it named.
import { describe, expect, it } from 'vitest';
import { CallTracker } from '../../src/calls/call-tracker.ts';
import type { CaseRecord } from '../../src/cases/case-model.ts';
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { ScreenPopService, type ScreenPop } from '../../src/desk/screen-pop.ts';
import { createLogger } from '../../src/log.ts';
import { hotlineMetrics } from '../../src/metrics.ts';
import type { QueueEvent } from '../../src/queues/queue-events.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

type Ring = Extract<QueueEvent, { type: 'agent-called' }>;
const at = new Date('2026-11-23T02:00:00Z');
const ring = (uniqueid: string): Ring => ({
  type: 'agent-called',
  uniqueid,
  linkedid: uniqueid,
  caller: '13800138000',
  queue: 'hotline-zh',
  lang: 'zh',
  intent: 'complaint',
  callbackId: undefined,
  agentInterface: 'PJSIP/1001',
  memberName: 'op1001',
});

async function setup(options: { failingTrail?: boolean } = {}) {
  const db = freshDatabase();
  const op = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  const settings = new SettingsRepository(db);
  const registry = options.failingTrail
    ? new (class extends CaseRegistryRepository {
        override appendEvent(): void {
          throw new Error('database or disk is full');
        }
      })(db)
    : new CaseRegistryRepository(db);
  const cases = new CaseService(registry, new DeadlineClock(() => settings.timeLimits()), () => at);
  const calls = new CallRepository(db);
  const metrics = hotlineMetrics();
  const tracker = new CallTracker(calls, () => 'zh', metrics, () => op.id);
  /** Each pop as the desk got it, and whether its draft was stored at that moment. */
  const sent: { pop: ScreenPop; stored: CaseRecord | undefined }[] = [];
  const pops = new ScreenPopService(
    (agentInterface) => (agentInterface === 'PJSIP/1001' ? { id: op.id, role: 'operator', departmentId: null } : undefined),
    { byUniqueid: (uniqueid) => calls.byUniqueid(uniqueid), recordRing: (event, receivedAt) => tracker.handle(event, new Date(receivedAt)) },
    cases,
    { screenPop: (_userId, pop) => sent.push({ pop, stored: pop.case ? registry.byNumber(pop.case.number) : undefined }) },
    metrics,
    createLogger('silent'),
  );
  const failures = async () => (await metrics.registry.getSingleMetric('hotline_screen_pop_failures_total')!.get()).values;
  return { calls, cases, tracker, pops, sent, failures };
}

describe('the screen pop and the call’s draft', () => {
  it('pops before the draft’s row is written; the draft is then stored under the number the desk was shown', async () => {
    const { calls, cases, pops, sent } = await setup();
    calls.ensure({ uniqueid: '1.1', linkedid: '1.1', caller: '13800138000', enteredAt: at.toISOString() });
    pops.onAgentCalled(ring('1.1'), at.getTime());
    expect(sent).toHaveLength(1);
    const [{ pop, stored }] = sent as [(typeof sent)[number]];
    expect(pop).toMatchObject({ state: 'ringing', callId: '1.1', case: { status: 'draft', kind: 'complaint' } });
    expect(stored).toBeUndefined();
    expect(cases.registry.byNumber(pop.case!.number)).toMatchObject({ status: 'draft', callId: calls.byUniqueid('1.1')!.id, kind: 'complaint' });
    expect(pops.currentPop(1)).toEqual(pop);
  });

  it('records a ring of a call it has no record of (its queue join missed), and drafts the case for it', async () => {
    const { calls, cases, pops, sent } = await setup();
    pops.onAgentCalled(ring('2.1'), at.getTime());
    const call = calls.byUniqueid('2.1');
    expect(call).toMatchObject({ caller: '13800138000', ringAt: at.toISOString(), queuedAt: at.toISOString() });
    expect(cases.registry.byCallId(call!.id)?.number).toBe(sent[0]!.pop.case!.number);
  });

  it('sends the pop again without the draft when the draft’s write fails after its number went out', async () => {
    const { calls, cases, pops, sent, failures } = await setup({ failingTrail: true });
    const call = calls.ensure({ uniqueid: '3.1', linkedid: '3.1', caller: '13800138000', enteredAt: at.toISOString() });
    pops.onAgentCalled(ring('3.1'), at.getTime());
    expect(sent.map(({ pop }) => pop.case?.status ?? null)).toEqual(['draft', null]);
    expect(sent[1]!.pop).toEqual({ ...sent[0]!.pop, case: null });
    expect(cases.registry.byCallId(call.id)).toBeUndefined();
    expect(pops.currentPop(1)?.case).toBeNull();
    expect(await failures()).toEqual([expect.objectContaining({ labels: { reason: 'no-draft' }, value: 1 })]);
  });

  it('writes a ring’s facts of the call in one commit', async () => {
    const { calls, tracker } = await setup();
    calls.ensure({ uniqueid: '4.1', linkedid: '4.1', caller: '13800138000', enteredAt: at.toISOString() });
    const commits: number[] = [];
    const original = calls.inOneCommit.bind(calls);
    calls.inOneCommit = <T>(work: () => T): T => {
      commits.push(1);
      return original(work);
    };
    tracker.handle(ring('4.1'), at);
    expect(commits).toHaveLength(1);
    expect(calls.byUniqueid('4.1')).toMatchObject({ queuedAt: at.toISOString(), ringAt: at.toISOString() });
  });
});
