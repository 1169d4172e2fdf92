// GET /api/admin/audit?actor=&action=&from=&to=&page=: the audit log for admins, newest first, a page at a time.
import type { FastifyInstance } from 'fastify';
import { AUDIT_PAGE_SIZE, type AuditFilter, type AuditRepository } from '../../db/audit-repository.ts';
import type { UserRepository } from '../../db/user-repository.ts';
import { authenticate, requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';
import { moment } from './report-routes.ts';

const MOMENT = { type: 'string', minLength: 10, maxLength: 40 } as const;

interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  page?: string;
}

export async function auditRoutes(app: FastifyInstance, options: { users: UserRepository; audit: AuditRepository }) {
  const { users, audit } = options;
  app.addHook('onRequest', authenticate(users));

  app.get<{ Querystring: AuditQuery }>(
    '/api/admin/audit',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['admin'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { type: 'string', pattern: '^[A-Za-z0-9_.-]{2,32}$' },
            action: { type: 'string', pattern: '^[a-z0-9:-]{1,40}$' },
            from: MOMENT,
            to: MOMENT,
            page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
          },
        },
      },
    },
    async (request, reply) => {
      const { actor, action, from, to, page } = request.query;
      const filter: AuditFilter = {};
      if (actor !== undefined) {
        const user = users.byUsername(actor);
        if (!user) return refuse(reply, 400, `querystring/actor: there is no user ${actor}`);
        filter.actorUserId = user.id;
      }
      if (action !== undefined) filter.action = action;
      for (const [name, text] of [['from', from], ['to', to]] as const) {
        if (text === undefined) continue;
        const at = moment(text);
        if (at === undefined) return refuse(reply, 400, `querystring/${name} "${text}" is not a day (2026-11-23, a Beijing day's start) or a time with its offset (2026-11-23T08:00:00+08:00)`);
        filter[name] = new Date(at).toISOString();
      }
      if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from) return refuse(reply, 400, 'querystring/to must come after querystring/from');
      return audit.search(filter, page === undefined ? 1 : Number(page), AUDIT_PAGE_SIZE);
    },
  );
}
