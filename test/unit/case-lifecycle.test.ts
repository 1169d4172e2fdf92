// The workflow table, per role: every allowed transition, and a sample of forbidden ones.
import { describe, expect, it } from 'vitest';
import type { Actor, CaseRecord, CaseStatus, Role } from '../../src/cases/case-model.ts';
import { CASE_ACTIONS, CaseRuleError, RULES, canSee, checkTransition, type CaseAction } from '../../src/cases/lifecycle.ts';

const DEPT = 2;
const record = (status: CaseStatus, extra: Partial<CaseRecord> = {}): CaseRecord =>
  ({
    id: 1, number: '261121000017', status, kind: 'complaint', channel: 'phone', callerPhone: '13800138000', citizenName: null,
    citizenAddress: null, anonymous: false, confidential: false, lang: 'zh', subject: 's', description: 'd', productCategory: null,
    product: null, enterpriseName: null, enterpriseAddress: null, place: null, goodsValueFen: null, lossesRecoveredFen: null,
    urgency: 'normal', departmentId: DEPT, callId: null, transferSource: null, transferReference: null, createdBy: 10,
    registeredBy: 10, handlingResult: null, reply: null, satisfaction: status === 'visited' ? 'satisfied' : null, mergedInto: null,
    dueAt: null, stage: null, stageStartedAt: null, stageDueAt: null, colour: null, createdAt: '2026-11-21T00:00:00Z',
    registeredAt: null, closedAt: null, updatedAt: null, ...extra,
  }) as CaseRecord;
const actor = (role: Role, departmentId: number | null = role === 'handler' ? DEPT : null): Actor => ({ id: 10, role, departmentId });

const EXPECTED: Record<CaseAction, { from: CaseStatus[]; to?: CaseStatus; roles: Role[] }> = {
  register: { from: ['draft'], to: 'registered', roles: ['operator', 'supervisor'] },
  dispatch: { from: ['registered', 'returned'], to: 'dispatched', roles: ['supervisor'] },
  accept: { from: ['dispatched'], to: 'accepted', roles: ['handler'] },
  return: { from: ['dispatched', 'accepted'], to: 'returned', roles: ['handler'] },
  handle: { from: ['accepted'], to: 'handled', roles: ['handler'] },
  reply: { from: ['handled', 'registered'], to: 'replied', roles: ['operator', 'supervisor', 'handler'] },
  'return-visit': { from: ['replied'], to: 'visited', roles: ['operator', 'supervisor'] },
  close: { from: ['visited'], to: 'closed', roles: ['operator', 'supervisor'] },
  reopen: { from: ['visited'], to: 'dispatched', roles: ['supervisor'] },
  'not-accept': { from: ['draft', 'registered', 'returned'], to: 'not-accepted', roles: ['operator', 'supervisor'] },
  merge: { from: ['draft', 'registered', 'returned'], to: 'merged', roles: ['operator', 'supervisor'] },
  escalate: { from: ['draft', 'registered', 'dispatched', 'accepted', 'handled', 'replied', 'visited', 'returned'], roles: ['supervisor'] },
  'request-extension': { from: ['registered', 'dispatched', 'accepted', 'handled', 'returned'], roles: ['handler', 'supervisor', 'operator'] },
  'approve-extension': { from: ['draft', 'registered', 'dispatched', 'accepted', 'handled', 'replied', 'visited', 'returned'], roles: ['supervisor'] },
  'reject-extension': { from: ['draft', 'registered', 'dispatched', 'accepted', 'handled', 'replied', 'visited', 'returned'], roles: ['supervisor'] },
};
const ALL_STATUSES: CaseStatus[] = ['draft', 'registered', 'dispatched', 'accepted', 'handled', 'replied', 'visited', 'closed', 'returned', 'not-accepted', 'merged'];
const ALL_ROLES: Role[] = ['operator', 'supervisor', 'handler', 'admin', 'exchange'];

function outcome(action: CaseAction, status: CaseStatus, role: Role, extra: Partial<CaseRecord> = {}) {
  const reopenable = action === 'reopen' ? { satisfaction: 'unsatisfied' as const } : {};
  try {
    return checkTransition(action, record(status, { ...reopenable, ...extra }), actor(role));
  } catch (error) {
    if (error instanceof CaseRuleError) return error.statusCode;
    throw error;
  }
}

describe('case lifecycle', () => {
  it('covers every action', () => {
    expect(Object.keys(RULES).sort()).toEqual([...CASE_ACTIONS].sort());
  });

  for (const action of CASE_ACTIONS) {
    const rule = EXPECTED[action];
    it(`${action}: allowed from ${rule.from.join('/')} for ${rule.roles.join('/')}`, () => {
      for (const status of ALL_STATUSES) {
        for (const role of ALL_ROLES) {
          const result = outcome(action, status, role);
          if (!rule.roles.includes(role)) expect(result, `${role} ${action} from ${status}`).toBe(403);
          else if (!rule.from.includes(status)) expect(result, `${role} ${action} from ${status}`).toBe(409);
          else if (action === 'reply' && status === 'registered' && role === 'handler') expect(result).toBe(403);
          else expect(result, `${role} ${action} from ${status}`).toBe(rule.to ?? status);
        }
      }
    });
  }

  it('lets a handler act only on their own department’s cases', () => {
    expect(checkTransition('accept', record('dispatched'), actor('handler', DEPT))).toBe('accepted');
    expect(() => checkTransition('accept', record('dispatched'), actor('handler', 3))).toThrow(/not with your department/);
    expect(() => checkTransition('accept', record('dispatched'), actor('handler', null))).toThrow(CaseRuleError);
  });

  it('registers only a case with kind, subject, description and a phone (or anonymous)', () => {
    expect(() => checkTransition('register', record('draft', { kind: null, subject: null }), actor('operator'))).toThrow(/without kind, subject/);
    expect(() => checkTransition('register', record('draft', { callerPhone: null }), actor('operator'))).toThrow(/callerPhone/);
    expect(checkTransition('register', record('draft', { callerPhone: null, anonymous: true }), actor('operator'))).toBe('registered');
  });

  it('closes a satisfied case but reopens an unsatisfied one (重办)', () => {
    expect(outcome('close', 'visited', 'operator', { satisfaction: 'basically' })).toBe('closed');
    expect(outcome('close', 'visited', 'operator', { satisfaction: 'unsatisfied' })).toBe(409);
    expect(checkTransition('reopen', record('visited', { satisfaction: 'unsatisfied' }), actor('supervisor'))).toBe('dispatched');
    expect(() => checkTransition('reopen', record('visited', { satisfaction: 'satisfied' }), actor('supervisor'))).toThrow(/only a case with an unsatisfied/);
  });

  it('shows handlers their department’s cases and exchange clients what they sent', () => {
    expect(canSee(actor('handler', DEPT), { departmentId: DEPT, createdBy: 1 })).toBe(true);
    expect(canSee(actor('handler', 3), { departmentId: DEPT, createdBy: 1 })).toBe(false);
    expect(canSee({ id: 5, role: 'exchange', departmentId: null }, { departmentId: null, createdBy: 5 })).toBe(true);
    expect(canSee({ id: 5, role: 'exchange', departmentId: null }, { departmentId: null, createdBy: 6 })).toBe(false);
    expect(canSee(actor('admin'), { departmentId: DEPT, createdBy: 1 })).toBe(false);
  });
});
