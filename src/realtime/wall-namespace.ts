// The /wall namespace: supervisors (citizens' numbers in full) and admins (masked) get a snapshot on
// connect, then coalesced deltas — at most one per item per 250 ms — as the live model changes.
import type { Namespace, Server } from 'socket.io';
import type { Role } from '../db/user-repository.ts';
import type { WallItem, WallPublisher, WallService } from '../live/wall-service.ts';
import { Coalescer } from './coalescer.ts';
import type { PbxStatus } from './desk-events.ts';
import type { SocketSessions, SessionSocketData } from './socket-sessions.ts';
import { WALL_COALESCE_MS, type WallClientEvents, type WallServerEvents } from './wall-events.ts';

export const WALL_ROLES: ReadonlySet<Role> = new Set(['supervisor', 'admin']);
/** Who sees citizens' numbers in full on the wall. */
const UNMASKED: ReadonlySet<Role> = new Set(['supervisor']);
const ROOMS = { full: 'unmasked', masked: 'masked' } as const;

export class WallNamespace implements WallPublisher {
  readonly namespace: Namespace<WallClientEvents, WallServerEvents, Record<string, never>, SessionSocketData>;
  readonly #coalescer: Coalescer;
  /**
   * Items due, pushed one per turn of the event loop. Every item changed at one moment falls due at the same
   * timer tick; pushed together (each a view built and written to every wallboard) they held the loop for all of
   * them while an AgentCalled waited to be read: between two pushes now the loop reads what has come in.
   */
  readonly #due = new Set<string>();
  #draining: NodeJS.Immediate | null = null;

  constructor(
    io: Server,
    sessions: SocketSessions,
    private readonly wall: WallService,
    private readonly currentPbxStatus: () => PbxStatus,
    windowMs = WALL_COALESCE_MS,
  ) {
    this.namespace = io.of('/wall') as unknown as WallNamespace['namespace'];
    sessions.guard(this.namespace as unknown as Namespace, WALL_ROLES, 'the wallboard');
    this.namespace.on('connection', (socket) => {
      const masked = !UNMASKED.has(socket.data.user.role);
      void socket.join(masked ? ROOMS.masked : ROOMS.full);
      socket.emit('snapshot', this.wall.snapshot(masked));
      socket.emit('pbx-status', this.currentPbxStatus());
    });
    this.#coalescer = new Coalescer(windowMs, (key) => this.#schedule(key));
    wall.publishTo(this);
  }

  changed(item: WallItem, key: string): void {
    this.#coalescer.changed(`${item}\u0000${key}`);
  }

  pbxStatus(status: PbxStatus): void {
    this.namespace.emit('pbx-status', status);
  }

  stop(): void {
    this.#coalescer.stop();
    if (this.#draining) clearImmediate(this.#draining);
    this.#draining = null;
    this.#due.clear();
  }

  #schedule(compound: string): void {
    this.#due.add(compound);
    this.#draining ??= setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#draining = null;
    const [next] = this.#due;
    if (next === undefined) return;
    this.#due.delete(next);
    try {
      this.#flush(next);
    } finally {
      if (this.#due.size > 0) this.#draining = setImmediate(() => this.#drain());
    }
  }

  #rooms(): { room: string; masked: boolean }[] {
    const rooms = this.namespace.adapter.rooms;
    return [
      { room: ROOMS.full, masked: false },
      { room: ROOMS.masked, masked: true },
    ].filter(({ room }) => (rooms.get(room)?.size ?? 0) > 0);
  }

  #flush(compound: string): void {
    // Nobody watching: nothing to build (the next connection gets a fresh snapshot).
    if (this.namespace.sockets.size === 0) return;
    const [item, key] = compound.split('\u0000') as [WallItem, string];
    switch (item) {
      case 'queue':
        this.namespace.emit('queue:update', this.wall.queueView(key));
        break;
      case 'kpi':
        this.namespace.emit('kpi:update', this.wall.kpiView());
        break;
      case 'overdue':
        this.namespace.emit('overdue:update', this.wall.overdueView());
        break;
      case 'caller':
        for (const { room, masked } of this.#rooms()) this.namespace.to(room).emit('caller:update', this.wall.callerView(key, masked));
        break;
      case 'agent':
        for (const { room, masked } of this.#rooms()) this.namespace.to(room).emit('agent:update', this.wall.agentView(key, masked));
        break;
    }
  }
}
