// The /wall namespace: supervisors (citizens' numbers in full) and admins (masked) get a snapshot on
// connect, then coalesced deltas — at most one per item per 250 ms — as the live model changes: one
// message per update, or, to a wallboard that asks for them, a frame of the updates due at one moment.
import type { Namespace, Server } from 'socket.io';
import type { Role } from '../db/user-repository.ts';
import type { WallItem, WallPublisher, WallService } from '../live/wall-service.ts';
import { Coalescer } from './coalescer.ts';
import type { PbxStatus } from './desk-events.ts';
import type { SocketSessions, SessionSocketData } from './socket-sessions.ts';
import { WALL_COALESCE_MS, WALL_FRAMES_AUTH, type WallClientEvents, type WallServerEvents, type WallUpdate } from './wall-events.ts';

export const WALL_ROLES: ReadonlySet<Role> = new Set(['supervisor', 'admin']);
/** Who sees citizens' numbers in full on the wall. */
const UNMASKED: ReadonlySet<Role> = new Set(['supervisor']);
/** A room per view (full or masked) and way of delivery (an update per message, or frames). */
const ROOMS = [
  { room: 'unmasked', masked: false, frames: false },
  { room: 'masked', masked: true, frames: false },
  { room: 'frames-unmasked', masked: false, frames: true },
  { room: 'frames-masked', masked: true, frames: true },
] as const;
type Room = (typeof ROOMS)[number];
/** The items that show a citizen's number. */
const MASKABLE: ReadonlySet<WallItem> = new Set(['caller', 'agent']);

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
  /** The next frame of each frames room, filled as the items due are built, sent when the last is. */
  readonly #frames = new Map<string, WallUpdate[]>();

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
      const frames = (socket.handshake.auth as { updates?: unknown }).updates === WALL_FRAMES_AUTH.updates;
      void socket.join(ROOMS.find((room) => room.masked === masked && room.frames === frames)!.room);
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
    this.#frames.clear();
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
      else if (this.#frames.size > 0) this.#sendFrames();
    }
  }

  /** The rooms someone is in. */
  #rooms(): Room[] {
    const rooms = this.namespace.adapter.rooms;
    return ROOMS.filter(({ room }) => (rooms.get(room)?.size ?? 0) > 0);
  }

  #flush(compound: string): void {
    const rooms = this.#rooms();
    // Nobody watching: nothing to build (the next connection gets a fresh snapshot).
    if (rooms.length === 0) return;
    const [item, key] = compound.split('\u0000') as [WallItem, string];
    // each view built once; a caller's or an operator's once for those who see numbers in full, once for the masked
    const built = new Map<boolean, WallUpdate>();
    for (const room of rooms) {
      const masked = MASKABLE.has(item) && room.masked;
      let update = built.get(masked);
      if (!update) built.set(masked, (update = this.#build(item, key, masked)));
      if (room.frames) this.#addToFrame(room.room, update);
      else (this.namespace.to(room.room).emit as (event: string, data: unknown) => boolean)(update.event, update.data);
    }
  }

  #build(item: WallItem, key: string, masked: boolean): WallUpdate {
    switch (item) {
      case 'queue':
        return { event: 'queue:update', data: this.wall.queueView(key) };
      case 'kpi':
        return { event: 'kpi:update', data: this.wall.kpiView() };
      case 'overdue':
        return { event: 'overdue:update', data: this.wall.overdueView() };
      case 'caller':
        return { event: 'caller:update', data: this.wall.callerView(key, masked) };
      case 'agent':
        return { event: 'agent:update', data: this.wall.agentView(key, masked) };
    }
  }

  #addToFrame(room: string, update: WallUpdate): void {
    const frame = this.#frames.get(room);
    if (frame) frame.push(update);
    else this.#frames.set(room, [update]);
  }

  #sendFrames(): void {
    for (const [room, frame] of this.#frames) this.namespace.to(room).emit('updates', frame);
    this.#frames.clear();
  }
}
