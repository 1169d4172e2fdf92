// Call-backs over HTTP: the list, one booked from the desk, cancelling one, and the abandoned callers a
// call-back can be booked for in one request (GET /api/abandoned, POST /api/abandoned/:callId/callback).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CALLBACK_STATUSES, type CallbackRequest, type CallbackStatus } from '../../callbacks/callback-model.ts';
import { CallbackError, type CallbackService } from '../../callbacks/callback-service.ts';
import type { CallbackRepository } from '../../db/callback-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { ID_PARAMS, refuse } from './admin-schemas.ts';

const view = (request: CallbackRequest, number = request.number) => ({
  id: request.id,
  number,
  lang: request.lang,
  intent: request.intent,
  status: request.status,
  source: request.source,
  queue: request.queue,
  requestedAt: request.requestedAt,
  placeFrom: request.anchorAt,
  attempts: request.attempts,
  nextAttemptAt: request.nextAttemptAt,
  lastDialStatus: request.lastDialStatus,
  agentUserId: request.agentUserId,
});

function booked(reply: FastifyReply, result: { request: CallbackRequest; merged: boolean }) {
  return reply.code(result.merged ? 200 : 201).send({ callback: view(result.request), merged: result.merged });
}

function failed(reply: FastifyReply, error: unknown) {
  if (error instanceof CallbackError) return refuse(reply, error.statusCode, error.message);
  throw error;
}

export async function callbackRoutes(
  app: FastifyInstance,
  options: {
    callbacks: CallbackService;
    store: CallbackRepository;
    shortAbandonSeconds: number;
    caseIdOf: (caseNumber: string) => number | undefined;
    /** The number as this reader may see it: masked when its case's informant is confidential to them. */
    numberFor?: (request: CallbackRequest, reader: FastifyRequest['user']) => string;
  },
) {
  const { callbacks, store, shortAbandonSeconds, caseIdOf, numberFor = (callback) => callback.number } = options;
  const desk = { onRequest: requireRole('operator', 'supervisor') };

  app.get<{ Querystring: { status?: string } }>(
    '/api/callbacks',
    { ...desk, schema: { querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', maxLength: 100 } } } } },
    async (request, reply) => {
      const statuses = request.query.status?.split(',').filter(Boolean) ?? [];
      const unknown = statuses.find((status) => !(CALLBACK_STATUSES as readonly string[]).includes(status));
      if (unknown) return refuse(reply, 400, `status "${unknown}" is not one of ${CALLBACK_STATUSES.join(', ')}`);
      return { callbacks: callbacks.list({ statuses: statuses as CallbackStatus[], limit: 500 }).map((callback) => view(callback, numberFor(callback, request.user))) };
    },
  );

  app.post<{ Body: { number: string; lang: 'zh' | 'en'; intent?: string; caseNumber?: string } }>(
    '/api/callbacks',
    {
      ...desk,
      schema: {
        body: {
          type: 'object',
          required: ['number', 'lang'],
          additionalProperties: false,
          properties: {
            number: { type: 'string', minLength: 1, maxLength: 20 },
            lang: { type: 'string', enum: ['zh', 'en'] },
            intent: { type: 'string', enum: ['consultation', 'complaint', 'report', 'progress'] },
            caseNumber: { type: 'string', minLength: 1, maxLength: 40 },
          },
        },
      },
    },
    async (request, reply) => {
      const { number, lang, intent, caseNumber } = request.body;
      const caseId = caseNumber === undefined ? null : caseIdOf(caseNumber);
      if (caseId === undefined) return refuse(reply, 404, `no case ${caseNumber}`);
      try {
        return booked(reply, callbacks.book({ number, lang, intent: intent ?? null, source: 'desk', caseId }));
      } catch (error) {
        return failed(reply, error);
      }
    },
  );

  app.delete<{ Params: { id: string } }>('/api/callbacks/:id', { ...desk, schema: { params: ID_PARAMS } }, async (request, reply) => {
    try {
      const cancelled = await callbacks.cancel(Number(request.params.id));
      request.log.info({ callbackId: cancelled.id, by: request.user.username }, 'call-back cancelled');
      return { callback: view(cancelled, numberFor(cancelled, request.user)) };
    } catch (error) {
      return failed(reply, error);
    }
  });

  // A query string is text (no coercion): hours as digits, 1 to 720.
  const HOURS = { type: 'string', pattern: '^([1-9]|[1-9][0-9]|[1-6][0-9]{2}|7[01][0-9]|720)$', description: 'hours back: a whole number from 1 to 720' };
  app.get<{ Querystring: { hours?: string } }>(
    '/api/abandoned',
    { ...desk, schema: { querystring: { type: 'object', additionalProperties: false, properties: { hours: HOURS } } } },
    async (request) => {
      const since = new Date(Date.now() - Number(request.query.hours ?? 24) * 3_600_000).toISOString();
      return { minHoldSeconds: shortAbandonSeconds, abandoned: store.abandoned(since, shortAbandonSeconds, 500) };
    },
  );

  app.post<{ Params: { id: string } }>('/api/abandoned/:id/callback', { ...desk, schema: { params: ID_PARAMS } }, async (request, reply) => {
    const call = store.callById(Number(request.params.id));
    if (!call || call.direction !== 'inbound') return refuse(reply, 404, `no call ${request.params.id}`);
    if (call.outcome !== 'abandoned') return refuse(reply, 409, `call ${call.id} was not abandoned (${call.outcome})`);
    try {
      const intent = call.intent && call.intent !== 'callback' ? call.intent : null;
      const result = callbacks.book({ number: call.caller, lang: call.lang ?? 'zh', intent, source: 'abandoned', callId: call.id });
      request.log.info({ callbackId: result.request.id, callId: call.id, by: request.user.username, merged: result.merged }, 'call-back booked for an abandoned caller');
      return booked(reply, result);
    } catch (error) {
      return failed(reply, error);
    }
  });
}
