// The composition root: adapters, domain services and transports wired together in one place.
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { Config, Language } from './config.ts';
import { AnsweredLedger } from './calls/answered-ledger.ts';
import { CallTracker } from './calls/call-tracker.ts';
import { CaseService } from './cases/case-service.ts';
import { CalendarService } from './cases/calendar-service.ts';
import { DeadlineClock } from './cases/deadlines.ts';
import { HolidayCalendar } from './cases/holiday-calendar.ts';
import { CaseRegistryRepository } from './db/case-registry-repository.ts';
import { CallRepository } from './db/call-repository.ts';
import { answeredLedgerSince } from './db/answered-ledger-repository.ts';
import { openDatabase, type Db } from './db/database.ts';
import { checkpointOffTheLoop, type WalCheckpointer } from './db/wal-checkpointer.ts';
import { DepartmentRepository } from './db/department-repository.ts';
import { SettingsRepository } from './db/settings-repository.ts';
import { AuditRepository } from './db/audit-repository.ts';
import { toAgent, UserRepository } from './db/user-repository.ts';
import { WallRepository } from './db/wall-repository.ts';
import { LiveModel } from './live/live-model.ts';
import { SupervisorActions } from './live/supervision.ts';
import { WallService } from './live/wall-service.ts';
import { readLiveSnapshot } from './pbx/ami-live-snapshot.ts';
import { endLostCalls } from './pbx/ami-lost-calls.ts';
import { recoverMissedRings } from './pbx/ami-missed-rings.ts';
import { AmiSpyDialler } from './pbx/ami-spy-dialler.ts';
import { WallNamespace } from './realtime/wall-namespace.ts';
import { wireMetrics } from './wiring/metrics-wiring.ts';
import { transcripts } from './wiring/transcripts.ts';
import { wallSources } from './wiring/wall-sources.ts';
import { waitingLine } from './wiring/waiting-line.ts';
import { amiRouting } from './wiring/ami-routing.ts';
import { callControl } from './wiring/call-control.ts';
import { registerRoutes } from './wiring/http-routes.ts';
import { retryWhileConnected } from './wiring/retry-while-connected.ts';
import { ScreenPopService } from './desk/screen-pop.ts';
import { createHttpApp } from './http/app.ts';
import { loadFlowSet } from './ivr/flow.ts';
import { IvrEngine } from './ivr/ivr-engine.ts';
import type { Logger } from './log.ts';
import { hotlineMetrics } from './metrics.ts';
import { amiAnsweredLedger } from './pbx/ami-answered-ledger.ts';
import { AmiClient } from './pbx/ami-client.ts';
import { AmiQueueControl } from './pbx/ami-queue-control.ts';
import { AriConnection } from './pbx/ari-connection.ts';
import { AriStasisApp } from './pbx/ari-stasis-app.ts';
import { ariRest } from './pbx/ari-rest.ts';
import { fetchStoredRecording } from './pbx/ari-recordings.ts';
import { IvrRepository } from './db/ivr-repository.ts';
import { hotlineIvrServices, recoverMessages } from './hotline-ivr-services.ts';
import type { PeriodicJob } from './jobs/periodic.ts';
import { startJobs } from './wiring/jobs.ts';
import { AgentStateService } from './queues/agent-state.ts';
import { QueueMembership } from './queues/queue-membership.ts';
import type { DeskClientEvents, DeskServerEvents } from './realtime/desk-events.ts';
import { DeskNamespace } from './realtime/desk-namespace.ts';
import { originCheck, refuseMainNamespace, SOCKET_MAX_BUFFER_BYTES, SocketSessions } from './realtime/socket-sessions.ts';

export const PROMPTS_DIRECTORY = fileURLToPath(new URL('../prompts', import.meta.url));

export type Hotline = Awaited<ReturnType<typeof createHotline>>;

