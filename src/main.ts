// The composition root: adapters, domain services and transports wired together in one place.
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { Config, Language } from './config.ts';
import { dummyHash } from './auth/passwords.ts';
import { CallTracker } from './calls/call-tracker.ts';
import { CaseService } from './cases/case-service.ts';
import { CalendarService } from './cases/calendar-service.ts';
import { DeadlineClock } from './cases/deadlines.ts';
import { HolidayCalendar } from './cases/holiday-calendar.ts';
import { CaseRegistryRepository } from './db/case-registry-repository.ts';
import { CallRepository } from './db/call-repository.ts';
import { isDatabaseHealthy, openDatabase, type Db } from './db/database.ts';
import { DepartmentRepository } from './db/department-repository.ts';
import { SettingsRepository } from './db/settings-repository.ts';
import { toAgent, UserRepository, type User } from './db/user-repository.ts';
import { ScreenPopService } from './desk/screen-pop.ts';
import { createHttpApp } from './http/app.ts';
import { adminRoutes } from './http/routes/admin-routes.ts';
import { agentRoutes } from './http/routes/agent-routes.ts';
import { authRoutes } from './http/routes/auth-routes.ts';
import { caseRoutes } from './http/routes/case-routes.ts';
import { deskPageRoutes } from './http/routes/desk-page-routes.ts';
import { healthRoutes } from './http/routes/health-routes.ts';
import { loadFlowSet } from './ivr/flow.ts';
import { IvrEngine } from './ivr/ivr-engine.ts';
import type { Logger } from './log.ts';
import { hotlineMetrics } from './metrics.ts';
import { AmiClient } from './pbx/ami-client.ts';
import { AmiEventRouter } from './pbx/ami-event-router.ts';
import { AmiQueueControl } from './pbx/ami-queue-control.ts';
import { AriConnection } from './pbx/ari-connection.ts';
import { AriStasisApp } from './pbx/ari-stasis-app.ts';
import { fetchStoredRecording } from './pbx/ari-recordings.ts';
import { IvrRepository } from './db/ivr-repository.ts';
import { hotlineIvrServices, recoverMessages } from './hotline-ivr-services.ts';
import { every, type PeriodicJob } from './jobs/periodic.ts';
import { AgentStateService } from './queues/agent-state.ts';
import { isMemberEvent } from './queues/queue-events.ts';
import { QueueMembership } from './queues/queue-membership.ts';
import type { DeskClientEvents, DeskServerEvents } from './realtime/desk-events.ts';
import { DeskNamespace } from './realtime/desk-namespace.ts';
import { originCheck, SocketSessions } from './realtime/socket-sessions.ts';

export const PROMPTS_DIRECTORY = fileURLToPath(new URL('../prompts', import.meta.url));

export type Hotline = Awaited<ReturnType<typeof createHotline>>;

