// The /desk namespace: operators (and supervisors) with a session join their own room. A desk that
// (re)connects gets the PBX status, its presence and the pop of any call on its phone now.
import type { Namespace, Server } from 'socket.io';
import type { User } from '../db/user-repository.ts';
import type { ScreenPop, ScreenPopNotifier } from '../desk/screen-pop.ts';
import type { AgentPresence } from '../queues/agent-state.ts';
import type { DeskClientEvents, DeskServerEvents, PbxStatus } from './desk-events.ts';
import type { SessionSocketData, SocketSessions } from './socket-sessions.ts';

export const DESK_ROLES: ReadonlySet<User['role']> = new Set(['operator', 'supervisor']);
const room = (userId: number) => `user:${userId}`;

export class DeskNamespace implements ScreenPopNotifier {
  readonly namespace: Namespace<DeskClientEvents, DeskServerEvents, Record<string, never>, SessionSocketData>;

  constructor(
    io: Server,
    sessions: SocketSessions,
    private readonly currentPbxStatus: () => PbxStatus,
    private readonly presenceOf: (user: User) => AgentPresence | undefined,
    private readonly currentPop: (userId: number) => ScreenPop | undefined,
  ) {
    this.namespace = io.of('/desk') as unknown as DeskNamespace['namespace'];
    sessions.guard(this.namespace as unknown as Namespace, DESK_ROLES, 'the desk');
    this.namespace.on('connection', (socket) => {
      const user = socket.data.user;
      void socket.join(room(user.id));
      socket.emit('pbx-status', this.currentPbxStatus());
      const presence = this.presenceOf(user);
      if (presence) socket.emit('agent-state', presence);
      const pop = this.currentPop(user.id);
      if (pop) socket.emit('screen-pop', pop);
    });
  }

  screenPop(userId: number, pop: ScreenPop): void {
    this.namespace.to(room(userId)).emit('screen-pop', pop);
  }

  agentState(userId: number, presence: AgentPresence): void {
    this.namespace.to(room(userId)).emit('agent-state', presence);
  }

  pbxStatus(status: PbxStatus): void {
    this.namespace.emit('pbx-status', status);
  }
}
