// The /desk namespace: operators (and supervisors) with a session join their own room.
import type { Namespace, Server } from 'socket.io';
import type { UserRepository, User } from '../db/user-repository.ts';
import type { ScreenPop, ScreenPopNotifier } from '../desk/screen-pop.ts';
import { tokenFromHeaders } from '../http/session-token.ts';
import type { AgentPresence } from '../queues/agent-state.ts';
import type { DeskClientEvents, DeskServerEvents, PbxStatus } from './desk-events.ts';

export const DESK_ROLES: ReadonlySet<User['role']> = new Set(['operator', 'supervisor']);
const room = (userId: number) => `user:${userId}`;

export class DeskNamespace implements ScreenPopNotifier {
  readonly namespace: Namespace<DeskClientEvents, DeskServerEvents, Record<string, never>, { user: User }>;

  constructor(
    io: Server<DeskClientEvents, DeskServerEvents>,
    users: UserRepository,
    private readonly currentPbxStatus: () => PbxStatus,
    private readonly presenceOf: (user: User) => AgentPresence | undefined,
  ) {
    this.namespace = io.of('/desk');
    this.namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const user = users.userForToken(typeof token === 'string' ? token : (tokenFromHeaders(socket.handshake.headers) ?? ''));
      if (!user) return next(new Error('unauthorized: log in first'));
      if (!DESK_ROLES.has(user.role)) return next(new Error(`forbidden: the desk is for operators, not ${user.role}`));
      socket.data.user = user;
      next();
    });
    this.namespace.on('connection', (socket) => {
      const user = socket.data.user;
      void socket.join(room(user.id));
      socket.emit('pbx-status', this.currentPbxStatus());
      const presence = this.presenceOf(user);
      if (presence) socket.emit('agent-state', presence);
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
