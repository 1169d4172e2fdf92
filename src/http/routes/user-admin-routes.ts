// GET/POST /api/users, PATCH /api/users/:id: accounts, roles, extensions, departments (changes audited, never a
// password); POST /api/admin/users/:id/unlock lifts a lock after wrong passwords. Mounted by adminRoutes.
import { publicUser } from './auth-routes.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Language } from '../../config.ts';
import { MIN_PASSWORD_LENGTH, hashPassword, type ScryptCost } from '../../auth/passwords.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { DepartmentRepository } from '../../db/department-repository.ts';
import { ROLES, lockedUntil, type NewUser, type Role, type User, type UserRepository } from '../../db/user-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { DISPLAY_NAME, ID_PARAMS, ROW_ID, refuse } from './admin-schemas.ts';

interface AccountFields {
  displayName?: string;
  role?: Role;
  extension?: string | null;
  languages?: Language[];
  departmentId?: number | null;
  password?: string;
}
type NewAccount = AccountFields & { username: string; password: string; role: Role };
type AccountChanges = AccountFields & { disabled?: boolean };

const ACCOUNT_PROPERTIES = {
  displayName: DISPLAY_NAME,
  role: { type: 'string', enum: ROLES },
  extension: { type: ['string', 'null'], pattern: '^\\d{3,6}$' },
  languages: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string', enum: ['zh', 'en'] } },
  departmentId: { anyOf: [ROW_ID, { type: 'null' }] },
  password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 256 },
} as const;

/** What an admin sees of an account: everything but the password hash. */
export const accountView = (user: User) => ({
  ...publicUser(user),
  disabled: user.disabled,
  /** Locked after too many wrong passwords, until then; null when not locked. */
  lockedUntil: lockedUntil(user),
  createdAt: user.createdAt,
});

export async function userAdminRoutes(
  app: FastifyInstance,
  options: { users: UserRepository; departments: DepartmentRepository; audit: AuditRepository; passwordCost: ScryptCost; onDisabled?: (user: User) => void },
) {
  const { users, departments, audit, passwordCost, onDisabled } = options;

  /** The checks shared by create and change; a message when the account would be refused, with its status. */
  const problemWith = (account: { role: Role; departmentId: number | null }, fields: AccountFields, userId?: number): [400 | 409, string] | undefined => {
    if (fields.extension && users.isExtensionTaken(fields.extension, userId)) return [409, `extension ${fields.extension} is taken`];
    if (fields.departmentId != null) {
      const department = departments.byId(fields.departmentId);
      if (!department) return [400, `departmentId ${fields.departmentId} is not a department`];
      if (!department.active) return [400, `departmentId ${fields.departmentId} is inactive`];
    }
    if (account.role === 'handler' && account.departmentId === null) return [400, 'departmentId is required for a handler'];
    return undefined;
  };
  const refuseProblem = (reply: FastifyReply, [statusCode, message]: [400 | 409, string]) => refuse(reply, statusCode, message);

  app.get('/api/users', { onRequest: requireRole('admin') }, async () => ({ users: users.list().map(accountView) }));

  app.post<{ Body: NewAccount }>(
    '/api/users',
    {
      onRequest: requireRole('admin'),
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password', 'role'],
          additionalProperties: false,
          properties: { username: { type: 'string', pattern: '^[A-Za-z0-9_.-]{2,32}$' }, ...ACCOUNT_PROPERTIES },
        },
      },
    },
    async (request, reply) => {
      const { username, password, role, displayName, extension, languages, departmentId } = request.body;
      // Hashed first: from the checks to the insert nothing awaits, so no other request can take the name meanwhile.
      const passwordHash = await hashPassword(password, passwordCost);
      if (users.byUsername(username)) return refuse(reply, 409, `username ${username} is taken`);
      const problem = problemWith({ role, departmentId: departmentId ?? null }, request.body);
      if (problem) return refuseProblem(reply, problem);
      const created = users.create({
        username,
        displayName: displayName ?? username,
        passwordHash,
        role,
        extension: extension ?? null,
        languages: (languages ?? ['zh']).join(','),
        departmentId: departmentId ?? null,
      });
      audit.record({ actorUserId: request.user.id, action: 'user-created', targetUserId: created.id, details: { username, role, extension: created.extension, departmentId: created.departmentId } });
      request.log.info({ by: request.user.username, username, role }, 'account created');
      return reply.code(201).send(accountView(created));
    },
  );

  app.patch<{ Params: { id: string }; Body: AccountChanges }>(
    '/api/users/:id',
    {
      onRequest: requireRole('admin'),
      schema: {
        params: ID_PARAMS,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: { ...ACCOUNT_PROPERTIES, disabled: { type: 'boolean' } } },
      },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const { displayName, role, extension, languages, departmentId, disabled, password } = request.body;
      // Hashed before the checks, as in POST, so the checks and the write run without a pause between them.
      const passwordHash = password === undefined ? undefined : await hashPassword(password, passwordCost);
      const user = users.byId(id);
      if (!user) return refuse(reply, 404, `no user ${id}`);
      // An admin locking themselves out would leave nobody to undo it.
      if (id === request.user.id && disabled === true) return refuse(reply, 409, 'you cannot disable your own account');
      if (id === request.user.id && role !== undefined && role !== 'admin') return refuse(reply, 409, 'you cannot take the admin role from yourself');
      const after = { role: role ?? user.role, departmentId: departmentId === undefined ? user.departmentId : departmentId };
      const problem = problemWith(after, request.body, id);
      if (problem) return refuseProblem(reply, problem);

      const changes: Partial<NewUser> = { displayName, role, extension, departmentId, disabled, passwordHash };
      if (languages) changes.languages = languages.join(',');
      if (disabled === true) changes.desiredAgentState = 'offline';
      if (passwordHash !== undefined || disabled === true) users.updateEndingSessions(id, changes);
      else users.update(id, changes);
      // What changed, but of a password only that it did.
      const { password: _password, ...shown } = request.body;
      audit.record({ actorUserId: request.user.id, action: 'user-changed', targetUserId: id, details: { ...shown, ...(password === undefined ? {} : { passwordReset: true }) } });
      request.log.info({ by: request.user.username, username: user.username, changed: Object.keys(request.body) }, 'account changed');
      const changed = users.byId(id)!;
      // A disabled operator's phone leaves the queues now, not at the next reconnect.
      if (disabled === true && !user.disabled) onDisabled?.(changed);
      return accountView(changed);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/admin/users/:id/unlock',
    { onRequest: requireRole('admin'), schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const user = users.byId(id);
      if (!user) return refuse(reply, 404, `no user ${id}`);
      const until = lockedUntil(user);
      if (!until) return refuse(reply, 409, `user ${user.username} is not locked`);
      users.clearFailedLogins(id);
      audit.record({ actorUserId: request.user.id, action: 'account-unlocked', targetUserId: id, details: { lockedUntil: until } });
      request.log.info({ by: request.user.username, username: user.username }, 'account unlocked');
      return accountView(users.byId(id)!);
    },
  );
}
