// GET/POST /api/agent/state: an operator goes available, paused or offline; answered after Asterisk confirms.
import type { FastifyInstance } from 'fastify';
import { toAgent, type UserRepository } from '../../db/user-repository.ts';
import type { AgentPresence, AgentState, AgentStateService } from '../../queues/agent-state.ts';
import { authenticate, requireRole } from '../auth-hooks.ts';

export async function agentRoutes(
  app: FastifyInstance,
  options: { users: UserRepository; agentStates: AgentStateService; pbxConnected: () => boolean; onPresence: (userId: number, presence: AgentPresence) => void },
) {
  const { users, agentStates, pbxConnected, onPresence } = options;
  app.addHook('onRequest', authenticate(users));
  app.addHook('preHandler', requireRole('operator', 'supervisor'));

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
}
