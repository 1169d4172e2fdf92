// The operator desk's call control: click-to-call, hold / resume, blind transfer, consult with three-way,
// hand-over or cancel, leaving the call; and the admins' dial-out allow-list. Each answers once Asterisk has
// confirmed (see src/calls/call-control-service.ts); refusals say why: 400 bad input, 403 not allowed,
// 404 unknown, 409 no call or wrong state, 503 PBX away or refusing, 504 no confirmation in time.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DialOutPatternsError, MAX_PATTERN_LENGTH, MAX_PATTERNS } from '../../calls/call-control-dial-out.ts';
import { CallControlError, TRANSFER_QUEUES, type TransferTarget } from '../../calls/call-control-model.ts';
import type { CallControlService } from '../../calls/call-control-service.ts';
import type { Operator } from '../../calls/call-control-ports.ts';
import type { Actor, Role } from '../../cases/case-model.ts';
import { isValidCaseNumber } from '../../cases/case-number.ts';
import { CaseNotFound, type CaseService } from '../../cases/case-service.ts';
import { CaseRuleError } from '../../cases/lifecycle.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { CallControlRepository } from '../../db/call-control-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { ID_PARAMS } from './admin-schemas.ts';

const ERRORS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
const NUMBER = { type: 'string', pattern: '^[0-9]{3,20}$' } as const;
/** A dial-out pattern is a regular expression over digits: printable ASCII only (no NUL, no direction overrides). */
const DIAL_OUT_PATTERN = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_PATTERN_LENGTH,
  pattern: '^[\\x20-\\x7e]+$',
  description: 'a regular expression of printable ASCII characters',
} as const;
const EXTENSION = { type: 'string', pattern: '^10(0[1-9]|1[0-9]|20)$' } as const;

export const TARGET_SCHEMA = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['kind', 'extension'], properties: { kind: { const: 'operator' }, extension: EXTENSION } },
    { type: 'object', additionalProperties: false, required: ['kind', 'queue'], properties: { kind: { const: 'queue' }, queue: { type: 'string', enum: [...TRANSFER_QUEUES] } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'number'], properties: { kind: { const: 'external' }, number: NUMBER } },
  ],
} as const;
const TO_BODY = { type: 'object', additionalProperties: false, required: ['to'], properties: { to: TARGET_SCHEMA } } as const;

