// The holiday calendar: its horizon and years (admins and supervisors), and an admin's entry of a year.
import type { FastifyInstance } from 'fastify';
import type { CalendarService } from '../../cases/calendar-service.ts';
import type { Role } from '../../cases/case-model.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { LABEL, refuse } from './admin-schemas.ts';

const YEAR_PARAMS = { type: 'object', required: ['year'], additionalProperties: false, properties: { year: { type: 'string', pattern: '^20[0-9]{2}$' } } } as const;
const DAYS = { type: 'object', maxProperties: 60, additionalProperties: LABEL } as const;

export async function calendarRoutes(app: FastifyInstance, options: { calendar: CalendarService; audit: AuditRepository }) {
  const { calendar, audit } = options;

  app.get('/api/admin/calendar', { onRequest: requireRole('admin', 'supervisor') }, async () => ({
    ...calendar.horizon(),
    years: calendar.calendar.years(),
  }));

  app.get<{ Params: { year: string } }>('/api/admin/calendar/:year', { onRequest: requireRole('admin', 'supervisor'), schema: { params: YEAR_PARAMS } }, async (request, reply) => {
    const year = calendar.calendar.year(Number(request.params.year));
    return year ?? refuse(reply, 404, `the calendar has no schedule for ${request.params.year}: enter it with PUT /api/admin/calendar/${request.params.year}`);
  });

  app.put<{ Params: { year: string }; Body: { holidays: Record<string, string>; workdays?: Record<string, string> } }>(
    '/api/admin/calendar/:year',
    {
      onRequest: requireRole('admin'),
      schema: { params: YEAR_PARAMS, body: { type: 'object', required: ['holidays'], additionalProperties: false, properties: { holidays: DAYS, workdays: DAYS } } },
    },
    async (request) => {
      const user = request.user;
      const result = await calendar.enterYear(Number(request.params.year), { holidays: request.body.holidays, workdays: request.body.workdays ?? {} }, {
        id: user.id,
        role: user.role as Role,
        departmentId: user.departmentId,
      });
      const { year, holidays, workdays } = result;
      audit.record({ actorUserId: user.id, action: 'calendar-year', details: { year, holidays, workdays, recounted: result.recounted.length } });
      request.log.info({ by: user.username, year, recounted: result.recounted.length }, 'holiday schedule entered');
      return result;
    },
  );
}
