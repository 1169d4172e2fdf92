// The operator desk page and its scripts, served from src/web.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'desk.html', type: 'text/html; charset=utf-8' },
  '/desk.js': { file: 'desk.js', type: 'text/javascript; charset=utf-8' },
  '/desk-i18n.js': { file: 'desk-i18n.js', type: 'text/javascript; charset=utf-8' },
  '/desk.css': { file: 'desk.css', type: 'text/css; charset=utf-8' },
};

export async function deskPageRoutes(app: FastifyInstance) {
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = readFileSync(join(WEB, file));
    app.get(path, async (_request, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  }
}
