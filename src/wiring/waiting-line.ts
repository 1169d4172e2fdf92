// Waiting in line, wired: call-backs that keep the caller's place, the announcements a waiting caller hears,
// wrap-up after each call, and the archive of call recordings — each fed by the AMI event router and by
// periodic jobs, each surviving a restart of this server or of Asterisk.
import { CallbackService } from '../callbacks/callback-service.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { Config, Language } from '../config.ts';
import { CallbackRepository } from '../db/callback-repository.ts';
import type { CallRepository } from '../db/call-repository.ts';
import type { Db } from '../db/database.ts';
import { RecordingRepository } from '../db/recording-repository.ts';
import type { SettingsRepository } from '../db/settings-repository.ts';
import { toAgent, type User, type UserRepository } from '../db/user-repository.ts';
import type { CallbackContext } from '../desk/screen-pop.ts';
import type { WaitingLine } from '../hotline-ivr-services.ts';
import { every, type PeriodicJob } from '../jobs/periodic.ts';
import { WRAP_UP_REASON } from '../live/agent-status.ts';
import type { LiveModel, LiveSnapshot } from '../live/live-model.ts';
import type { Logger } from '../log.ts';
import type { AmiClient } from '../pbx/ami-client.ts';
import { AmiCallbackPlacer } from '../pbx/ami-callback-placer.ts';
import type { AmiEventRouter } from '../pbx/ami-event-router.ts';
import { AriAnnouncementPlayer } from '../pbx/ari-announcement-player.ts';
import type { AriConnection } from '../pbx/ari-connection.ts';
import { channelExists, hangUpChannel } from '../pbx/ari-channels.ts';
import { deleteStoredRecording, downloadStoredRecording, listStoredRecordings } from '../pbx/ari-recordings.ts';
import type { AgentPresence, AgentStateService } from '../queues/agent-state.ts';
import { QueueAnnouncer } from '../queues/queue-announcer.ts';
import type { QueueMembership } from '../queues/queue-membership.ts';
import { HANDLE_SAMPLE, HANDLE_WINDOW_MS, meanHandleSeconds } from '../queues/wait-estimate.ts';
import { WrapUpService, type WrapUpState } from '../queues/wrap-up.ts';
import { RecordingArchive } from '../recordings/recording-archive.ts';

/** Asterisk device states of a phone that cannot take a call (invalid, unavailable). */
const UNREACHABLE = new Set([4, 5]);
/** How often due call-backs are placed in line (retries, the line opening, a server back). */
const PLACE_EVERY_MS = 5_000;

