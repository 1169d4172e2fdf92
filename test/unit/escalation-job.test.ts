// The escalation job (督办) over a real migrated database, with the clock moved by the test.
import { describe, expect, it } from 'vitest';
import { performAction } from '../../src/cases/case-actions.ts';
import type { Actor } from '../../src/cases/case-model.ts';
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { DEFAULT_TIME_LIMITS } from '../../src/cases/time-limits.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

async function setup(start: string) {
  const db = freshDatabase();
  const operator = await addUser(db, { username: 'op', role: 'operator' });
  const supervisor = await addUser(db, { username: 'sup', role: 'supervisor' });
  let now = new Date(start);
  const service = new CaseService(new CaseRegistryRepository(db), new DeadlineClock(() => DEFAULT_TIME_LIMITS), () => now);
  const op: Actor = { id: operator.id, role: 'operator', departmentId: null };
  const sup: Actor = { id: supervisor.id, role: 'supervisor', departmentId: null };
  const created = service.create(
    { kind: 'complaint', lang: 'zh', citizenPhone: '13800138000', subject: '洗衣机漏电', description: '新买的洗衣机外壳带电' },
    op,
  );
  return { db, service, op, sup, number: created.number, setNow: (iso: string) => (now = new Date(iso)) };
}

describe('escalation job', () => {
  it('turns a complaint yellow near its deadline and red after it, escalating the missed deadline once', async () => {
    // Registered Monday 2 Nov 2026: 15 working days of handling run to the end of Monday 23 Nov.
    const { db, service, op, number, setNow } = await setup('2026-11-02T02:00:00Z');
    const registered = performAction(service, number, { action: 'register' }, op);
    expect(registered.dueAt).toBe('2026-11-23T15:59:59.999Z');

    // Green until Wednesday 18 Nov (Beijing), when 3 working days are left after the day (20 % of 15): the
    // pass looks at the case only then.
    expect(registered).toMatchObject({ colour: 'green', nextCheckAt: '2026-11-17T16:00:00.000Z' });
    setNow('2026-11-05T02:00:00Z');
    expect(await service.evaluateDeadlines()).toEqual({ evaluated: 0, escalated: [] });
    setNow('2026-11-19T02:00:00Z'); // Thursday
    expect(await service.evaluateDeadlines()).toEqual({ evaluated: 1, escalated: [] });
    // yellow now; red the millisecond after the deadline
    expect(service.registry.byNumber(number)).toMatchObject({ colour: 'yellow', nextCheckAt: '2026-11-23T16:00:00.000Z' });

    setNow('2026-11-24T01:00:00Z'); // Tuesday morning, Beijing: overdue
    expect(await service.evaluateDeadlines()).toEqual({ evaluated: 1, escalated: [number] });
    expect(service.registry.byNumber(number)).toMatchObject({ colour: 'red', nextCheckAt: null });
    expect(await service.evaluateDeadlines()).toEqual({ evaluated: 0, escalated: [] });
    expect(service.registry.openSupervision()).toEqual([expect.objectContaining({ caseNumber: number, kind: 'overdue', deadline: '2026-11-23T15:59:59.999Z' })]);
    const trail = service.registry.history(registered.id).map((event) => event.action);
    expect(trail).toEqual(['create', 'register', 'overdue']);
    expect(db.$client.prepare(`select count(*) as n from supervision_records`).get()).toEqual({ n: 1 });
  });

  it('escalates a complaint whose registration decision (7 working days) is late', async () => {
    const { service, number, setNow } = await setup('2026-09-30T02:00:00Z');
    expect(service.registry.byNumber(number)).toMatchObject({ stage: 'registration', stageDueAt: '2026-10-15T15:59:59.999Z' });
    setNow('2026-10-16T02:00:00Z');
    expect((await service.evaluateDeadlines()).escalated).toEqual([number]);
  });

  it('closes the supervision when the case moves on', async () => {
    const { service, op, sup, number, setNow } = await setup('2026-11-02T02:00:00Z');
    performAction(service, number, { action: 'register' }, op);
    setNow('2026-11-24T01:00:00Z');
    await service.evaluateDeadlines();
    performAction(service, number, { action: 'reply', reply: '已当场答复' }, sup);
    expect(service.registry.openSupervision()).toEqual([]);
  });

  it('refuses an extension once the deadline has passed', async () => {
    const { service, op, number, setNow } = await setup('2026-11-02T02:00:00Z');
    performAction(service, number, { action: 'register' }, op);
    setNow('2026-11-24T01:00:00Z');
    expect(() => performAction(service, number, { action: 'request-extension', extraWorkingDays: 3, reason: '送检' }, op)).toThrow(/already overdue/);
  });

  it('works a few cases at a time, yielding to the event loop between slices', async () => {
    const { db, service, op, setNow } = await setup('2026-11-02T02:00:00Z');
    for (let i = 0; i < 99; i++) service.create({ kind: 'complaint', lang: 'zh', citizenPhone: '13800138000', subject: `投诉 ${i}`, description: '描述' }, op);
    db.$client.prepare(`update cases set next_check_at = '2026-11-01T00:00:00.000Z'`).run();
    setNow('2026-11-05T02:00:00Z');
    let yields = 0;
    const result = await service.evaluateDeadlines({ sliceMs: 0, yieldToLoop: async () => void yields++ });
    expect(result.evaluated).toBe(100);
    // 16 cases at most between two yields
    expect(yields).toBeGreaterThanOrEqual(6);
    // each now waits for its own next change: the end of its registration limit
    expect(db.$client.prepare(`select count(*) as n from cases where next_check_at <= '2026-11-05T02:00:00.000Z'`).get()).toEqual({ n: 0 });
  });

  it('uses the index on the next check, never a scan of every open case', async () => {
    const { db } = await setup('2026-11-02T02:00:00Z');
    const plan = db.$client
      .prepare(`explain query plan select id from cases c where c.next_check_at <= ? and c.status not in ('closed', 'not-accepted', 'merged') order by c.next_check_at limit 32`)
      .all('2026-11-05T00:00:00Z') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX cases_next_check_idx/);
  });
});
