// Logged-in sockets, across namespaces: the handshake is checked against the session store, and a
// socket lives only as long as its session. It is closed at once on logout, when the user is disabled
// or their password changes, and by a periodic re-check for sessions that expired or were ended by
// another process (the CLI).
import type { Namespace, Server, Socket } from 'socket.io';
import { hashToken, type Role, type SessionsEnded, type User, type UserRepository } from '../db/user-repository.ts';
import { tokenFromHeaders } from '../http/session-token.ts';
import type { Logger } from '../log.ts';

/**
 * The largest message a browser may send (Socket.IO's maxHttpBufferSize; its default is 1 MB). The desk and
 * the wallboard send nothing but the handshake with their session token: 100 kB is ample, and a client
 * that sends more is disconnected before its message is read whole.
 */
export const SOCKET_MAX_BUFFER_BYTES = 100_000;

export interface SessionSocketData {
  user: User;
  token: string;
  tokenHash: string;
}

type SessionSocket = Socket<Record<string, never>, { 'session-ended': (reason: string) => void }, Record<string, never>, SessionSocketData>;

export class SocketSessions {
  #sockets = new Set<SessionSocket>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly log: Logger,
    private readonly checkEveryMs: number,
  ) {
    users.onSessionsEnded((ended) => this.#end(ended));
  }

  /** Namespace middleware: a valid session of one of `roles`, or the handshake is refused. */
  guard(namespace: Namespace, roles: ReadonlySet<Role>, what: string): void {
    namespace.use((socket, next) => {
      const auth = (socket.handshake.auth as { token?: unknown }).token;
      const token = typeof auth === 'string' && auth ? auth : (tokenFromHeaders(socket.handshake.headers) ?? '');
      const user = token ? this.users.userForToken(token) : undefined;
      if (!user) return next(new Error('unauthorized: log in first'));
      if (!roles.has(user.role)) return next(new Error(`forbidden: ${what} is not for the role ${user.role}`));
      const tracked = socket as unknown as SessionSocket;
      tracked.data = { user, token, tokenHash: hashToken(token) };
      this.#sockets.add(tracked);
      socket.on('disconnect', () => this.#sockets.delete(tracked));
      next();
    });
  }

  get size(): number {
    return this.#sockets.size;
  }

  start(): void {
    this.#timer = setInterval(() => this.recheck(), this.checkEveryMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Closes sockets whose session expired or was ended elsewhere (or whose user was disabled). */
  recheck(): void {
    if (this.#sockets.size === 0) return;
    // one read for every socket: a session read each (≈ 1 ms) held the event loop ≈ 0.4 s with 320 sockets
    const live = this.users.liveSessionHashes();
    for (const socket of this.#sockets) {
      if (!live.has(socket.data.tokenHash)) this.#close(socket, 'session expired or ended');
    }
  }

  #end(ended: SessionsEnded): void {
    for (const socket of this.#sockets) {
      if ('tokenHash' in ended ? socket.data.tokenHash === ended.tokenHash : socket.data.user.id === ended.userId) this.#close(socket, 'session ended');
    }
  }

  #close(socket: SessionSocket, reason: string): void {
    this.#sockets.delete(socket);
    this.log.info({ username: socket.data.user.username, namespace: socket.nsp.name, reason }, 'socket closed with its session');
    socket.emit('session-ended', reason);
    socket.disconnect(true);
  }
}

/** The main namespace carries nothing (the desk is /desk, the wallboard /wall): every handshake to it is refused. */
export function refuseMainNamespace(io: Server): void {
  io.of('/').use((_socket, next) => next(new Error('no such namespace: the desk is /desk, the wallboard /wall')));
}

/** Socket.IO's allowRequest: a browser's Origin must be the server's own (by Host) or a configured one. */
export function originCheck(allowedOrigins: readonly string[]) {
  return (request: { headers: Record<string, string | string[] | undefined> }, callback: (error: string | null, success: boolean) => void) => {
    const origin = request.headers.origin;
    // Non-browser clients send no Origin; they still need a session token.
    if (origin === undefined) return callback(null, true);
    const host = request.headers.host;
    const own = typeof host === 'string' ? [`http://${host}`, `https://${host}`] : [];
    const allowed = typeof origin === 'string' && (own.includes(origin) || allowedOrigins.includes(origin));
    callback(allowed ? null : 'origin not allowed', allowed);
  };
}
