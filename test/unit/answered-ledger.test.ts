// The dialplan's ledger of answered calls, applied to a migrated database: a call the server never saw gets
// its record and draft case, a missed answer is filled in, reading the ledger again changes nothing, an
// answer older than this database is another database's, and a draft someone has taken stays theirs.
import { describe, expect, it } from 'vitest';
import { AnsweredLedger, ledgerFamilies, parseAnsweredEntry } from '../../src/calls/answered-ledger.ts';
import { CaseService } from '../../src/cases/case-service.ts';
import { DeadlineClock } from '../../src/cases/deadlines.ts';
import { createLogger } from '../../src/log.ts';
import { CallRepository } from '../../src/db/call-repository.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { answeredLedgerSince } from '../../src/db/answered-ledger-repository.ts';
import { addUser, freshDatabase } from '../helpers/test-db.ts';

const SINCE = new Date('2026-11-22T01:00:00Z');
const epoch = (iso: string) => String(Date.parse(iso) / 1000);

async function setup(entries: { key: string; value: string }[]) {
  const db = freshDatabase();
  const settings = new SettingsRepository(db);
  const cases = new CaseService(new CaseRegistryRepository(db), new DeadlineClock(() => settings.timeLimits()));
  const calls = new CallRepository(db);
  const op1 = await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
  const op2 = await addUser(db, { username: 'op1002', role: 'operator', extension: '1002' });
  const ids: Record<string, number> = { 'PJSIP/1001': op1.id, 'PJSIP/1002': op2.id };
  const ledger = new AnsweredLedger(async () => entries, calls, cases, (agentInterface) => ids[agentInterface], (lang) => `hotline-${lang}`, createLogger('silent'), SINCE);
  const caseOf = (callId: number) => db.$client.prepare(`select number, status, created_by as createdBy, kind, channel from cases where call_id = ?`).all(callId);
  return { db, calls, cases, ledger, op1, op2, caseOf };
}

describe('the ledger of answered calls', () => {
  it('reads its entries and names a day family per UTC day', () => {
    expect(parseAnsweredEntry('/hotline-answered-20261122/1795311196.0', `${epoch('2026-11-22T01:33:20Z')}|PJSIP/1001|en|13900000006|report|failsafe|${epoch('2026-11-22T01:33:16Z')}`)).toEqual({
      uniqueid: '1795311196.0',
      answeredAt: new Date('2026-11-22T01:33:20Z'),
      agentInterface: 'PJSIP/1001',
      lang: 'en',
      caller: '13900000006',
      intent: 'report',
      path: 'failsafe',
      enteredAt: new Date('2026-11-22T01:33:16Z'),
    });
    expect(parseAnsweredEntry('/hotline-answered-20261122/h4a.1', '1|PJSIP/1001')).toBeUndefined();
    expect(parseAnsweredEntry('/hotline-answered-20261122/1.2', 'x|PJSIP/1001')).toBeUndefined();
    expect(ledgerFamilies(new Date('2026-03-01T00:30:00Z'))).toEqual(['hotline-answered-20260301', 'hotline-answered-20260228', 'hotline-answered-20260227']);
  });

  it('gives a call answered while the server was away its record and case, once, and leaves older answers alone', async () => {
    const answered = '2026-11-22T01:10:05Z';
    const { db, calls, cases, ledger, op1, op2, caseOf } = await setup([
      // never seen: dialled while the server was dead
      { key: '/hotline-answered-20261122/1795300000.1', value: `${epoch(answered)}|PJSIP/1001|zh|13900000001|report|failsafe|${epoch('2026-11-22T01:10:00Z')}` },
      // seen ringing (its draft exists), its answer missed
      { key: '/hotline-answered-20261122/1795300000.2', value: `${epoch(answered)}|PJSIP/1002|zh|13900000002|||${epoch('2026-11-22T01:09:00Z')}` },
      // before this database took over the line: another database's call
      { key: '/hotline-answered-20261122/1795200000.3', value: `${epoch('2026-11-22T00:50:00Z')}|PJSIP/1001|zh|13900000003|||${epoch('2026-11-22T00:49:00Z')}` },
    ]);
    const seen = calls.ensure({ uniqueid: '1795300000.2', linkedid: '1795300000.2', caller: '13900000002', enteredAt: '2026-11-22T01:09:00.000Z' });
    calls.update('1795300000.2', { queuedAt: '2026-11-22T01:09:02.000Z', intent: 'complaint', lang: 'zh', queue: 'hotline-zh' });
    cases.draftForCall({ callId: seen.id, callerPhone: '13900000002', lang: 'zh', kind: 'complaint', at: new Date('2026-11-22T01:09:30Z') });

    expect((await ledger.reconcile()).sort()).toEqual(['1795300000.1', '1795300000.2']);
    const unseen = calls.byUniqueid('1795300000.1')!;
    expect(unseen).toMatchObject({ caller: '13900000001', lang: 'zh', queue: 'hotline-zh', intent: 'report', path: 'failsafe', outcome: 'answered', answeredAt: new Date(answered).toISOString(), agentUserId: op1.id, enteredAt: '2026-11-22T01:10:00.000Z' });
    expect(caseOf(unseen.id)).toEqual([{ number: expect.any(String), status: 'draft', createdBy: op1.id, kind: 'report', channel: 'phone' }]);
    expect(calls.byUniqueid('1795300000.2')).toMatchObject({ outcome: 'answered', answeredAt: new Date(answered).toISOString(), agentUserId: op2.id });
    expect(caseOf(seen.id)).toEqual([{ number: expect.any(String), status: 'draft', createdBy: op2.id, kind: 'complaint', channel: 'phone' }]);
    expect(calls.byUniqueid('1795200000.3')).toBeUndefined();

    // read again: nothing changes
    const before = db.$client.prepare('select (select count(*) from calls) as calls, (select count(*) from cases) as cases, (select count(*) from case_events) as events').get();
    expect(await ledger.reconcile()).toEqual([]);
    expect(db.$client.prepare('select (select count(*) from calls) as calls, (select count(*) from cases) as cases, (select count(*) from case_events) as events').get()).toEqual(before);

    // a draft another operator has taken since (a transfer) stays theirs
    db.$client.prepare('update cases set created_by = ? where call_id = ?').run(op1.id, seen.id);
    expect(await ledger.reconcile()).toEqual([]);
    expect(caseOf(seen.id)).toMatchObject([{ createdBy: op1.id }]);
  });

  it('marks the moment a database took over the line once', () => {
    const db = freshDatabase();
    expect(answeredLedgerSince(db, SINCE)).toEqual(SINCE);
    expect(answeredLedgerSince(db, new Date('2026-12-01T00:00:00Z'))).toEqual(SINCE);
  });
});
