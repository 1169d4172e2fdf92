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

    setNow('2026-11-05T02:00:00Z');
    expect(service.evaluateDeadlines()).toMatchObject({ evaluated: 1, escalated: [], colours: { green: 1 } });
    setNow('2026-11-19T02:00:00Z'); // Thursday: 2 working days left after today ≤ 20 % of 15
    expect(service.evaluateDeadlines().colours.yellow).toBe(1);
    expect(service.registry.byNumber(number)?.colour).toBe('yellow');

    setNow('2026-11-24T01:00:00Z'); // Tuesday morning, Beijing: overdue
    expect(service.evaluateDeadlines()).toMatchObject({ escalated: [number], colours: { red: 1 } });
    expect(service.evaluateDeadlines().escalated).toEqual([]);
    expect(service.registry.openSupervision()).toEqual([expect.objectContaining({ caseNumber: number, kind: 'overdue', deadline: '2026-11-23T15:59:59.999Z' })]);
    const trail = service.registry.history(registered.id).map((event) => event.action);
    expect(trail).toEqual(['create', 'register', 'overdue']);
    expect(db.$client.prepare(`select count(*) as n from supervision_records`).get()).toEqual({ n: 1 });
  });

  it('escalates a complaint whose registration decision (7 working days) is late', async () => {
    const { service, number, setNow } = await setup('2026-09-30T02:00:00Z');
    expect(service.registry.byNumber(number)).toMatchObject({ stage: 'registration', stageDueAt: '2026-10-15T15:59:59.999Z' });
    setNow('2026-10-16T02:00:00Z');
    expect(service.evaluateDeadlines().escalated).toEqual([number]);
  });

  it('closes the supervision when the case moves on', async () => {
    const { service, op, sup, number, setNow } = await setup('2026-11-02T02:00:00Z');
    performAction(service, number, { action: 'register' }, op);
    setNow('2026-11-24T01:00:00Z');
    service.evaluateDeadlines();
    performAction(service, number, { action: 'reply', reply: '已当场答复' }, sup);
    expect(service.registry.openSupervision()).toEqual([]);
  });

  it('refuses an extension once the deadline has passed', async () => {
    const { service, op, number, setNow } = await setup('2026-11-02T02:00:00Z');
    performAction(service, number, { action: 'register' }, op);
    setNow('2026-11-24T01:00:00Z');
    expect(() => performAction(service, number, { action: 'request-extension', extraWorkingDays: 3, reason: '送检' }, op)).toThrow(/already overdue/);
  });
});
