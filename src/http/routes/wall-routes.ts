// The wallboard's HTTP side: the snapshot (also pushed on /wall), listen / whisper / barge and forcing
// an operator's state from their row, and the tiles' thresholds.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toAgent, type UserRepository } from '../../db/user-repository.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { SettingsRepository } from '../../db/settings-repository.ts';
import { KpiThresholdError } from '../../live/kpi-thresholds.ts';
import { SPY_MODES, type SpyMode, type SupervisorActions } from '../../live/supervision.ts';
import type { WallService } from '../../live/wall-service.ts';
import type { AgentPresence } from '../../queues/agent-state.ts';
import { requireRole } from '../auth-hooks.ts';
import { ID_PARAMS, refuse } from './admin-schemas.ts';

type AgentParams = { Params: { id: string } };

export async function wallRoutes(
  app: FastifyInstance,
  options: {
    users: UserRepository;
    wall: WallService;
    supervision: SupervisorActions;
    settings: SettingsRepository;
    audit: AuditRepository;
    onPresence: (userId: number, presence: AgentPresence) => void;
  },
) {
  const { users, wall, supervision, settings, audit, onPresence } = options;
  const supervisorOf = (request: FastifyRequest) => ({ id: request.user.id, username: request.user.username, extension: request.user.extension });

  /** The operator of a row: an active account with a phone, or a 404 naming what is missing. */
  const operatorOf = (id: string) => {
    const user = users.byId(Number(id));
    const agent = user && !user.disabled ? toAgent(user) : null;
    return agent ?? undefined;
  };

  app.get('/api/wall/snapshot', { onRequest: requireRole('supervisor', 'admin') }, async (request) => wall.snapshot(request.user.role !== 'supervisor'));

  app.post<AgentParams & { Body: { mode: SpyMode } }>(
    '/api/wall/agents/:id/spy',
    {
      onRequest: requireRole('supervisor'),
      schema: { params: ID_PARAMS, body: { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: { type: 'string', enum: SPY_MODES } } } },
    },
    async (request, reply) => {
      const operator = operatorOf(request.params.id);
      if (!operator) return refuse(reply, 404, `no operator ${request.params.id} with a phone`);
      const result = await supervision.spy(supervisorOf(request), operator, request.body.mode);
      request.log.info({ by: request.user.username, operator: operator.username, mode: request.body.mode }, 'supervisor joins a call');
      return reply.code(202).send(result);
    },
  );

  app.post<AgentParams & { Body: { state: 'paused' | 'offline'; reason?: string } }>(
    '/api/wall/agents/:id/state',
    {
      onRequest: requireRole('supervisor'),
      schema: {
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['state'],
          additionalProperties: false,
          properties: { state: { type: 'string', enum: ['paused', 'offline'] }, reason: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\r\\n]*$' } },
        },
      },
    },
    async (request, reply) => {
      const operator = operatorOf(request.params.id);
      if (!operator) return refuse(reply, 404, `no operator ${request.params.id} with a phone`);
      const presence = await supervision.force(supervisorOf(request), operator, request.body.state, request.body.reason ?? null);
      onPresence(operator.userId, presence);
      request.log.info({ by: request.user.username, operator: operator.username, state: presence.state }, 'supervisor set an operator’s state');
      return presence;
    },
  );

  app.get('/api/admin/kpi-thresholds', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.kpiThresholds());

  app.put<{ Body: unknown }>('/api/admin/kpi-thresholds', { onRequest: requireRole('admin'), schema: { body: { type: 'object', maxProperties: 20 } } }, async (request, reply) => {
    const before = settings.kpiThresholds();
    try {
      const table = settings.setKpiThresholds(request.body);
      audit.record({ actorUserId: request.user.id, action: 'kpi-thresholds', details: { before, after: table } });
      request.log.info({ by: request.user.username }, 'KPI thresholds replaced');
      wall.kpisChanged();
      return table;
    } catch (error) {
      if (error instanceof KpiThresholdError) return refuse(reply, 400, error.message);
      throw error;
    }
  });
}
