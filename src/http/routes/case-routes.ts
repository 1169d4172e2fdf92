// The case (工单) API: create, search, read, edit, act, history; and the supervisors' overdue list.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, CaseRecord, CaseStatus, Colour, Role } from '../../cases/case-model.ts';
import { isValidCaseNumber } from '../../cases/case-number.ts';
import { workingDaysBetween, type WorkingCalendar } from '../../cases/working-days.ts';
import { performAction, type ActionInput } from '../../cases/case-actions.ts';
import { caseView, type CaseFields, type CaseService } from '../../cases/case-service.ts';
import type { UserRepository } from '../../db/user-repository.ts';
import { authenticate, requireRole } from '../auth-hooks.ts';
import { actionBody, caseNumberParams, createCaseBody, patchCaseBody, searchQuery } from './case-schemas.ts';

const actorOf = (request: FastifyRequest): Actor => ({ id: request.user.id, role: request.user.role as Role, departmentId: request.user.departmentId });

type NumberParams = { Params: { number: string } };

/** Working days left to the current step's deadline (negative once it has passed); null without one or once final. */
function workingDaysLeft(record: CaseRecord, calendar: WorkingCalendar, now: Date): number | null {
  const due = record.stageDueAt ?? record.dueAt;
  if (!due || record.closedAt) return null;
  const dueAt = new Date(due);
  return dueAt.getTime() >= now.getTime() ? workingDaysBetween(now, dueAt, calendar) : -workingDaysBetween(dueAt, now, calendar);
}

export async function caseRoutes(app: FastifyInstance, options: { users: UserRepository; cases: CaseService }) {
  const { users, cases } = options;
  /** What a reader sees of a case, with whether its deadlines lie beyond the known calendar. */
  const view = (record: CaseRecord, actor: Actor) => ({
    ...caseView(record, actor),
    deadlineProvisional: cases.deadlineProvisional(record),
    workingDaysLeft: workingDaysLeft(record, cases.clock.calendar, cases.now()),
  });
  app.addHook('onRequest', authenticate(users));
  // A mistyped case number is caught by its check digit before anything is looked up.
  app.addHook('preHandler', async (request, reply) => {
    const number = (request.params as { number?: string }).number;
    if (number !== undefined && !isValidCaseNumber(number)) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `params/number ${number} is not a valid case number (wrong check digit or date)` });
    }
  });

  app.post<{ Body: CaseFields }>('/api/cases', { schema: { tags: ['cases'], body: createCaseBody } }, async (request, reply) => {
    const created = cases.create(request.body, actorOf(request));
    request.log.info({ caseNumber: created.number, channel: created.channel }, 'case created');
    return reply.code(201).send(view(created, actorOf(request)));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/cases', { schema: { tags: ['cases'], querystring: searchQuery } }, async (request) => {
    const query = request.query;
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 20);
    const result = cases.search(
      {
        number: query.number,
        phone: query.phone,
        status: query.status as CaseStatus | undefined,
        kind: query.kind,
        departmentId: query.departmentId ? Number(query.departmentId) : undefined,
        enterprise: query.enterprise,
        text: query.q,
        colour: query.colour as Colour | undefined,
        mineOf: query.mine === 'true' ? request.user.id : undefined,
        openOnly: query.open === 'true',
        page,
        pageSize,
      },
      actorOf(request),
    );
    return { total: result.total, totalCapped: result.totalCapped, page, pageSize, items: result.items.map((record) => view(record, actorOf(request))) };
  });

  // One case carries its waiting extension request (a supervisor approves or rejects it by id).
  const full = (record: CaseRecord, actor: Actor) => ({ ...view(record, actor), pendingExtension: cases.registry.pendingExtension(record.id) ?? null });

  app.get<NumberParams>('/api/cases/:number', { schema: { tags: ['cases'], params: caseNumberParams } }, async (request) =>
    full(cases.visibleCase(request.params.number, actorOf(request)), actorOf(request)),
  );

  app.get('/api/extension-requests', { schema: { tags: ['cases'] }, preHandler: requireRole('supervisor', 'handler') }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.role === 'handler' && actor.departmentId === null) return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'your account has no department' });
    return { requests: cases.registry.pendingExtensions(actor.role === 'handler' ? actor.departmentId! : undefined) };
  });

  app.patch<NumberParams & { Body: CaseFields }>(
    '/api/cases/:number',
    { schema: { tags: ['cases'], params: caseNumberParams, body: patchCaseBody } },
    async (request) => view(cases.update(request.params.number, request.body, actorOf(request)), actorOf(request)),
  );

  app.post<NumberParams & { Body: ActionInput }>(
    '/api/cases/:number/actions',
    { schema: { tags: ['cases'], params: caseNumberParams, body: actionBody } },
    async (request) => {
      const updated = performAction(cases, request.params.number, request.body, actorOf(request));
      request.log.info({ caseNumber: updated.number, action: request.body.action, status: updated.status }, 'case action');
      return full(updated, actorOf(request));
    },
  );

  app.get<NumberParams>('/api/cases/:number/history', { schema: { tags: ['cases'], params: caseNumberParams } }, async (request) => ({
    number: request.params.number,
    events: cases.history(request.params.number, actorOf(request)),
  }));

  app.get('/api/supervision', { schema: { tags: ['cases'] }, preHandler: requireRole('supervisor') }, async () => ({
    overdue: cases.registry.openSupervision(),
  }));
}
