// The benchmark's browsers: operators' desks (/desk) that note when each screen pop arrives (in a process of
// their own: desks-child.ts), and wallboards (/wall, taking frames as the web wallboard does) that only count
// their updates (a wallboard's cost is the server's, not theirs).
import { io, type Socket } from 'socket.io-client';
import type { ScreenPop } from '../../src/desk/screen-pop.ts';
import { WALL_FRAMES_AUTH, type WallUpdate } from '../../src/realtime/wall-events.ts';
import { startApart } from './apart.ts';
import type { DeskMessage, DeskRequest } from './desks-child.ts';

const now = () => performance.timeOrigin + performance.now();

export async function loginToken(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login of ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function api(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

/** Desks for operators' extensions; `pops` maps "PJSIP/<extension> <callId>" to when the ringing pop arrived. */
export async function connectDesks(baseUrl: string, desks: { extension: string; token: string }[]) {
  const pops = new Map<string, number>();
  const sockets: Socket[] = [];
  // a few at a time: 300 handshakes at once would measure the handshake, not the line
  for (let i = 0; i < desks.length; i += 25) {
    await Promise.all(
      desks.slice(i, i + 25).map(async ({ extension, token }) => {
        const socket = io(`${baseUrl}/desk`, { auth: { token }, transports: ['websocket'], reconnection: true });
        socket.on('screen-pop', (pop: ScreenPop) => {
          const key = `PJSIP/${extension} ${pop.callId}`;
          if (pop.state === 'ringing' && !pops.has(key)) pops.set(key, now());
        });
        sockets.push(socket);
        await connected(socket);
      }),
    );
  }
  return { pops, close: () => sockets.forEach((socket) => socket.close()) };
}

export async function connectWallboards(baseUrl: string, token: string, count: number) {
  let updates = 0;
  let frames = 0;
  const sockets = await Promise.all(
    Array.from({ length: count }, async () => {
      const socket = io(`${baseUrl}/wall`, { auth: { token, ...WALL_FRAMES_AUTH }, transports: ['websocket'] });
      socket.on('updates', (frame: WallUpdate[]) => {
        frames++;
        updates += frame.length;
      });
      await connected(socket);
      return socket;
    }),
  );
  return {
    get updates() {
      return updates;
    },
    get frames() {
      return frames;
    },
    close: () => sockets.forEach((socket) => socket.close()),
  };
}

/** The desks in a process and session of their own (desks-child.ts). */
export async function desksApart(baseUrl: string, desks: { extension: string; token: string }[]) {
  const child = await startApart<DeskRequest, DeskMessage>('./desks-child.ts', [baseUrl], 'the desks');
  await child.ask({ type: 'connect', desks }, 'connected');
  return {
    count: async () => (await child.ask({ type: 'count' }, 'count')).pops,
    pops: async () => new Map((await child.ask({ type: 'pops' }, 'pops')).pops),
    /** The desks' process since the previous call: event-loop delay p99, main thread run / waiting for a CPU. */
    level: async () => {
      const { loopDelayP99Ms, runSeconds, waitSeconds } = await child.ask({ type: 'level' }, 'level');
      return { loopDelayP99Ms, runSeconds, waitSeconds };
    },
    close: () => child.close(),
  };
}
