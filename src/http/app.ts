// The Fastify application: OpenAPI (/docs), the error shape, then route trees, each authorised where mounted.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { databaseUnavailable } from '../db/database-errors.ts';
import type { Logger } from '../log.ts';
import { apiRateLimit, csrfGuard } from './request-guards.ts';
import { formatValidationErrors, readableMessage } from './validation-errors.ts';

/** Every route of an app as registered (method and URL, HEAD twins of GETs included), for the authorisation test. */
const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();
export const registeredRoutes = (app: FastifyInstance): readonly { method: string; url: string }[] => ROUTES.get(app) ?? [];

const ERROR_NAMES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable' };

export function createHttpApp(log: Logger, options: { https: boolean; apiPerMinute: number; allowedOrigins: readonly string[] }): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    // No coercion: a number where a string belongs is an error, not a guess. Discriminator: one clear
    // message per workflow action. Verbose: a refusal is phrased from the field's own schema (validation-errors.ts).
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: false, discriminator: true, verbose: true } },
    schemaErrorFormatter: formatValidationErrors,
  });
  // Before any route: so every route, in every plugin, is listed.
  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path });
  });
  // Security headers (helmet). The CSP allows what the desk and wallboard use: their own scripts only, inline
  // style attributes (Element Plus positions popups with them), data: images and fonts, the same origin for
  // the API, Socket.IO and the message audio. Over plain HTTP there is no HSTS and no upgrade of requests.
  app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    hsts: options.https ? { maxAge: 15_552_000 } : false,
  });
  // /api/* limited per session or address; login has limits of its own (request-guards.ts, auth-routes.ts).
  app.register(rateLimit, apiRateLimit(options.apiPerMinute));
  app.addHook('onRequest', csrfGuard(options.allowedOrigins));
  app.register(swagger, {
    openapi: {
      info: { title: 'hotline-12365', version: '0.1.0', description: 'The 12365 quality hotline: cases, operators, queues.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      request.log.error({ err: error, code: unavailable.code }, 'database unavailable');
      return reply.code(503).header('retry-after', '1').send({ statusCode: 503, error: 'Service Unavailable', message: unavailable.message });
    }
    const statusCode = error.validation ? 400 : (error.statusCode ?? 500);
    if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
    // A 503 is said on purpose (the PBX is away…): its message helps; other 5xx stay vague.
    const told = statusCode < 500 || statusCode === 503;
    reply.code(statusCode).send({
      statusCode,
      error: ERROR_NAMES[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Bad Request'),
      message: told ? readableMessage(error) : 'internal error',
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
  return app;
}
