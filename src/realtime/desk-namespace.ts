// The /desk namespace: operators (and supervisors) with a session join their own room. A desk that
// (re)connects gets the PBX status, its presence, the pop of any call on its phone now and any wrap-up under way.
import type { Namespace, Server } from 'socket.io';
import type { User } from '../db/user-repository.ts';
import type { ScreenPop, ScreenPopNotifier } from '../desk/screen-pop.ts';
import type { AgentPresence } from '../queues/agent-state.ts';
import type { WrapUpState } from '../queues/wrap-up.ts';
import type { DeskClientEvents, DeskServerEvents, PbxStatus, TranscribedMessage } from './desk-events.ts';
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
    private readonly currentWrapUp: (userId: number) => WrapUpState | undefined = () => undefined,
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
      const wrapUp = this.currentWrapUp(user.id);
      if (wrapUp) socket.emit('wrap-up', wrapUp);
    });
  }

  /** To every desk (operators and supervisors). */
  messageTranscribed(message: TranscribedMessage): void {
    this.namespace.emit('message:transcribed', message);
  }

  screenPop(userId: number, pop: ScreenPop): void {
    this.namespace.to(room(userId)).emit('screen-pop', pop);
  }

  callState(userId: number, update: { callId: string; state: 'talking' | 'ended' }): void {
    this.namespace.to(room(userId)).emit('call-state', update);
  }

  agentState(userId: number, presence: AgentPresence): void {
    this.namespace.to(room(userId)).emit('agent-state', presence);
  }

  wrapUp(userId: number, state: WrapUpState | null): void {
    this.namespace.to(room(userId)).emit('wrap-up', state);
  }

  pbxStatus(status: PbxStatus): void {
    this.namespace.emit('pbx-status', status);
  }
}