export async function callControlRoutes(
  app: FastifyInstance,
  options: { calls: CallControlService; store: CallControlRepository; cases: CaseService; audit: AuditRepository },
) {
  const { calls, store, cases, audit } = options;
  const operatorOf = (request: FastifyRequest): Operator => ({ userId: request.user.id, extension: request.user.extension });
  const actorOf = (request: FastifyRequest): Actor => ({ id: request.user.id, role: request.user.role as Role, departmentId: request.user.departmentId });
  const desk = { onRequest: requireRole('operator', 'supervisor') };

  /** Runs a call-control step; its refusal goes out as it is (a 504 keeps its message, unlike other 5xx). */
  const step = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<unknown>, statusCode = 200) => {
    try {
      return reply.code(statusCode).send(await work());
    } catch (error) {
      const refusal =
        error instanceof CallControlError || error instanceof CaseRuleError || error instanceof CaseNotFound
          ? { statusCode: (error as { statusCode: number }).statusCode, message: error.message }
          : undefined;
      if (!refusal) throw error;
      const level = refusal.statusCode >= 500 ? 'warn' : 'info';
      request.log[level]({ username: request.user.username, extension: request.user.extension, url: request.url, statusCode: refusal.statusCode, reason: refusal.message }, 'call control refused');
      return reply.code(refusal.statusCode).send({ statusCode: refusal.statusCode, error: ERRORS[refusal.statusCode] ?? 'Error', message: refusal.message });
    }
  };

  app.post<{ Body: { number: string; caseNumber?: string } }>(
    '/api/calls/dial',
    {
      ...desk,
      schema: {
        tags: ['calls'],
        body: { type: 'object', additionalProperties: false, required: ['number'], properties: { number: NUMBER, caseNumber: { type: 'string', minLength: 1, maxLength: 40 } } },
      },
    },
    (request, reply) =>
      step(
        request,
        reply,
        async () => {
          const { number, caseNumber } = request.body;
          if (caseNumber !== undefined && !isValidCaseNumber(caseNumber)) throw new CallControlError(400, `body/caseNumber ${caseNumber} is not a valid case number (wrong check digit or date)`);
          const record = caseNumber === undefined ? undefined : cases.visibleCase(caseNumber, actorOf(request));
          return calls.dial(operatorOf(request), { number, caseId: record?.id ?? null, caseNumber: record?.number ?? null });
        },
        202,
      ),
  );

  app.get('/api/calls/current', { ...desk, schema: { tags: ['calls'] } }, async (request) => ({ call: calls.current(request.user.extension) }));

  app.get<{ Params: { id: string } }>('/api/calls/dial-outs/:id', { ...desk, schema: { tags: ['calls'], params: ID_PARAMS } }, async (request, reply) => {
    const record = store.dialOut(Number(request.params.id));
    if (!record || (request.user.role === 'operator' && record.userId !== request.user.id)) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no dial-out ${request.params.id} of yours` });
    }
    const caseNumber = record.caseId === null ? null : (cases.registry.byId(record.caseId)?.number ?? null);
    const { caseId: _caseId, operatorUniqueid: _channel, ...shown } = record;
    return { ...shown, caseNumber, transfers: store.transfers({ dialOutId: record.id }) };
  });

  const call = { ...desk, schema: { tags: ['calls'] } };
  app.post('/api/calls/current/hold', call, (request, reply) => step(request, reply, async () => ({ call: await calls.hold(operatorOf(request)) })));
  app.post('/api/calls/current/resume', call, (request, reply) => step(request, reply, async () => ({ call: await calls.resume(operatorOf(request)) })));
  app.post('/api/calls/current/hangup', call, (request, reply) => step(request, reply, async () => (await calls.hangUp(operatorOf(request)), { call: null })));
  app.post<{ Body: { to: TransferTarget } }>('/api/calls/current/transfer', { ...desk, schema: { tags: ['calls'], body: TO_BODY } }, (request, reply) =>
    step(request, reply, async () => (await calls.transfer(operatorOf(request), request.body.to), { call: null, transferredTo: request.body.to })),
  );
  app.post<{ Body: { to: TransferTarget } }>('/api/calls/current/consult', { ...desk, schema: { tags: ['calls'], body: TO_BODY } }, (request, reply) =>
    step(request, reply, async () => ({ call: await calls.consult(operatorOf(request), request.body.to) })),
  );
  app.post('/api/calls/current/consult/conference', call, (request, reply) => step(request, reply, async () => ({ call: await calls.conference(operatorOf(request)) })));
  app.post('/api/calls/current/consult/complete', call, (request, reply) => step(request, reply, async () => (await calls.complete(operatorOf(request)), { call: null })));
  app.post('/api/calls/current/consult/cancel', call, (request, reply) => step(request, reply, async () => ({ call: await calls.cancel(operatorOf(request)) })));

  app.get('/api/admin/dial-out', { onRequest: requireRole('admin', 'supervisor'), schema: { tags: ['admin'] } }, async () => ({ patterns: store.dialOutPatterns() }));
  app.put<{ Body: { patterns: string[] } }>(
    '/api/admin/dial-out',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['admin'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['patterns'],
          properties: { patterns: { type: 'array', minItems: 1, maxItems: MAX_PATTERNS, items: DIAL_OUT_PATTERN } },
        },
      },
    },
    async (request, reply) => {
      const before = store.dialOutPatterns();
      try {
        const patterns = store.setDialOutPatterns(request.body.patterns);
        audit.record({ actorUserId: request.user.id, action: 'dial-out-patterns', details: { before, after: patterns } });
        request.log.info({ by: request.user.username, patterns }, 'dial-out allow-list replaced');
        return { patterns };
      } catch (error) {
        if (!(error instanceof DialOutPatternsError)) throw error;
        return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
      }
    },
  );
}
