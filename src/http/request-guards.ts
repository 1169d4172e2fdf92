// What every request passes before its route: the CSRF check of writes made with the session cookie, and the
// API rate limit (@fastify/rate-limit, per session once authenticated, per address otherwise).
//
// CSRF: the session cookie is SameSite=Strict, so a browser does not send it with a request another site
// starts. Behind that, a write (POST, PUT, PATCH, DELETE) that carries the cookie must also carry the header
// X-Hotline-Client: web. A cross-site form cannot set a header, and a cross-origin fetch that sets one needs
// a CORS preflight this server never answers with permission. And a browser's Origin (or, without it,
// Sec-Fetch-Site) must be this server's own or one of HOTLINE_ALLOWED_ORIGINS — as at the Socket.IO
// handshake — which also keeps other sites from logging a browser in. No token to keep or rotate; scripts
// and exchange clients send Authorization: Bearer, which no browser adds by itself, and are not checked.
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../db/user-repository.ts';
import { SESSION_COOKIE } from './session-token.ts';

export const CLIENT_HEADER = 'x-hotline-client';
export const CLIENT_HEADER_VALUE = 'web';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** "42 seconds", "1 minute", "15 minutes": how long until a refusal lifts. */
export function waitInWords(seconds: number): string {
  const [count, unit] = seconds < 120 ? [Math.max(1, Math.ceil(seconds)), 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** A 429 with Retry-After in whole seconds and a message that says why and for how long. */
export function tooManyRequests(reply: FastifyReply, seconds: number, why: string) {
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, Math.ceil(seconds))))
    .send({ statusCode: 429, error: 'Too Many Requests', message: `${why}; try again in ${waitInWords(seconds)}` });
}

/**
 * The limit on /api/*, checked after authentication (a made-up token is refused before it could buy a budget
 * of its own) and before the body is read. A route no one authenticates counts per address; today that is
 * only login, which has limits of its own (auth-routes.ts).
 */
export function apiRateLimit(perMinute: number): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'preParsing',
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/'),
    keyGenerator: (request) => (request.sessionToken ? `session:${hashToken(request.sessionToken)}` : `address:${request.ip}`),
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `more than ${perMinute} requests a minute ${request.sessionToken ? 'in this session' : 'from your address'}; try again in ${context.after}`,
    }),
  };
}

function hasSessionCookie(cookie: string | undefined): boolean {
  return (cookie ?? '').split(';').some((part) => {
    const [name, value] = part.trim().split('=');
    return name === SESSION_COOKIE && Boolean(value);
  });
}

/** Why a browser's write comes from elsewhere, or undefined when it comes from this server's pages (or from no browser). */
function foreignOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): string | undefined {
  const { origin, host } = request.headers;
  if (origin !== undefined) {
    const own = host ? [`http://${host}`, `https://${host}`] : [];
    return own.includes(origin) || allowedOrigins.includes(origin) ? undefined : `a write from the origin ${origin} is refused: only this server's pages (and HOTLINE_ALLOWED_ORIGINS) may write`;
  }
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none' ? undefined : `a write started by another site (Sec-Fetch-Site: ${String(site)}) is refused`;
}

/** onRequest: refuses, with 403 and a message, a browser write another site may have started. */
export function csrfGuard(allowedOrigins: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (SAFE_METHODS.has(request.method)) return;
    // The same test as tokenFromHeaders: a bearer token authenticates the request, the cookie is not read.
    if (/^Bearer\s+\S+$/i.test(request.headers.authorization ?? '')) return;
    let problem = foreignOrigin(request, allowedOrigins);
    if (!problem && hasSessionCookie(request.headers.cookie) && request.headers[CLIENT_HEADER] !== CLIENT_HEADER_VALUE) {
      problem = `a write with the session cookie needs the header X-Hotline-Client: ${CLIENT_HEADER_VALUE} (the web app sends it); scripts authenticate with Authorization: Bearer`;
    }
    if (!problem) return;
    request.log.warn({ method: request.method, url: request.url.split('?')[0], origin: request.headers.origin }, 'cross-site write refused');
    return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: problem });
  };
}
