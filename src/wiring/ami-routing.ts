// AMI events reach the features through one router (src/pbx/ami-event-router.ts), in this order: queue
// membership, the screen pop (a ring pops before the writes and wallboard pushes that follow it can hold it
// back), the call record, the live model, then the waiting line's features.
import type { CallTracker } from '../calls/call-tracker.ts';
import { toAgent, type User } from '../db/user-repository.ts';
import type { ScreenPopService } from '../desk/screen-pop.ts';
import type { WallService } from '../live/wall-service.ts';
import type { Logger } from '../log.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { AmiClient } from '../pbx/ami-client.ts';
import { AmiEventRouter } from '../pbx/ami-event-router.ts';
import type { AgentStateService } from '../queues/agent-state.ts';
import { isMemberEvent } from '../queues/queue-events.ts';
import type { QueueMembership } from '../queues/queue-membership.ts';
import type { DeskNamespace } from '../realtime/desk-namespace.ts';

export function amiRouting(deps: {
  ami: AmiClient;
  queues: string[];
  log: Logger;
  metrics: HotlineMetrics;
  membership: QueueMembership;
  userOfInterface: (agentInterface: string) => Readonly<User> | undefined;
  agentStates: AgentStateService;
  desk: DeskNamespace;
  screenPops: ScreenPopService;
  tracker: CallTracker;
  wall: WallService;
  line: { subscribe(router: AmiEventRouter): void };
}): AmiEventRouter {
  const { membership, userOfInterface, agentStates, desk, screenPops, tracker, wall } = deps;
  const router = new AmiEventRouter(deps.queues, deps.log.child({ component: 'ami-events' }), (subscriber) => deps.metrics.subscriberFailures({ subscriber }));
  router.subscribe('queue-membership', (event) => {
    if (!isMemberEvent(event)) return;
    membership.apply(event);
    const user = userOfInterface(event.agentInterface);
    const agent = user ? toAgent(user) : null;
    if (agent && event.type !== 'member-status') desk.agentState(agent.userId, agentStates.presence(agent));
  });
  router.subscribe('screen-pop', (event, receivedAt) => screenPops.handle(event, receivedAt));
  router.subscribe('call-tracker', (event, receivedAt) => {
    if (!isMemberEvent(event)) tracker.handle(event, new Date(receivedAt));
  });
  router.subscribe('live-model', (event, receivedAt) => wall.applied(event, receivedAt));
  deps.line.subscribe(router);
  deps.ami.on('event', (message) => router.route(message));
  return router;
}
