// Authentication once per route tree; roles per route.
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Role, User, UserRepository } from '../db/user-repository.ts';
import { tokenFromHeaders } from './session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User;
    sessionToken: string;
  }
}

export function authenticate(users: UserRepository) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = tokenFromHeaders(request.headers);
    const user = token ? users.userForToken(token) : undefined;
    if (!token || !user) {
      return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'log in first: POST /api/auth/login' });
    }
    request.user = user;
    request.sessionToken = token;
  };
}

export function requireRole(...roles: Role[]): preHandlerHookHandler {
  return async (request, reply) => {
    if (!roles.includes(request.user.role)) {
      return reply
        .code(403)
        .send({ statusCode: 403, error: 'Forbidden', message: `this needs the role ${roles.join(' or ')}; you are ${request.user.role}` });
    }
  };
}
