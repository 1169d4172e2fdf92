// The case workflow as a table: which action moves a case from which states to which, and who may.
// register → dispatch → accept (签收) → handle → reply (答复) → return visit (回访) → close (办结);
// also not-accept (不予受理), return (退回), merge, reopen (重办), and actions that keep the state.
import { FINAL_STATUSES, type Actor, type CaseRecord, type CaseStatus, type Role } from './case-model.ts';

export const CASE_ACTIONS = [
  'register',
  'dispatch',
  'accept',
  'return',
  'handle',
  'reply',
  'return-visit',
  'close',
  'reopen',
  'not-accept',
  'merge',
  'escalate',
  'request-extension',
  'approve-extension',
  'reject-extension',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

interface Rule {
  from: readonly CaseStatus[] | 'open';
  /** The new state; absent for actions that only add a record (督办, extensions). */
  to?: CaseStatus;
  roles: readonly Role[];
}

const CENTRE: readonly Role[] = ['operator', 'supervisor'];
const OPEN_STATES = ['draft', 'registered', 'dispatched', 'accepted', 'handled', 'replied', 'visited', 'returned'] as const;

export const RULES: Record<CaseAction, Rule> = {
  register: { from: ['draft'], to: 'registered', roles: CENTRE },
  dispatch: { from: ['registered', 'returned'], to: 'dispatched', roles: ['supervisor'] },
  accept: { from: ['dispatched'], to: 'accepted', roles: ['handler'] },
  return: { from: ['dispatched', 'accepted'], to: 'returned', roles: ['handler'] },
  handle: { from: ['accepted'], to: 'handled', roles: ['handler'] },
  // From 'registered': a consultation answered by the centre itself, without a department.
  reply: { from: ['handled', 'registered'], to: 'replied', roles: ['operator', 'supervisor', 'handler'] },
  'return-visit': { from: ['replied'], to: 'visited', roles: CENTRE },
  close: { from: ['visited'], to: 'closed', roles: CENTRE },
  reopen: { from: ['visited'], to: 'dispatched', roles: ['supervisor'] },
  'not-accept': { from: ['draft', 'registered', 'returned'], to: 'not-accepted', roles: CENTRE },
  merge: { from: ['draft', 'registered', 'returned'], to: 'merged', roles: CENTRE },
  escalate: { from: 'open', roles: ['supervisor'] },
  'request-extension': { from: ['registered', 'dispatched', 'accepted', 'handled', 'returned'], roles: ['handler', 'supervisor', 'operator'] },
  'approve-extension': { from: 'open', roles: ['supervisor'] },
  'reject-extension': { from: 'open', roles: ['supervisor'] },
};

export class CaseRuleError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'CaseRuleError';
  }
}

/** Cases an actor may see at all (a handler: their department's; an exchange client: what it sent). */
export function canSee(actor: Actor, record: Pick<CaseRecord, 'departmentId' | 'createdBy'>): boolean {
  switch (actor.role) {
    case 'operator':
    case 'supervisor':
      return true;
    case 'handler':
      return actor.departmentId !== null && record.departmentId === actor.departmentId;
    case 'exchange':
      return record.createdBy === actor.id;
    default:
      return false;
  }
}

/** Checks that `actor` may perform `action` on `record` now; returns the state it leads to. Throws CaseRuleError. */
export function checkTransition(action: CaseAction, record: CaseRecord, actor: Actor): CaseStatus {
  const rule = RULES[action];
  if (!rule.roles.includes(actor.role)) {
    throw new CaseRuleError(403, `${action} needs the role ${rule.roles.join(' or ')}; you are ${actor.role}`);
  }
  if (actor.role === 'handler' && (actor.departmentId === null || record.departmentId !== actor.departmentId)) {
    throw new CaseRuleError(403, `case ${record.number} is not with your department`);
  }
  const allowed = rule.from === 'open' ? OPEN_STATES : rule.from;
  if (!(allowed as readonly CaseStatus[]).includes(record.status)) {
    const final = FINAL_STATUSES.has(record.status) ? ' (it is finished)' : '';
    throw new CaseRuleError(409, `cannot ${action} case ${record.number}: it is ${record.status}${final}; ${action} needs ${allowed.join(' or ')}`);
  }
  if (action === 'register') {
    const missing = (['kind', 'subject', 'description'] as const).filter((field) => !record[field]);
    if (!record.anonymous && !record.callerPhone) missing.push('callerPhone' as never);
    if (missing.length > 0) throw new CaseRuleError(409, `case ${record.number} cannot be registered without ${missing.join(', ')}`);
  }
  if (action === 'close' && record.satisfaction === 'unsatisfied') {
    throw new CaseRuleError(409, `case ${record.number}: the citizen was unsatisfied at the return visit; reopen it (重办) instead of closing`);
  }
  if (action === 'reopen' && record.satisfaction !== 'unsatisfied') {
    throw new CaseRuleError(409, `case ${record.number}: only a case with an unsatisfied return visit is reopened`);
  }
  if (action === 'reply' && record.status === 'registered' && actor.role === 'handler') {
    throw new CaseRuleError(403, `case ${record.number} has not been dispatched to your department`);
  }
  return rule.to ?? record.status;
}
