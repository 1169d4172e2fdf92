// POST /api/auth/login, POST /api/auth/logout, GET /api/me.
import type { FastifyInstance } from 'fastify';
import { dummyHash, hashPassword, needsRehash, verifyPassword, type ScryptCost } from '../../auth/passwords.ts';
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

export async function authRoutes(
  app: FastifyInstance,
  options: { users: UserRepository; sessionHours: number; passwordCost: ScryptCost; cookieSecure: boolean; loginPerMinute: number },
) {
  const { users, sessionHours, passwordCost, cookieSecure, loginPerMinute } = options;
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${cookieSecure ? '; Secure' : ''}`;

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      // Password guessing from one address: at most loginPerMinute attempts a minute (@fastify/rate-limit),
      // then 429 with Retry-After and a message that says when to try again.
      config: {
        rateLimit: {
          max: loginPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request: unknown, context: { after: string }) => ({
            statusCode: 429,
            error: 'Too Many Requests',
            message: `too many login attempts from your address; try again in ${context.after}`,
          }),
        },
      },
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
      const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(passwordCost)));
      if (!user || !valid || user.disabled) {
        request.log.warn({ username }, 'login refused');
        return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'wrong user name or password' });
      }
      if (needsRehash(user.passwordHash, passwordCost)) {
        // The plain password is at hand only now: a hash from a cheaper era is re-made at today's cost.
        users.update(user.id, { passwordHash: await hashPassword(password, passwordCost) });
        request.log.info({ username }, 'password hash upgraded to the current scrypt cost');
      }
      const session = users.createSession(user.id, sessionHours);
      reply.header('set-cookie', cookie(encodeURIComponent(session.token), Math.round(sessionHours * 3600)));
      request.log.info({ username, role: user.role }, 'logged in');
      return { token: session.token, expiresAt: session.expiresAt, user: publicUser(user) };
    },
  );

  app.register(async (scoped) => {
    scoped.addHook('onRequest', authenticate(users));
    scoped.post('/api/auth/logout', async (request, reply) => {
      users.endSession(request.sessionToken);
      reply.header('set-cookie', cookie('', 0));
      return reply.code(204).send();
    });
    scoped.get('/api/me', async (request) => ({ user: publicUser(request.user) }));
  });
}