/** `now` moves the clock of cases and the calendar (tests of deadlines); the server uses the real one. */
export async function createHotline(config: Config, log: Logger, options: { db?: Db; now?: () => Date } = {}) {
  const db = options.db ?? openDatabase(config.databaseFile);
  const users = new UserRepository(db);
  const departments = new DepartmentRepository(db);
  const settings = new SettingsRepository(db, config.queueMaxWaitSeconds, config.openingHours);
  const calls = new CallRepository(db);
  const caseRegistry = new CaseRegistryRepository(db);
  const calendar = new HolidayCalendar();
  const caseService = new CaseService(caseRegistry, new DeadlineClock(() => settings.timeLimits(), calendar), options.now);
  const calendarService = new CalendarService(calendar, settings, caseService, options.now);
  /** Whether the line is staffed at `at`: the IVR and call-backs ask afresh each time, so an admin's change applies to the next call. */
  const isOpen = (at: Date) => settings.openingHours().isOpen(at, calendar);
  const metrics = hotlineMetrics();
  const flows = loadFlowSet(PROMPTS_DIRECTORY);

  const ami = new AmiClient(config.ami, log.child({ component: 'ami' }), { actionMs: config.amiActionTimeoutMs, loginMs: 5_000, maxBackoffMs: 2_000 });
  const ari = new AriConnection(config.ari, log.child({ component: 'ari' }), 2_000);
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
  const live = new LiveModel(membership, queues, (uniqueid) => {
    const call = calls.byUniqueid(uniqueid);
    return call && { lang: call.lang, intent: call.intent };
  });
  const wallStore = new WallRepository(db, calls);
  const audit = new AuditRepository(db);
  const wall = new WallService(
    live,
    wallSources(users, wallStore, settings, userOfInterface),
    { slSeconds: config.slSeconds, shortAbandonSeconds: config.shortAbandonSeconds, languageOfQueue: (queue) => languageOfQueue(queue) ?? 'zh' },
    log.child({ component: 'wall' }),
  );
  const agentStates = new AgentStateService(
    new AmiQueueControl(ami, queues),
    membership,
    users,
    config.queues,
    log.child({ component: 'agents' }),
    config.amiActionTimeoutMs,
  );
  const tracker = new CallTracker(calls, languageOfQueue, metrics, userIdOfInterface);
  const line = waitingLine({
    config,
    db,
    log,
    ami,
    ari,
    live,
    membership,
    settings,
    calls,
    caseService,
    isOpen,
    audit,
    users,
    agentStates,
    userOfInterface,
    languageOfQueue,
    onCallbacksChanged: () => wall.kpisChanged(),
    onWrapUp: (userId, state, presence) => {
      desk.wrapUp(userId, state);
      if (presence) desk.agentState(userId, presence);
    },
  });
  const ivrLog = log.child({ component: 'ivr' });
  const ivrStore = new IvrRepository(db);
  const ivrServices = hotlineIvrServices(config, caseRegistry, ivrStore, ivrLog, line.ivrLine, isOpen, () => speech.queue.kick());
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
      queueMaxWaitSeconds: (lang) => settings.lineSettings().queues[config.queues[lang]]?.maxWaitSeconds ?? config.queueMaxWaitSeconds,
      requests: ariRest(config.ari),
      onDtmfToPrompt: (milliseconds) => {
        dtmfToPromptMs.push(milliseconds);
        if (dtmfToPromptMs.length > 1_000) dtmfToPromptMs.shift();
      },
    },
    ivrLog,
  );

  const app = createHttpApp(log, { https: config.cookieSecure, apiPerMinute: config.apiPerMinute, allowedOrigins: config.allowedOrigins });
  const io = new Server(app.server, { serveClient: false, cors: { origin: false }, allowRequest: originCheck(config.allowedOrigins), maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES });
  refuseMainNamespace(io);
  const socketSessions = new SocketSessions(users, log.child({ component: 'sockets' }), config.sessionCheckSeconds * 1000);
  const pbxStatus = () => ({ ami: ami.status, ari: ari.status });
  const screenPops = new ScreenPopService(
    operatorOfInterface,
    { byUniqueid: (uniqueid) => calls.byUniqueid(uniqueid), recordRing: (ring, receivedAt) => tracker.handle(ring, new Date(receivedAt)) },
    caseService,
    { screenPop: (userId, pop) => desk.screenPop(userId, pop), callState: (userId, update) => desk.callState(userId, update) },
    metrics,
    log.child({ component: 'screen-pop' }),
    languageOfQueue,
    line.callbackContext,
  );
  const desk = new DeskNamespace(
    io,
    socketSessions,
    pbxStatus,
    (user) => {
      const agent = toAgent(user);
      return agent ? agentStates.presence(agent) : undefined;
    },
    (userId) => screenPops.currentPop(userId),
    (userId) => line.wrapUp.current(userId),
  );
  const wallNamespace = new WallNamespace(io, socketSessions, wall, pbxStatus);
  const calling = callControl({ config, db, log, ami, users, calls, caseService, audit, desk });
  const speech = transcripts({ config, db, log, registry: caseRegistry, metrics, notify: (message) => desk.messageTranscribed(message) });
  const supervision = new SupervisorActions(live, new AmiSpyDialler(ami, config.serviceNumber), agentStates, audit, () => ami.connected);

  const router = amiRouting({ ami, queues, log, metrics, membership, userOfInterface, agentStates, desk, screenPops, tracker, wall, line });

  /** The links' state to every desk and wallboard. */
  const announce = () => [desk, wallNamespace].forEach((namespace) => namespace.pbxStatus(pbxStatus()));
  const answeredLedger = new AnsweredLedger(amiAnsweredLedger(ami), calls, caseService, userIdOfInterface, (lang) => config.queues[lang], log.child({ component: 'answered-ledger' }), answeredLedgerSince(db));
  /** After every AMI (re)connect: answers missed meanwhile are recorded (before lost calls are closed), the live model is what Asterisk lists, operators' intents are re-applied. */
  const rebuildFromAsterisk = async () => {
    const missed = await answeredLedger.reconcile().catch((error: unknown) => void log.error({ err: error }, 'could not read the ledger of answered calls; read again at the next connect'));
    if (missed) line.recordings.adopt(missed);
    const readStartedAt = new Date();
    const snapshot = await readLiveSnapshot(ami, queues);
    wall.rebuilt(snapshot, performance.timeOrigin + performance.now());
    endLostCalls(snapshot, readStartedAt, (before) => calls.openCalls(before), (message) => router.route(message), log.child({ component: 'ami-events' }));
    recoverMissedRings(snapshot, queues, {
      popped: (agentInterface) => {
        const user = userOfInterface(agentInterface);
        return user ? screenPops.currentPop(user.id)?.callId : undefined;
      },
      apply: (ring) => {
        tracker.handle(ring, new Date());
        screenPops.handle(ring, performance.timeOrigin + performance.now());
      },
      log: log.child({ component: 'screen-pop' }),
    });
    await agentStates.restoreIntents();
    await line.rebuilt(snapshot);
  };
  // Just after a restart Asterisk takes manager logins before app_queue is loaded: the rebuild is retried.
  const rebuilds = retryWhileConnected(rebuildFromAsterisk, () => ami.connected, log.child({ component: 'ami' }), 'rebuild queue state from Asterisk');
  ami.on('connected', () => {
    announce();
    rebuilds.connected();
  });
  ami.on('disconnected', () => {
    wall.cleared(performance.timeOrigin + performance.now());
    announce();
  });
  ari.on('connected', () => {
    announce();
    recoverMessages(config, ivrStore, ivrServices, ivrLog, calls).catch((error: unknown) => ivrLog.error({ err: error }, 'could not recover messages recorded while away'));
    // call recordings a crash left in Asterisk, now rather than at the next minute's sweep
    line.recordings.sweep().catch((error: unknown) => log.error({ err: error }, 'could not sweep call recordings left in Asterisk'));
  });
  ari.on('disconnected', announce);

  wireMetrics(metrics, {
    amiConnected: () => ami.connected,
    ariConnected: () => ari.status.state === 'connected',
    ivrCalls: () => stasis.activeCalls,
    live,
    wall,
    store: wallStore,
    queues,
  });

  await registerRoutes(app, {
    config,
    db,
    log,
    pbx: { ami: () => ami.status, ari: () => ari.status, amiConnected: () => ami.connected },
    calendarService,
    metrics,
    users,
    departments,
    settings,
    audit,
    caseService,
    caseRegistry,
    agentStates,
    desk,
    line,
    wall,
    supervision,
    calling,
  });

  let jobs: PeriodicJob[] = [];
  let checkpointer: WalCheckpointer | undefined;
  return {
    app,
    /** AMI events reach features here; benchmarks subscribe to time them. */
    router,
    io,
    db,
    users,
    caseService,
    calendarService,
    dtmfToPromptMs,
    /** The IVR as Asterisk's calls run through it (tests run a scripted caller through the real wiring). */
    ivr: engine,
    departments,
    settings,
    ami,
    ari,
    agentStates,
    membership,
    live,
    wall,
    audit,
    metrics,
    /** Call-backs, announcements, wrap-up and recordings (tests read what was announced). */
    line,
    /** Voicemail transcription: the job queue and its store. */
    speech,
    /** Click-to-call, hold, transfers, consult and three-way (tests read its records). */
    calling,
    /** Listens on HTTP and starts connecting to Asterisk (it need not be up). Returns the bound port. */
    async start(): Promise<number> {
      await app.listen({ host: config.httpHost, port: config.httpPort });
      checkpointer = db.$client.memory ? undefined : checkpointOffTheLoop(db.$client, log.child({ component: 'database' }));
      jobs = startJobs(config, log, {
        caseService,
        wall,
        users,
        agentStates,
        amiConnected: () => ami.connected,
        ariConnected: () => ari.status.state === 'connected',
        recoverMessages: () => recoverMessages(config, ivrStore, ivrServices, ivrLog, calls),
      });
      jobs.push(...line.jobs());
      speech.queue.start();
      socketSessions.start();
      ami.start();
      ari.start();
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : config.httpPort;
    },
    async stop(): Promise<void> {
      for (const job of jobs.splice(0)) job.stop();
      line.stop();
      calling.stop();
      speech.queue.stop();
      socketSessions.stop();
      wallNamespace.stop();
      await stasis.releaseAll();
      await ami.stop();
      await ari.stop();
      io.close();
      await app.close();
      await checkpointer?.stop();
      if (!options.db) db.$client.close();
    },
  };
}
