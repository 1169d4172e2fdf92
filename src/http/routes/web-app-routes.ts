// The web app (desk, wallboard), built by `npm ci` into dist/web: hashed assets cached for a year, the
// page itself never, and every page path (/desk, /wall, /login…) answered with the app.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));
/** The app's pages (its router shows each); any other unknown path stays a JSON 404. */
/** The app's pages (router.ts); `:param` parts are any one path segment. */
export const WEB_PAGES = ['/', '/login', '/desk', '/wall', '/overdue', '/work', '/cases/:number', '/admin', '/admin/:section'];

export async function webAppRoutes(app: FastifyInstance, options: { root?: string } = {}) {
  const root = options.root ?? WEB_ROOT;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web app is not built: run npm run build:web (npm ci does it)');
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run npm run build:web (npm ci does it).\n'));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: false,
    setHeaders(response, path) {
      response.header('cache-control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = async (_request: unknown, reply: { header: (name: string, value: string) => unknown; sendFile: (file: string) => unknown }) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  for (const path of WEB_PAGES) app.get(path, page);
}
