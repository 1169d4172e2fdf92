// Call control, wired: the AMI adapter and its events, the domain service, its records and the case trail,
// the desk's `call-control` event (to the operator's own desk, and on connect), and the routes.
import type { FastifyInstance } from 'fastify';
import { CallControlService } from '../calls/call-control-service.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { Config } from '../config.ts';
import type { AuditRepository } from '../db/audit-repository.ts';
import { CallControlRepository } from '../db/call-control-repository.ts';
import type { CallRepository } from '../db/call-repository.ts';
import type { Db } from '../db/database.ts';
import type { UserRepository } from '../db/user-repository.ts';
import { callControlRoutes } from '../http/routes/call-control-routes.ts';
import type { Logger } from '../log.ts';
import { AmiCallControl } from '../pbx/ami-call-control.ts';
import { mapCallControlEvent } from '../pbx/ami-call-control-events.ts';
import type { AmiClient } from '../pbx/ami-client.ts';
import type { DeskNamespace } from '../realtime/desk-namespace.ts';

/** How long the operator's phone rings for a click-to-call before Asterisk gives up. */
const OPERATOR_RING_SECONDS = 30;
/** DeskNamespace's room of one user's desks. */
const deskRoom = (userId: number) => `user:${userId}`;

export function callControl(deps: {
  config: Config;
  db: Db;
  log: Logger;
  ami: AmiClient;
  users: UserRepository;
  calls: CallRepository;
  caseService: CaseService;
  audit: AuditRepository;
  desk: DeskNamespace;
}) {
  const { config, ami, users, calls, caseService, desk } = deps;
  const log = deps.log.child({ component: 'call-control' });
  const store = new CallControlRepository(deps.db);
  const registry = caseService.registry;
  const pbx = new AmiCallControl(ami, { trunk: config.callControl.trunk, operatorRingSeconds: OPERATOR_RING_SECONDS });
  const service = new CallControlService(
    pbx,
    store,
    {
      inboundCall: (uniqueid) => {
        const call = calls.byUniqueid(uniqueid);
        return call && { callId: call.id, caseId: registry.byCallId(call.id)?.id ?? null };
      },
      caseNumber: (caseId) => registry.byId(caseId)?.number ?? null,
      note: (caseId, userId, action, details) =>
        registry.transaction(() => {
          const record = registry.byId(caseId);
          if (record) registry.appendEvent(caseId, { action, fromStatus: record.status, toStatus: record.status, actorUserId: userId, details });
        }),
    },
    {
      confirmTimeoutMs: config.callControl.confirmTimeoutMs,
      dialOutPatterns: () => store.dialOutPatterns(),
      userOfExtension: (extension) => users.byExtension(extension)?.id,
      notify: (userId, state) => desk.namespace.to(deskRoom(userId)).emit('call-control', state),
      log,
    },
  );

  ami.on('event', (message) => {
    const event = mapCallControlEvent(message);
    if (!event) return;
    try {
      service.handle(event);
    } catch (error) {
      log.error({ err: error, event: message.event, uniqueid: message.uniqueid }, 'call control could not apply an AMI event');
    }
  });
  // Asterisk is the truth: after every (re)connect the mirror is what Asterisk lists.
  ami.on('connected', () => {
    pbx.listChannels().then(
      (channels) => service.rebuilt(channels),
      (error: unknown) => log.error({ err: error }, 'could not list Asterisk’s channels for call control; the desks show no call until the next connect'),
    );
  });
  ami.on('disconnected', () => service.disconnected());
  desk.namespace.on('connection', (socket) => {
    socket.emit('call-control', service.current(socket.data.user.extension));
  });

  return {
    service,
    store,
    routes: (scoped: FastifyInstance) => scoped.register(callControlRoutes, { calls: service, store, cases: caseService, audit: deps.audit }),
    stop: () => service.stop(),
  };
}
