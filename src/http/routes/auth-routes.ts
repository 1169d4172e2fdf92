// POST /api/auth/login, POST /api/auth/logout, GET /api/me.
import type { FastifyInstance } from 'fastify';
import { DUMMY_HASH, verifyPassword } from '../../auth/passwords.ts';
import { languagesOf, type User, type UserRepository } from '../../db/user-repository.ts';
import { authenticate } from '../auth-hooks.ts';
import { SESSION_COOKIE } from '../session-token.ts';

export const publicUser = (user: User) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  extension: user.extension,
  languages: languagesOf(user),
  departmentId: user.departmentId,
});

export async function authRoutes(app: FastifyInstance, options: { users: UserRepository; sessionHours: number }) {
  const { users, sessionHours } = options;

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = users.byUsername(username);
      const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !valid || user.disabled) {
        request.log.warn({ username }, 'login refused');
        return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'wrong user name or password' });
      }
      const session = users.createSession(user.id, sessionHours);
      reply.header(
        'set-cookie',
        `${SESSION_COOKIE}=${encodeURIComponent(session.token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.round(sessionHours * 3600)}`,
      );
      request.log.info({ username, role: user.role }, 'logged in');
      return { token: session.token, expiresAt: session.expiresAt, user: publicUser(user) };
    },
  );

  app.register(async (scoped) => {
    scoped.addHook('onRequest', authenticate(users));
    scoped.post('/api/auth/logout', async (request, reply) => {
      users.endSession(request.sessionToken);
      reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
      return reply.code(204).send();
    });
    scoped.get('/api/me', async (request) => ({ user: publicUser(request.user) }));
  });
}