export function waitingLine(deps: {
  config: Config;
  db: Db;
  log: Logger;
  ami: AmiClient;
  ari: AriConnection;
  live: LiveModel;
  membership: QueueMembership;
  settings: SettingsRepository;
  calls: CallRepository;
  caseService: CaseService;
  /** Whether the line is staffed at a moment (asked afresh: an admin's opening hours apply at once). */
  isOpen: (at: Date) => boolean;
  audit: { record(entry: { actorUserId: number | null; action: string; details?: Record<string, unknown> }): void };
  users: UserRepository;
  agentStates: AgentStateService;
  userOfInterface: (agentInterface: string) => User | undefined;
  languageOfQueue: (queue: string) => Language | undefined;
  onCallbacksChanged: () => void;
  onWrapUp: (userId: number, state: WrapUpState | null, presence?: AgentPresence) => void;
}) {
  const { config, db, log, ami, ari, live, membership, settings, calls, caseService, users, agentStates, userOfInterface } = deps;
  const lineSettings = () => settings.lineSettings();
  const callbackStore = new CallbackRepository(db);
  const callbacks = new CallbackService(callbackStore, new AmiCallbackPlacer(ami, (uniqueid) => hangUpChannel(config.ari, uniqueid)), live, {
    queueOf: (lang) => config.queues[lang],
    settings: lineSettings,
    isOpen: deps.isOpen,
    userOfInterface: (agentInterface) => userOfInterface(agentInterface)?.id,
    log: log.child({ component: 'callbacks' }),
    onChange: deps.onCallbacksChanged,
    onOutcome: (request) => caseService.noteCallback(request),
  });

  // Read for every announcement (an indexed query of the last 30 calls): a call that just ended counts at once.
  const handleSeconds = (queue: string) => meanHandleSeconds(calls.recentHandled(queue, new Date(Date.now() - HANDLE_WINDOW_MS).toISOString(), HANDLE_SAMPLE));
  const announcer = new QueueAnnouncer(
    new AriAnnouncementPlayer(ari, config.ari.app, config.promptDirectory),
    {
      waiting: (queue) => live.waiting(queue),
      serving: (queue) =>
        membership.all().filter((member) => member.queue === queue && !UNREACHABLE.has(member.deviceStatus) && (!member.paused || member.pausedReason === WRAP_UP_REASON)).length,
      handleSeconds,
    },
    lineSettings,
    deps.languageOfQueue,
    log.child({ component: 'announcements' }),
  );

  const agentOfUser = (userId: number) => {
    const user = users.byId(userId);
    return user && !user.disabled ? (toAgent(user) ?? undefined) : undefined;
  };
  const wrapUp = new WrapUpService(
    {
      agentOfInterface: (agentInterface) => {
        const user = userOfInterface(agentInterface);
        return user ? agentOfUser(user.id) : undefined;
      },
      agentOfUser,
      pause: (agent) => agentStates.pauseForWrapUp(agent),
      resume: (agent) => agentStates.resumeAfterWrapUp(agent),
      caseSaved: (uniqueid) => {
        const call = calls.byUniqueid(uniqueid);
        if (!call) return undefined;
        if (call.noCaseNeeded) return true;
        const request = call.direction === 'callback' ? callbackStore.byPlaceholder(uniqueid) : undefined;
        const record = request?.caseId
          ? caseService.registry.byId(request.caseId)
          : caseService.registry.byCallId(request ? (request.callId ?? -1) : call.id);
        return record ? record.status !== 'draft' : undefined;
      },
      recordWrapUp: (uniqueid, seconds, noCaseNeeded) => calls.update(uniqueid, { wrapUpSeconds: seconds, ...(noCaseNeeded ? { noCaseNeeded: true } : {}) }),
      notify: deps.onWrapUp,
    },
    lineSettings,
    log.child({ component: 'wrap-up' }),
  );

  const recordingStore = new RecordingRepository(db);
  const recordings = new RecordingArchive(
    config.dataDirectory,
    recordingStore,
    {
      download: (name, file) => downloadStoredRecording(config.ari, name, file),
      remove: (name) => deleteStoredRecording(config.ari, name),
      list: () => listStoredRecordings(config.ari),
      channelExists: (uniqueid) => channelExists(config.ari, uniqueid),
    },
    deps.audit,
    log.child({ component: 'recordings' }),
  );

  const callbackContext = (id: number): CallbackContext | undefined => {
    const request = callbackStore.byId(id);
    if (!request) return undefined;
    const bookedFor = request.caseId ? caseService.registry.byId(request.caseId) : undefined;
    return {
      id: request.id,
      number: request.number,
      requestedAt: request.requestedAt,
      attempts: request.attempts,
      intent: request.intent,
      lang: request.lang,
      originalCallId: request.callId,
      case: bookedFor ? { number: bookedFor.number, status: bookedFor.status, kind: bookedFor.kind } : null,
    };
  };

  const ivrLine: WaitingLine = {
    book: (input) => callbacks.book(input),
    positionAt: (queue, anchor) => callbacks.positionAt(queue, anchor),
    isFull: (queue) => live.waiting(queue).length >= (lineSettings().queues[queue]?.maxWaiting ?? Number.POSITIVE_INFINITY),
  };

  return {
    callbacks,
    callbackStore,
    announcer,
    wrapUp,
    recordings,
    recordingStore,
    callbackContext,
    ivrLine,
    /** Joins the AMI event router, after the live model (positions are read from it). */
    subscribe(router: AmiEventRouter): void {
      router.subscribe('callbacks', (event) => callbacks.handle(event));
      router.subscribe('announcements', (event) => announcer.handle(event));
      router.subscribe('wrap-up', (event) => wrapUp.handle(event));
      router.subscribe('recordings', (event) => recordings.handle(event));
    },
    /** After an AMI (re)connect, with what Asterisk listed: call-backs served or lost meanwhile; announcements go on. */
    async rebuilt(snapshot: LiveSnapshot): Promise<void> {
      const placeholders = new Set(snapshot.channels.flatMap((channel) => (channel.callbackId ? [channel.callbackId] : [])));
      await callbacks.reconcile(placeholders);
      announcer.adopt(live.callers());
      await callbacks.placeDue();
    },
    jobs(): PeriodicJob[] {
      return [
        every(PLACE_EVERY_MS, 'call-back placing', () => (ami.connected ? callbacks.placeDue() : 0), log),
        every(60_000, 'call recording sweep', () => (ari.status.state === 'connected' ? recordings.sweep() : 0), log, { runAtStart: true }),
        every(3_600_000, 'call recording retention', () => recordings.expire(lineSettings().recordingRetentionDays), log, { runAtStart: true }),
      ];
    },
    stop(): void {
      announcer.stop();
      wrapUp.stop();
    },
  };
}
