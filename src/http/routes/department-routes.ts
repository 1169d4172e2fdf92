// GET/POST /api/departments, PATCH /api/departments/:id: the department tree (changes audited). Mounted by adminRoutes.
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../db/audit-repository.ts';
import { DepartmentChangeError, type DepartmentChanges, type DepartmentRepository, type NewDepartment } from '../../db/department-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { DISPLAY_NAME, ID_PARAMS, ROW_ID, refuse } from './admin-schemas.ts';

const CODE = { type: 'string', pattern: '^[a-z0-9-]{2,40}$' } as const;

export async function departmentRoutes(app: FastifyInstance, options: { departments: DepartmentRepository; audit: AuditRepository }) {
  const { departments, audit } = options;
  const refuseChange = (reply: Parameters<typeof refuse>[0], error: unknown) => {
    if (!(error instanceof DepartmentChangeError)) throw error;
    return refuse(reply, error.problem === 'unknown-parent' ? 400 : 409, error.message);
  };

  app.get('/api/departments', async () => ({ departments: departments.tree() }));

  app.post<{ Body: NewDepartment }>(
    '/api/departments',
    {
      onRequest: requireRole('admin'),
      schema: {
        body: {
          type: 'object',
          required: ['code', 'nameZh', 'nameEn', 'parentId'],
          additionalProperties: false,
          properties: { code: CODE, nameZh: DISPLAY_NAME, nameEn: DISPLAY_NAME, parentId: ROW_ID },
        },
      },
    },
    async (request, reply) => {
      try {
        const department = departments.create(request.body);
        audit.record({ actorUserId: request.user.id, action: 'department-created', details: { id: department.id, ...request.body } });
        request.log.info({ by: request.user.username, department: department.code, parentId: department.parentId }, 'department created');
        return reply.code(201).send(department);
      } catch (error) {
        return refuseChange(reply, error);
      }
    },
  );

  app.patch<{ Params: { id: string }; Body: DepartmentChanges }>(
    '/api/departments/:id',
    {
      onRequest: requireRole('admin'),
      schema: {
        params: ID_PARAMS,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: { nameZh: DISPLAY_NAME, nameEn: DISPLAY_NAME, parentId: ROW_ID, active: { type: 'boolean' } },
        },
      },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      try {
        const department = departments.update(id, request.body);
        if (!department) return refuse(reply, 404, `no department ${id}`);
        audit.record({ actorUserId: request.user.id, action: 'department-changed', details: { id, code: department.code, changes: request.body } });
        request.log.info({ by: request.user.username, department: department.code, changes: request.body }, 'department changed');
        return department;
      } catch (error) {
        return refuseChange(reply, error);
      }
    },
  );
}
