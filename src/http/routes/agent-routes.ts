// GET/POST /api/agent/state: an operator goes available, paused (for one of the line's reasons) or offline;
// answered after Asterisk confirms. POST /api/agent/ready ends wrap-up early; GET /api/pause-reasons lists the reasons.
import type { FastifyInstance } from 'fastify';
import { toAgent, type UserRepository } from '../../db/user-repository.ts';
import type { AgentPresence, AgentState, AgentStateService } from '../../queues/agent-state.ts';
import type { PauseReason } from '../../queues/line-settings.ts';
import { WrapUpError, type WrapUpService } from '../../queues/wrap-up.ts';
import { authenticate, requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';

export async function agentRoutes(
  app: FastifyInstance,
  options: {
    users: UserRepository;
    agentStates: AgentStateService;
    pbxConnected: () => boolean;
    onPresence: (userId: number, presence: AgentPresence) => void;
    pauseReasons: () => PauseReason[];
    wrapUp: WrapUpService;
  },
) {
  const { users, agentStates, pbxConnected, onPresence, pauseReasons, wrapUp } = options;
  app.addHook('onRequest', authenticate(users));
  // The role is checked before the body is read: another role gets 403 whatever it sends.
  app.addHook('onRequest', requireRole('operator', 'supervisor'));

  const agentOf = (request: { user: Parameters<typeof toAgent>[0] }) => toAgent(request.user);

  app.get('/api/agent/state', async (request, reply) => {
    const agent = agentOf(request);
    if (!agent) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'your account has no extension: ask an admin to set one' });
    return agentStates.presence(agent);
  });

  app.post<{ Body: { state: AgentState; reason?: string } }>(
    '/api/agent/state',
    {
      schema: {
        body: {
          type: 'object',
          required: ['state'],
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: ['available', 'paused', 'offline'] },
            reason: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\r\\n]*$' },
          },
        },
      },
    },
    async (request, reply) => {
      const agent = agentOf(request);
      if (!agent) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'your account has no extension: ask an admin to set one' });
      if (agent.languages.length === 0) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: 'your account has no language skills' });
      const { state, reason } = request.body;
      const reasons = pauseReasons();
      // A pause may say why (one of the line's reasons); without one it is a plain pause (the contract's reason?).
      if (state === 'paused' && reason !== undefined && !reasons.some((known) => known.code === reason)) {
        return refuse(reply, 400, `body/reason: "${reason}" is not one of the line's pause reasons (${reasons.map((known) => known.code).join(', ')})`);
      }
      if (state !== 'paused' && reason !== undefined) return refuse(reply, 400, 'body/reason: only a pause has a reason');
      if (!pbxConnected()) {
        return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: 'the PBX is not connected; try again when /readyz is ready' });
      }
      try {
        const presence = await agentStates.setState(agent, request.body.state, request.body.reason ?? null);
        onPresence(agent.userId, presence);
        request.log.info({ username: agent.username, state: presence.state }, 'agent state changed');
        return presence;
      } catch (error) {
        request.log.error({ err: error, username: agent.username }, 'agent state change failed');
        return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message: `Asterisk did not confirm: ${(error as Error).message}` });
      }
    },
  );

  app.get('/api/pause-reasons', async () => ({ reasons: pauseReasons() }));

  app.get('/api/agent/wrap-up', async (request) => ({ wrapUp: wrapUp.current(request.user.id) ?? null }));

  app.post<{ Body: { noCaseNeeded?: boolean } }>(
    '/api/agent/ready',
    {
      // "Ready" alone needs no body.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { body: { type: 'object', additionalProperties: false, properties: { noCaseNeeded: { type: 'boolean' } } } },
    },
    async (request, reply) => {
      if (!wrapUp.current(request.user.id)) return refuse(reply, 409, 'you are not in wrap-up');
      try {
        const presence = await wrapUp.ready(request.user.id, { noCaseNeeded: request.body?.noCaseNeeded });
        request.log.info({ username: request.user.username, noCaseNeeded: Boolean(request.body?.noCaseNeeded) }, 'wrap-up ended by the operator');
        return { presence: presence ?? null };
      } catch (error) {
        if (error instanceof WrapUpError) return refuse(reply, 409, error.message);
        request.log.error({ err: error, username: request.user.username }, 'ending wrap-up failed');
        return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message: `Asterisk did not confirm: ${(error as Error).message}` });
      }
    },
  );
}
