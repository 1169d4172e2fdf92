// POST /api/auth/login, POST /api/auth/logout, GET /api/me. Login is limited per address and per user name,
// and a name is locked after too many wrong passwords in a row (login-lockout.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LoginLockout, type LockoutPolicy } from '../../auth/login-lockout.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword, type ScryptCost } from '../../auth/passwords.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import { languagesOf, type User, type UserRepository } from '../../db/user-repository.ts';
import { authenticate } from '../auth-hooks.ts';
import { tooManyRequests } from '../request-guards.ts';
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
  options: {
    users: UserRepository;
    audit: AuditRepository;
    sessionHours: number;
    passwordCost: ScryptCost;
    cookieSecure: boolean;
    loginPerMinute: number;
    lockout: LockoutPolicy;
  },
) {
  const { users, audit, sessionHours, passwordCost, cookieSecure, loginPerMinute } = options;
  const lockout = new LoginLockout(users, options.lockout);
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${cookieSecure ? '; Secure' : ''}`;
  // Guessing one name's password from many addresses: the same number of attempts a minute per user name.
  const perName = app.createRateLimit({ max: loginPerMinute, timeWindow: 60_000, keyGenerator: (request) => `name:${(request.body as { username: string }).username}` });
  // 423 Locked, not 429: the account is in a state an admin can end, and waiting out a rate does not help.
  const refuseLocked = (reply: FastifyReply, username: string, until: string) =>
    reply
      .code(423)
      .header('retry-after', String(Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000))))
      .send({
        statusCode: 423,
        error: 'Locked',
        message: `user ${username} is locked after ${options.lockout.threshold} wrong passwords in a row, until ${until}; an admin can unlock it sooner`,
        lockedUntil: until,
      });

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      // Password guessing from one address: at most loginPerMinute attempts a minute (@fastify/rate-limit; this
      // replaces the API's limit here), then 429 with Retry-After and a message that says when to try again.
      config: {
        rateLimit: {
          max: loginPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request: { ip: string }) => request.ip,
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
      preHandler: async (request, reply) => {
        const limit = await perName(request);
        if (!limit.isAllowed && limit.isExceeded) {
          request.log.warn({ username: request.body.username }, 'login attempts for one name limited');
          return tooManyRequests(reply, limit.ttlInSeconds, `too many login attempts for the user name ${request.body.username}`);
        }
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const found = users.byUsername(username);
      const lockedBefore = lockout.lockedUntil(username, found);
      // A locked name is refused before the (costly) hash, whatever the password.
      if (lockedBefore) return refuseLocked(reply, username, lockedBefore);
      const valid = await verifyPassword(password, found?.passwordHash ?? (await dummyHash(passwordCost)));
      // Read again: attempts running beside this one may have locked the account meanwhile.
      const user = found && users.byId(found.id);
      const lockedSince = lockout.lockedUntil(username, user);
      if (lockedSince) return refuseLocked(reply, username, lockedSince);
      if (!valid) {
        const lockedNow = lockout.failed(username, user);
        if (lockedNow) {
          if (user) audit.record({ actorUserId: null, action: 'account-locked', targetUserId: user.id, details: { failures: options.lockout.threshold, until: lockedNow, address: request.ip } });
          request.log.warn({ username, until: lockedNow, address: request.ip }, 'user name locked after wrong passwords');
          return refuseLocked(reply, username, lockedNow);
        }
      }
      if (!user || !valid || user.disabled) {
        // Who tried which name from where (never the password): the admins' view of guessing.
        audit.record({ actorUserId: null, action: 'login-failed', targetUserId: user?.id ?? null, details: { username, address: request.ip, reason: !user ? 'unknown user' : !valid ? 'wrong password' : 'disabled' } });
        request.log.warn({ username }, 'login refused');
        return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'wrong user name or password' });
      }
      lockout.succeeded(user);
      if (needsRehash(user.passwordHash, passwordCost)) {
        // The plain password is at hand only now: a hash from a cheaper era is re-made at today's cost.
        users.update(user.id, { passwordHash: await hashPassword(password, passwordCost) });
        request.log.info({ username }, 'password hash upgraded to the current scrypt cost');
      }
      const session = users.createSession(user.id, sessionHours);
      audit.record({ actorUserId: user.id, action: 'login', details: { address: request.ip, role: user.role } });
      reply.header('set-cookie', cookie(encodeURIComponent(session.token), Math.round(sessionHours * 3600)));
      request.log.info({ username, role: user.role }, 'logged in');
      return { token: session.token, expiresAt: session.expiresAt, user: publicUser(user) };
    },
  );

  app.register(async (scoped) => {
    scoped.addHook('onRequest', authenticate(users));
    scoped.post('/api/auth/logout', async (request, reply) => {
      users.endSession(request.sessionToken);
      audit.record({ actorUserId: request.user.id, action: 'logout', details: { address: request.ip } });
      reply.header('set-cookie', cookie('', 0));
      return reply.code(204).send();
    });
    scoped.get('/api/me', async (request) => ({ user: publicUser(request.user) }));
  });
}
