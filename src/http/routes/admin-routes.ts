// The admin side of the case registry: departments, accounts, the time-limit table, the holiday calendar.
// Authenticated once for the whole tree; each route names its roles, checked before the body is read.
import type { FastifyInstance } from 'fastify';
import type { ScryptCost } from '../../auth/passwords.ts';
import { TIME_LIMIT_STAGES, TimeLimitTableError } from '../../cases/time-limits.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { DepartmentRepository } from '../../db/department-repository.ts';
import type { SettingsRepository } from '../../db/settings-repository.ts';
import type { User, UserRepository } from '../../db/user-repository.ts';
import { authenticate, requireRole } from '../auth-hooks.ts';
import { refuse } from './admin-schemas.ts';
import type { CalendarService } from '../../cases/calendar-service.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { departmentRoutes } from './department-routes.ts';
import { userAdminRoutes } from './user-admin-routes.ts';

export async function adminRoutes(
  app: FastifyInstance,
  options: {
    users: UserRepository;
    departments: DepartmentRepository;
    settings: SettingsRepository;
    calendar: CalendarService;
    audit: AuditRepository;
    passwordCost: ScryptCost;
    onDisabled?: (user: User) => void;
  },
) {
  const { users, departments, settings, calendar, audit, passwordCost, onDisabled } = options;
  app.addHook('onRequest', authenticate(users));
  await app.register(departmentRoutes, { departments, audit });
  await app.register(userAdminRoutes, { users, departments, audit, passwordCost, onDisabled });
  await app.register(calendarRoutes, { calendar, audit });

  app.get('/api/admin/time-limits', { onRequest: requireRole('admin', 'supervisor') }, async () => settings.timeLimits());

  app.put<{ Body: unknown }>(
    '/api/admin/time-limits',
    {
      onRequest: requireRole('admin'),
      schema: {
        // The shape only; validateTimeLimitTable checks kinds and days and names the path it refuses.
        body: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(TIME_LIMIT_STAGES.map((stage) => [stage, { type: 'object', maxProperties: 16 }])),
        },
      },
    },
    async (request, reply) => {
      const before = settings.timeLimits();
      try {
        const table = settings.setTimeLimits(request.body);
        audit.record({ actorUserId: request.user.id, action: 'time-limits', details: { before, after: table } });
        request.log.info({ by: request.user.username, timeLimits: table }, 'time-limit table replaced');
        return table;
      } catch (error) {
        if (error instanceof TimeLimitTableError) return refuse(reply, 400, error.message);
        throw error;
      }
    },
  );
}
