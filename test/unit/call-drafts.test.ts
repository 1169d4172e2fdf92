// A call's draft case goes through the case service like any other: deadlines by kind, an audit trail,
// and the operator who answers becomes its creator.
import { describe, expect, it } from 'vitest';
import { isValidCaseNumber } from '../../src/cases/case-number.ts';
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

async function setup() {
  const db = freshDatabase();
  const settings = new SettingsRepository(db);
  const at = new Date('2026-11-23T02:00:00Z');
  const service = new CaseService(new CaseRegistryRepository(db), new DeadlineClock(() => settings.timeLimits()), () => at);
  const calls = new CallRepository(db);
  const op = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  const op2 = await addUser(db, { username: 'op1002', role: 'operator', extension: '1002' });
  const call = (n: string) => calls.ensure({ uniqueid: `1.${n}`, linkedid: `1.${n}`, caller: '13800138000', enteredAt: at.toISOString() });
  const events = () => db.$client.prepare(`select action, actor_user_id as actor, details from case_events order by id`).all();
  return { db, service, at, op, op2, call, events };
}

describe('the draft case of a call', () => {
  it('and the answer’s take are committed without a disk sync of their own; the operator’s first save syncs them', async () => {
    const { db, at, op, call } = await setup();
    const commits: (string | undefined)[] = [];
    const registry = new (class extends CaseRegistryRepository {
      override transaction<T>(work: () => T, durability?: 'power-cut' | 'crash'): T {
        commits.push(durability);
        return super.transaction(work, durability);
      }
    })(db);
    const settings = new SettingsRepository(db);
    const service = new CaseService(registry, new DeadlineClock(() => settings.timeLimits()), () => at);
    const first = call('1');
    const draft = service.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'zh', kind: null, at });
    service.callAnswered(first.id, op.id);
    expect(commits).toEqual(['crash', 'crash']);
    service.update(draft.number, { subject: 'a heater that sparks' }, { id: op.id, role: 'operator', departmentId: null });
    expect(commits).toEqual(['crash', 'crash', undefined]);
    expect(registry.byNumber(draft.number)).toMatchObject({ status: 'draft', callId: first.id });
    expect(registry.transaction(() => db.$client.pragma('synchronous', { simple: true }), 'crash')).toBe(1);
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('is announced with its number before its row is written, and a write failing after that gives the number back', async () => {
    const { db, service, at, call, events } = await setup();
    const first = call('1');
    const announced: { number: string; stored: boolean }[] = [];
    const draft = service.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'zh', kind: 'complaint', at }, (view) => {
      announced.push({ number: view.number, stored: service.registry.byNumber(view.number) !== undefined });
      expect(view).toEqual({ number: expect.any(String), status: 'draft', kind: 'complaint' });
    });
    expect(announced).toEqual([{ number: draft.number, stored: false }]);
    expect(service.registry.byNumber(draft.number)).toMatchObject({ status: 'draft', callId: first.id });
    // a call ringing again: its draft announced as it is, nothing written
    const again: string[] = [];
    service.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'zh', kind: null, at }, (view) => again.push(view.number));
    expect(again).toEqual([draft.number]);

    const failing = new (class extends CaseRegistryRepository {
      override appendEvent(): void {
        throw new Error('disk I/O error');
      }
    })(db);
    const broken = new CaseService(failing, new DeadlineClock(() => new SettingsRepository(db).timeLimits()), () => at);
    const second = call('2');
    const lost: string[] = [];
    expect(() => broken.draftForCall({ callId: second.id, callerPhone: '13800138000', lang: 'zh', kind: null, at }, (view) => lost.push(view.number))).toThrow('disk I/O error');
    expect(lost).toHaveLength(1);
    expect(service.registry.byNumber(lost[0]!)).toBeUndefined();
    expect(service.registry.byCallId(second.id)).toBeUndefined();
    // the number went back with the rollback: the next draft of the day takes it
    expect(service.draftForCall({ callId: second.id, callerPhone: '13800138000', lang: 'zh', kind: null, at }).number).toBe(lost[0]);
    expect(events()).toHaveLength(2);
  });

  it('is one case per call, numbered in sequence per day, with the audit trail starting at create', async () => {
    const { service, at, call, events } = await setup();
    const first = call('1');
    const second = call('2');
    const a = service.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'en', kind: 'consultation', at });
    const again = service.draftForCall({ callId: first.id, callerPhone: '13800138000', lang: 'en', kind: null, at });
    const b = service.draftForCall({ callId: second.id, callerPhone: '13800138000', lang: 'zh', kind: null, at });
    expect(again.number).toBe(a.number);
    expect(a.number.slice(0, 11)).toBe('26112300001');
    expect(b.number.slice(0, 11)).toBe('26112300002');
    expect(isValidCaseNumber(a.number) && isValidCaseNumber(b.number)).toBe(true);
    expect(a).toMatchObject({ status: 'draft', lang: 'en', kind: 'consultation', channel: 'phone', callId: first.id, createdBy: null });
    expect(events()).toEqual([
      { action: 'create', actor: null, details: JSON.stringify({ channel: 'phone', callId: first.id }) },
      { action: 'create', actor: null, details: JSON.stringify({ channel: 'phone', callId: second.id }) },
    ]);
  });

  it('of a complaint runs against the registration deadline like an API draft, so it is escalated when late', async () => {
    const { service, at, call } = await setup();
    const draft = service.draftForCall({ callId: call('1').id, callerPhone: '13800138000', lang: 'zh', kind: 'complaint', at });
    // 7 working days from Monday 23 Nov 2026: due at the end of Wednesday 2 Dec, Beijing time
    expect(draft).toMatchObject({ stage: 'registration', stageDueAt: '2026-12-02T15:59:59.999Z', colour: 'green' });
  });

  it('belongs to the operator who answered, who then sees what they type on a confidential case', async () => {
    const { service, at, op, op2, call, events } = await setup();
    const draft = service.draftForCall({ callId: call('1').id, callerPhone: '13800138000', lang: 'zh', kind: 'report', at });
    service.callAnswered(draft.callId!, op.id);
    service.callAnswered(draft.callId!, op.id);
    const taken = service.registry.byNumber(draft.number)!;
    expect(taken.createdBy).toBe(op.id);
    expect(events().filter((e) => (e as { action: string }).action === 'take')).toEqual([
      { action: 'take', actor: op.id, details: JSON.stringify({ callId: draft.callId, from: null }) },
    ]);
    const opActor = { id: op.id, role: 'operator' as const, departmentId: null };
    const updated = service.update(draft.number, { confidential: true, citizenName: '李四' }, opActor);
    expect(updated).toMatchObject({ confidential: true, citizenName: '李四' });
    const { caseView } = await import('../../src/cases/case-service.ts');
    expect(caseView(updated, opActor)).toMatchObject({ citizenName: '李四', masked: false });
    expect(caseView(updated, { id: op2.id, role: 'operator', departmentId: null })).toMatchObject({ citizenName: '***', masked: true });
  });
});
