// Performing a workflow action on a case: check the rule, apply the change and its deadline,
// and write the audit event, all in one transaction.
import { FINAL_STATUSES, type Actor, type CaseRecord, type Satisfaction } from './case-model.ts';
import type { CaseService } from './case-service.ts';
import { CaseRuleError, checkTransition, type CaseAction } from './lifecycle.ts';

export type ActionInput =
  | { action: 'register'; forDispatch?: boolean; note?: string }
  | { action: 'accept' | 'close' }
  | { action: 'dispatch'; departmentId: number; note?: string }
  | { action: 'return' | 'reopen' | 'not-accept'; reason: string }
  | { action: 'handle'; result: string; goodsValueFen?: number | null; lossesRecoveredFen?: number | null }
  | { action: 'reply'; reply: string }
  | { action: 'return-visit'; satisfaction: Satisfaction; note?: string }
  | { action: 'merge'; into: string; reason?: string }
  | { action: 'escalate'; note: string }
  | { action: 'request-extension'; extraWorkingDays: number; reason: string }
  | { action: 'approve-extension'; requestId: number }
  | { action: 'reject-extension'; requestId: number; reason?: string };

type Plan = { changes: Partial<CaseRecord>; reason?: string | null; details?: Record<string, unknown>; after?: (record: CaseRecord) => void };

export function performAction(service: CaseService, number: string, input: ActionInput, actor: Actor): CaseRecord {
  const { registry, clock } = service;
  return registry.transaction(() => {
    const record = service.visibleCase(number, actor);
    const to = checkTransition(input.action as CaseAction, record, actor);
    const now = service.now();
    const at = now.toISOString();
    const plan = planFor(service, record, input, actor, now);
    let changes: Partial<CaseRecord> = { ...plan.changes, status: to };
    if (to !== record.status) {
      const moved = { ...record, ...changes };
      const deadlines = clock.after(moved, now);
      changes = { ...changes, ...deadlines };
      Object.assign(changes, clock.timing({ ...deadlines, registeredAt: moved.registeredAt }, now));
      if (FINAL_STATUSES.has(to)) changes.closedAt = at;
      // A step done in time or late closes the supervision of the step before.
      registry.resolveSupervision(record.id, now);
    }
    const updated = registry.update(record.id, changes);
    registry.appendEvent(record.id, {
      action: input.action,
      fromStatus: record.status,
      toStatus: to,
      actorUserId: actor.id,
      reason: plan.reason ?? null,
      details: plan.details,
    });
    plan.after?.(updated);
    return registry.byId(record.id)!;
  });
}

function planFor(service: CaseService, record: CaseRecord, input: ActionInput, actor: Actor, now: Date): Plan {
  const { registry, clock } = service;
  switch (input.action) {
    case 'register':
      return {
        changes: { registeredAt: now.toISOString(), registeredBy: actor.id },
        reason: input.note,
        ...(input.forDispatch ? { details: { forDispatch: true } } : {}),
      };
    case 'dispatch':
      if (!registry.departmentExists(input.departmentId)) throw new CaseRuleError(400, `body/departmentId ${input.departmentId} is not an active department`);
      return { changes: { departmentId: input.departmentId }, reason: input.note, details: { departmentId: input.departmentId } };
    case 'accept':
    case 'close':
      return { changes: {} };
    case 'return':
      // Back to the centre: the department no longer holds (or sees) the case; the trail says who returned it.
      return { changes: { departmentId: null }, reason: input.reason, details: { departmentId: record.departmentId } };
    case 'reopen':
      return { changes: { satisfaction: null, reply: null }, reason: input.reason };
    case 'not-accept':
      return { changes: {}, reason: input.reason };
    case 'handle': {
      const amounts: Partial<CaseRecord> = {};
      if (input.goodsValueFen !== undefined) amounts.goodsValueFen = input.goodsValueFen;
      if (input.lossesRecoveredFen !== undefined) amounts.lossesRecoveredFen = input.lossesRecoveredFen;
      return { changes: { handlingResult: input.result, ...amounts }, ...(Object.keys(amounts).length > 0 ? { details: amounts } : {}) };
    }
    case 'reply':
      return { changes: { reply: input.reply } };
    case 'return-visit':
      return { changes: { satisfaction: input.satisfaction }, reason: input.note, details: { satisfaction: input.satisfaction } };
    case 'merge': {
      const target = registry.byNumber(input.into);
      if (!target) throw new CaseRuleError(400, `body/into ${input.into} is not a case number in the registry`);
      if (target.id === record.id) throw new CaseRuleError(409, 'a case cannot be merged into itself');
      if (target.status === 'merged' || target.status === 'not-accepted') throw new CaseRuleError(409, `cannot merge into ${input.into}: it is ${target.status}`);
      return { changes: { mergedInto: target.id }, reason: input.reason, details: { into: target.number } };
    }
    case 'escalate':
      return {
        changes: {},
        reason: input.note,
        after: (updated) => registry.addSupervision(updated.id, 'manual', now.toISOString(), input.note, actor.id),
      };
    case 'request-extension': {
      if (!record.dueAt) throw new CaseRuleError(409, `case ${record.number} has no handling deadline to extend`);
      if (now.getTime() > new Date(record.dueAt).getTime()) throw new CaseRuleError(409, `case ${record.number} is already overdue; extensions are asked for before the deadline`);
      if (registry.pendingExtension(record.id)) throw new CaseRuleError(409, `case ${record.number} already has an extension request waiting`);
      return {
        changes: {},
        reason: input.reason,
        details: { extraWorkingDays: input.extraWorkingDays },
        after: (updated) => registry.addExtensionRequest(updated.id, input.extraWorkingDays, input.reason, actor.id),
      };
    }
    case 'approve-extension':
    case 'reject-extension': {
      const request = registry.extensionRequest(input.requestId);
      if (!request || request.caseId !== record.id) throw new CaseRuleError(409, `extension request ${input.requestId} does not belong to case ${record.number}`);
      if (request.status !== 'pending') throw new CaseRuleError(409, `extension request ${input.requestId} was already ${request.status}`);
      const decision = input.action === 'approve-extension' ? 'approved' : 'rejected';
      if (decision === 'approved' && record.dueAt && now.getTime() > new Date(record.dueAt).getTime()) {
        throw new CaseRuleError(409, `case ${record.number} is already overdue; the extension had to be approved before the deadline`);
      }
      const extended = decision === 'approved' ? clock.extended(record, request.extraWorkingDays) : {};
      return {
        changes: extended,
        reason: input.action === 'reject-extension' ? input.reason : undefined,
        details: { requestId: request.id, decision, ...extended },
        after: (updated) => {
          registry.decideExtension(request.id, decision, actor.id, now);
          if (decision === 'approved') registry.update(updated.id, clock.timing(updated, now));
        },
      };
    }
  }
}
