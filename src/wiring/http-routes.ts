// The HTTP routes, registered on the app in one place: health and metrics, login, the operator's own
// state, admin, audit, cases, the web app, and the signed-in routes of the wallboard, reports, the line
// and call control.
import type { FastifyInstance } from 'fastify';
import { dummyHash } from '../auth/passwords.ts';
import type { CalendarService } from '../cases/calendar-service.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { Config } from '../config.ts';
import type { AuditRepository } from '../db/audit-repository.ts';
import type { CaseRegistryRepository } from '../db/case-registry-repository.ts';
import { isDatabaseHealthy, type Db } from '../db/database.ts';
import type { DepartmentRepository } from '../db/department-repository.ts';
import { ReportRepository } from '../db/report-repository.ts';
import type { SettingsRepository } from '../db/settings-repository.ts';
import { toAgent, type User, type UserRepository } from '../db/user-repository.ts';
import { authenticate } from '../http/auth-hooks.ts';
import { adminRoutes } from '../http/routes/admin-routes.ts';
import { agentRoutes } from '../http/routes/agent-routes.ts';
import { auditRoutes } from '../http/routes/audit-routes.ts';
import { authRoutes } from '../http/routes/auth-routes.ts';
import { caseRoutes } from '../http/routes/case-routes.ts';
import { healthRoutes } from '../http/routes/health-routes.ts';
import { reportRoutes } from '../http/routes/report-routes.ts';
import { wallRoutes } from '../http/routes/wall-routes.ts';
import { webAppRoutes } from '../http/routes/web-app-routes.ts';
import type { SupervisorActions } from '../live/supervision.ts';
import type { WallService } from '../live/wall-service.ts';
import type { Logger } from '../log.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { ConnectionStatus } from '../pbx/connection-status.ts';
import type { AgentStateService } from '../queues/agent-state.ts';
import type { DeskNamespace } from '../realtime/desk-namespace.ts';
import type { callControl } from './call-control.ts';
import { lineRoutes } from './line-routes.ts';
import type { waitingLine } from './waiting-line.ts';

export interface RouteDeps {
  config: Config;
  db: Db;
  log: Logger;
  pbx: { ami: () => ConnectionStatus; ari: () => ConnectionStatus; amiConnected: () => boolean };
  calendarService: CalendarService;
  metrics: HotlineMetrics;
  users: UserRepository;
  departments: DepartmentRepository;
  settings: SettingsRepository;
  audit: AuditRepository;
  caseService: CaseService;
  caseRegistry: CaseRegistryRepository;
  agentStates: AgentStateService;
  desk: DeskNamespace;
  line: ReturnType<typeof waitingLine>;
  wall: WallService;
  supervision: SupervisorActions;
  calling: ReturnType<typeof callControl>;
}

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { config, db, log, pbx, calendarService, metrics, users, departments, settings, audit, caseService, caseRegistry, agentStates, desk, line, wall, supervision, calling } = deps;
  await app.register(healthRoutes, {
    readiness: {
      database: () => isDatabaseHealthy(db),
      ami: pbx.ami,
      ari: pbx.ari,
      warnings: (): Record<string, string> => {
        const { warning } = calendarService.horizon();
        return warning ? { calendar: warning } : {};
      },
    },
    renderMetrics: () => metrics.render(),
    metricsContentType: metrics.contentType,
  });
  void dummyHash(config.passwordCost);
  await app.register(authRoutes, {
    users,
    audit,
    sessionHours: config.sessionHours,
    passwordCost: config.passwordCost,
    cookieSecure: config.cookieSecure,
    loginPerMinute: config.loginPerMinute,
    lockout: config.lockout,
  });
  await app.register(agentRoutes, {
    users,
    agentStates,
    pbxConnected: pbx.amiConnected,
    onPresence: (userId, presence) => desk.agentState(userId, presence),
    pauseReasons: () => settings.pauseReasons(),
    wrapUp: line.wrapUp,
  });
  const takeOffline = (user: User) => {
    const agent = toAgent(user);
    if (!agent) return;
    agentStates.setState(agent, 'offline').then(
      (presence) => desk.agentState(agent.userId, presence),
      (error: unknown) => log.error({ err: error, username: user.username }, 'could not take a disabled operator out of the queues; retried by the next check'),
    );
  };
  await app.register(adminRoutes, { users, departments, settings, calendar: calendarService, audit, passwordCost: config.passwordCost, onDisabled: takeOffline });
  await app.register(auditRoutes, { users, audit });
  await app.register(caseRoutes, { users, cases: caseService });
  await app.register(webAppRoutes);
  await app.register(async (scoped) => {
    scoped.addHook('onRequest', authenticate(users));
    await scoped.register(wallRoutes, { users, wall, supervision, settings, audit, onPresence: (userId, presence) => desk.agentState(userId, presence) });
    await scoped.register(reportRoutes, { reports: new ReportRepository(db), users, queues: Object.values(config.queues), settings: wall.settings, audit });
    await lineRoutes(scoped, { config, db, line, registry: caseRegistry, audit, settings, onSettingsChanged: () => wall.kpisChanged() });
    await calling.routes(scoped);
  });
}