/** `now` moves the clock of cases and the calendar (tests of deadlines); the server uses the real one. */
export async function createHotline(config: Config, log: Logger, options: { db?: Db; now?: () => Date } = {}) {
  const db = options.db ?? openDatabase(config.databaseFile);
  const users = new UserRepository(db);
  const departments = new DepartmentRepository(db);
  const settings = new SettingsRepository(db);
  const calls = new CallRepository(db);
  const caseRegistry = new CaseRegistryRepository(db);
  const calendar = new HolidayCalendar();
  const caseService = new CaseService(caseRegistry, new DeadlineClock(() => settings.timeLimits(), calendar), options.now);
  const calendarService = new CalendarService(calendar, settings, caseService, options.now);
  const metrics = hotlineMetrics();
  const flows = loadFlowSet(PROMPTS_DIRECTORY);

  const ami = new AmiClient(config.ami, log.child({ component: 'ami' }), { actionMs: config.amiActionTimeoutMs, loginMs: 5_000, maxBackoffMs: 5_000 });
  const ari = new AriConnection(config.ari, log.child({ component: 'ari' }));
  const queues = Object.values(config.queues);
  const languageOfQueue = (queue: string) =>
    (Object.entries(config.queues) as [Language, string][]).find(([, name]) => name === queue)?.[0];
  const userOfInterface = (agentInterface: string) => {
    const extension = agentInterface.match(/^PJSIP\/(\w+)$/i)?.[1];
    return extension ? users.byExtension(extension) : undefined;
  };
  const userIdOfInterface = (agentInterface: string) => userOfInterface(agentInterface)?.id;
  const operatorOfInterface = (agentInterface: string) => {
    const user = userOfInterface(agentInterface);
    return user && { id: user.id, role: user.role, departmentId: user.departmentId };
  };

  const membership = new QueueMembership();
  const agentStates = new AgentStateService(
    new AmiQueueControl(ami, queues),
    membership,
    users,
    config.queues,
    log.child({ component: 'agents' }),
    config.amiActionTimeoutMs,
  );
  const tracker = new CallTracker(calls, languageOfQueue, metrics, userIdOfInterface);
  const ivrLog = log.child({ component: 'ivr' });
  const ivrStore = new IvrRepository(db);
  const ivrServices = hotlineIvrServices(config, caseRegistry, ivrStore, ivrLog, calendar);
  const engine = new IvrEngine(flows, tracker, ivrServices);
  /** Key pressed → next prompt starting, in Asterisk's own time (ms); the last 1,000 for tests and benchmarks. */
  const dtmfToPromptMs: number[] = [];
  const stasis = new AriStasisApp(
    ari,
    engine,
    tracker,
    {
      promptDirectory: config.promptDirectory,
      appName: config.ari.app,
      fetchRecording: (name) => fetchStoredRecording(config.ari, name),
      queueMaxWaitSeconds: config.queueMaxWaitSeconds,
      onDtmfToPrompt: (milliseconds) => {
        dtmfToPromptMs.push(milliseconds);
        if (dtmfToPromptMs.length > 1_000) dtmfToPromptMs.shift();
      },
    },
    ivrLog,
  );

  const app = createHttpApp(log);
  const io = new Server(app.server, { serveClient: true, cors: { origin: false }, allowRequest: originCheck(config.allowedOrigins) });
  const socketSessions = new SocketSessions(users, log.child({ component: 'sockets' }), config.sessionCheckSeconds * 1000);
  const pbxStatus = () => ({ ami: ami.status, ari: ari.status });
  const screenPops = new ScreenPopService(operatorOfInterface, calls, caseService, { screenPop: (userId, pop) => desk.screenPop(userId, pop) }, metrics, log.child({ component: 'screen-pop' }), languageOfQueue);
  const desk = new DeskNamespace(
    io,
    socketSessions,
    pbxStatus,
    (user) => {
      const agent = toAgent(user);
      return agent ? agentStates.presence(agent) : undefined;
    },
    (userId) => screenPops.currentPop(userId),
  );

  // AMI events reach the features through one router, in this order: membership, the call record, the pop.
  const router = new AmiEventRouter(queues, log.child({ component: 'ami-events' }), (subscriber) => metrics.subscriberFailures({ subscriber }));
  router.subscribe('queue-membership', (event) => {
    if (!isMemberEvent(event)) return;
    membership.apply(event);
    const user = userOfInterface(event.agentInterface);
    const agent = user ? toAgent(user) : null;
    if (agent && event.type !== 'member-status') desk.agentState(agent.userId, agentStates.presence(agent));
  });
  router.subscribe('call-tracker', (event, receivedAt) => {
    if (!isMemberEvent(event)) tracker.handle(event, new Date(receivedAt));
  });
  router.subscribe('screen-pop', (event, receivedAt) => screenPops.handle(event, receivedAt));
  ami.on('event', (message) => router.route(message));

  const announce = () => desk.pbxStatus(pbxStatus());
  ami.on('connected', () => {
    announce();
    agentStates.reconcile().catch((error: unknown) => log.error({ err: error }, 'could not rebuild queue state from Asterisk'));
  });
  ami.on('disconnected', () => {
    membership.clear();
    announce();
  });
  ari.on('connected', () => {
    announce();
    recoverMessages(config, ivrStore, ivrServices, ivrLog).catch((error: unknown) => ivrLog.error({ err: error }, 'could not recover messages recorded while away'));
  });
  ari.on('disconnected', announce);

  metrics.registry.gauge('hotline_pbx_connected', 'Whether the AMI and ARI connections are up (1) or not (0)', () => [
    { labels: { link: 'ami' }, value: ami.connected ? 1 : 0 },
    { labels: { link: 'ari' }, value: ari.status.state === 'connected' ? 1 : 0 },
  ]);
  metrics.registry.gauge('hotline_ivr_calls', 'Callers in the IVR now', () => [{ labels: {}, value: stasis.activeCalls }]);
  metrics.registry.gauge('hotline_queue_members', 'Operators in each queue, by paused', () =>
    queues.flatMap((queue) =>
      [false, true].map((paused) => ({
        labels: { queue, paused: String(paused) },
        value: membership.all().filter((m) => m.queue === queue && m.paused === paused).length,
      })),
    ),
  );

  await app.register(healthRoutes, {
    readiness: {
      database: () => isDatabaseHealthy(db),
      ami: () => ami.status,
      ari: () => ari.status,
      warnings: (): Record<string, string> => {
        const { warning } = calendarService.horizon();
        return warning ? { calendar: warning } : {};
      },
    },
    renderMetrics: () => metrics.registry.render(),
  });
  void dummyHash(config.passwordCost);
  await app.register(authRoutes, { users, sessionHours: config.sessionHours, passwordCost: config.passwordCost, cookieSecure: config.cookieSecure });
  await app.register(agentRoutes, {
    users,
    agentStates,
    pbxConnected: () => ami.connected,
    onPresence: (userId, presence) => desk.agentState(userId, presence),
  });
  const takeOffline = (user: User) => {
    const agent = toAgent(user);
    if (!agent) return;
    agentStates.setState(agent, 'offline').then(
      (presence) => desk.agentState(agent.userId, presence),
      (error: unknown) => log.error({ err: error, username: user.username }, 'could not take a disabled operator out of the queues; retried by the next check'),
    );
  };
  await app.register(adminRoutes, { users, departments, settings, calendar: calendarService, passwordCost: config.passwordCost, onDisabled: takeOffline });
  await app.register(caseRoutes, { users, cases: caseService });
  await app.register(deskPageRoutes);

  const evaluateDeadlines = async () => {
    const result = await caseService.evaluateDeadlines();
    if (result.escalated.length > 0) log.warn({ escalated: result.escalated }, 'overdue cases escalated (督办)');
    if (result.evaluated > 0) log.info({ evaluated: result.evaluated }, 'case deadlines evaluated');
  };
  const jobs: PeriodicJob[] = [];
  const startJobs = () => {
    jobs.push(every(config.escalationIntervalMinutes * 60_000, 'deadline evaluation', evaluateDeadlines, log, { runAtStart: true }));
    // Phones of operators disabled elsewhere (the CLI) leave the queues within one check.
    jobs.push(every(config.sessionCheckSeconds * 1000, 'queue membership check', () => (ami.connected ? agentStates.removeUnwanted() : 0), log));
    jobs.push(
      every(3_600_000, 'expired session purge', () => {
        const purged = users.purgeExpiredSessions();
        if (purged > 0) log.info({ purged }, 'expired sessions purged');
      }, log, { runAtStart: true }),
    );
    // Messages kept back (a database that could not be written, the dialplan's own recording) are registered.
    jobs.push(every(60_000, 'message recovery', () => (ari.status.state === 'connected' ? recoverMessages(config, ivrStore, ivrServices, ivrLog) : []), log));
  };

  return {
    app,
    io,
    db,
    users,
    caseService,
    calendarService,
    dtmfToPromptMs,
    departments,
    settings,
    ami,
    ari,
    agentStates,
    membership,
    metrics,
    /** Listens on HTTP and starts connecting to Asterisk (it need not be up). Returns the bound port. */
    async start(): Promise<number> {
      await app.listen({ host: config.httpHost, port: config.httpPort });
      startJobs();
      socketSessions.start();
      ami.start();
      ari.start();
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : config.httpPort;
    },
    async stop(): Promise<void> {
      for (const job of jobs.splice(0)) job.stop();
      socketSessions.stop();
      await stasis.releaseAll();
      await ami.stop();
      await ari.stop();
      io.close();
      await app.close();
      if (!options.db) db.$client.close();
    },
  };
}
