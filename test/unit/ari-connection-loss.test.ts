// A lost ARI WebSocket is this connection's to reconnect (probe first, its own capped backoff), not
// ari-client's (0.1 s doubling to 10 s, which kept the IVR away up to 10 s after Asterisk restarted).
// The peer is a scripted ARI: the two API documents ari-client reads, /asterisk/info (the probe), the event
// filter, and the events WebSocket, which it drops on cue. Every request and socket it saw is counted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import WebSocket, { type WebSocketServer } from 'ws';
import { AriConnection } from '../../src/pbx/ari-connection.ts';
import { createLogger } from '../../src/log.ts';
import { waitFor } from '../helpers/hotline-server.ts';

const RESOURCES = { apiVersion: '2.0.0', swaggerVersion: '1.1', basePath: '', apis: [{ path: '/api-docs/events.{format}', description: 'WebSocket resource' }] };
const EVENTS = {
  apiVersion: '2.0.0',
  swaggerVersion: '1.1',
  basePath: '',
  resourcePath: '/api-docs/events.{format}',
  apis: [
    {
      path: '/events',
      description: 'Events from Asterisk to applications',
      operations: [{ httpMethod: 'GET', upgrade: 'websocket', websocketProtocol: 'ari', summary: 'WebSocket', nickname: 'eventWebsocket', responseClass: 'Message', parameters: [] }],
    },
  ],
  models: { Message: { id: 'Message', properties: { type: { type: 'string', required: true } } } },
};

/** A scripted ARI: `answering` false makes it refuse the probe (as Asterisk booting: 503) and every socket. */
async function scriptedAri() {
  const seen = { probes: 0, sockets: 0 };
  const state = { answering: true };
  const open = new Set<WebSocket>();
  // ws 6, the version ari-client itself speaks (node_modules' top one), whose server is WebSocket.Server
  const sockets = new (WebSocket as unknown as { Server: typeof WebSocketServer }).Server({ noServer: true });
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://ari').pathname;
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/ari/asterisk/info') {
      seen.probes++;
      return state.answering ? json(200, { system: {} }) : json(503, { message: 'booting' });
    }
    if (path === '/ari/api-docs/resources.json') return json(200, { ...RESOURCES, basePath: `${base()}/ari` });
    if (path === '/ari/api-docs/events.json') return json(200, { ...EVENTS, basePath: `${base()}/ari` });
    if (path.endsWith('/eventFilter')) return json(200, {});
    json(404, { message: 'not here' });
  });
  server.on('upgrade', (request, socket, head) => {
    seen.sockets++;
    if (!state.answering) return void socket.destroy();
    sockets.handleUpgrade(request, socket, head, (ws) => {
      open.add(ws);
      ws.on('close', () => open.delete(ws));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    state,
    open,
    endpoint: { host: '127.0.0.1', port: (server.address() as AddressInfo).port, username: 'hotline', secret: 's3cret', baseUrl: base(), app: 'hotline' },
    /** Drops every open events socket (as a crash of Asterisk would). */
    drop: () => open.forEach((ws) => ws.terminate()),
    close: () => new Promise<void>((resolve) => (sockets.close(), server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let peer: Awaited<ReturnType<typeof scriptedAri>> | undefined;
let connection: AriConnection | undefined;
afterEach(async () => {
  await connection?.stop();
  await peer?.close();
});

it('reconnects a lost WebSocket itself, probing first, and the lost client opens no socket of its own', async () => {
  peer = await scriptedAri();
  connection = new AriConnection(peer.endpoint, createLogger('silent'), 400);
  const states: string[] = [];
  connection.on('connected', () => states.push('connected'));
  connection.on('disconnected', () => states.push('disconnected'));
  connection.start();
  await waitFor('connected', () => connection!.status.state === 'connected' || undefined, 5_000, 10);
  expect(peer.seen).toEqual({ probes: 1, sockets: 1 });

  // Asterisk goes away (its socket dropped, its ARI refusing) for 1.5 s: ari-client's own reconnect would have
  // opened sockets 0.1, 0.3, 0.7 and 1.5 s after the loss without a probe; ours probes, backing off to 0.4 s.
  peer.state.answering = false;
  peer.drop();
  await waitFor('the loss reported', () => connection!.status.state === 'disconnected' || undefined, 2_000, 5);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(peer.seen.sockets).toBe(1);
  expect(peer.seen.probes).toBeGreaterThanOrEqual(3);
  expect(connection.status).toMatchObject({ state: 'disconnected', detail: 'ARI answered HTTP 503' });

  peer.state.answering = true;
  await waitFor('connected again', () => connection!.status.state === 'connected' || undefined, 2_000, 10);
  expect(peer.seen.sockets).toBe(2);
  expect(peer.open.size).toBe(1);
  // long after: still the one socket — nothing left over from the lost client reconnects behind it
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(peer.seen.sockets).toBe(2);
  expect(peer.open.size).toBe(1);
  expect(states).toEqual(['connected', 'disconnected', 'connected']);
});
