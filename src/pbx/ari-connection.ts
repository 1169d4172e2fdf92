// ARI adapter over ari-client: probes with plain HTTP first (ari-client crashes the process on a 401),
// then connects and starts the Stasis app; reconnects (a lost WebSocket too) with capped backoff and reports its state.
import { EventEmitter } from 'node:events';
import ari, { type AriClient, type AriEvent } from 'ari-client';
import type { WebSocket } from 'ws';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { ariAuthorization } from './ari-http.ts';
import { backoffDelay } from './backoff.ts';
import { connectionStatus, type ConnectionStatus } from './connection-status.ts';

export type { AriClient, AriEvent };

export interface AriConnectionEvents {
  event: [AriEvent];
  connected: [AriClient];
  disconnected: [ConnectionStatus];
}

type ProbeResult = { ok: true } | { ok: false; state: 'disconnected' | 'auth-failed'; detail: string };

export async function probeAri(endpoint: Config['ari'], timeoutMs = 3_000): Promise<ProbeResult> {
  const authorization = ariAuthorization(endpoint);
  try {
    const response = await fetch(`${endpoint.baseUrl}/ari/asterisk/info`, {
      headers: { authorization },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 401) {
      return { ok: false, state: 'auth-failed', detail: `ARI refused user "${endpoint.username}" (HTTP 401): check ARI_URL's user and secret against ari.conf` };
    }
    if (!response.ok) return { ok: false, state: 'disconnected', detail: `ARI answered HTTP ${response.status}` };
    return { ok: true };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { ok: false, state: 'disconnected', detail: `cannot reach ARI at ${endpoint.baseUrl}: ${cause}` };
  }
}

/**
 * Event types the Stasis app never reads, left out by Asterisk (ARI's application event filter): the echo of
 * each variable the IVR sets was a third of the app's events (5 of 15 a call, bench:load), each parsed by
 * ari-client into resource objects.
 */
export const ARI_EVENTS_LEFT_OUT = ['ChannelVarset'] as const;

export async function leaveOutAppEvents(endpoint: Config['ari'], timeoutMs = 3_000): Promise<void> {
  const response = await fetch(`${endpoint.baseUrl}/ari/applications/${encodeURIComponent(endpoint.app)}/eventFilter`, {
    method: 'PUT',
    headers: { authorization: ariAuthorization(endpoint), 'content-type': 'application/json' },
    body: JSON.stringify({ disallowed: ARI_EVENTS_LEFT_OUT.map((type) => ({ type })) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status}`);
}

/** swagger-client prints a deprecation notice to stdout on every connect, which would break JSON logs. */
async function withoutSwaggerNotice<T>(connect: () => Promise<T>): Promise<T> {
  const terminal = globalThis.console;
  const original = terminal.log;
  terminal.log = (...args: unknown[]) => {
    if (!String(args[0]).includes('deprecated version of Swagger')) original(...args);
  };
  try {
    return await connect();
  } finally {
    terminal.log = original;
  }
}

export class AriConnection extends EventEmitter<AriConnectionEvents> {
  #client: AriClient | undefined;
  #status: ConnectionStatus = connectionStatus('connecting');
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;

  constructor(
    private readonly endpoint: Config['ari'],
    private readonly log: Logger,
    private readonly maxBackoffMs = 5_000,
  ) {
    super();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get client(): AriClient | undefined {
    return this.#status.state === 'connected' ? this.#client : undefined;
  }

  start(): void {
    this.#stopped = false;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#discard();
    this.#setStatus(connectionStatus('disconnected', 'stopped'));
  }

  #setStatus(status: ConnectionStatus): void {
    const was = this.#status.state;
    this.#status = status;
    if (status.state === 'connected' && was !== 'connected' && this.#client) this.emit('connected', this.#client);
    if (status.state !== 'connected' && was === 'connected') this.emit('disconnected', status);
  }

  #discard(): void {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    client.removeAllListeners();
    client.on('error', () => {});
    try {
      client.stop();
    } catch {
      // the socket may never have opened
    }
  }

  #retry(state: 'disconnected' | 'auth-failed', detail: string): void {
    this.#discard();
    if (this.#stopped) return;
    this.#setStatus(connectionStatus(state, detail));
    const delay = backoffDelay(this.#attempt++, 250, state === 'auth-failed' ? 30_000 : this.maxBackoffMs);
    this.log.warn({ reason: detail, retryInMs: delay }, 'ARI not connected; will retry');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }

  /**
   * ari-client reconnects a lost WebSocket by itself, 0.1 s after the loss and doubling up to 10 s: after a
   * restart of Asterisk the IVR stayed away up to 10 s more, and callers went by it to the queues (fail-safe).
   * The open socket's loss is this connection's to handle (probe, connect, backoff capped at `maxBackoffMs`).
   * ari-client's own handlers are taken off the socket, so it has no reconnect pending when the client is
   * discarded: a socket it opened later would register the app again and take it from the new client.
   */
  #takeOverLoss(client: AriClient): void {
    const socket = (client as unknown as { _ws?: WebSocket })._ws;
    if (!socket) return;
    socket.removeAllListeners('close');
    socket.removeAllListeners('error');
    let lost = false;
    const loss = (why: string) => {
      if (lost) return;
      lost = true;
      if (this.#client === client && !this.#stopped) this.#retry('disconnected', `ARI WebSocket lost (${why}); reconnecting`);
    };
    socket.on('error', (error) => loss(error.message));
    socket.on('close', (code) => loss(`closed, code ${code}`));
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const probe = await probeAri(this.endpoint);
    if (this.#stopped) return;
    if (!probe.ok) return this.#retry(probe.state, probe.detail);
    let client: AriClient;
    try {
      client = await withoutSwaggerNotice(() => ari.connect(this.endpoint.baseUrl, this.endpoint.username, this.endpoint.secret));
      if (this.#stopped) return;
      this.#client = client;
      client.on('*', (event: AriEvent) => {
        if (this.#client === client) this.emit('event', event);
      });
      // A socket ari-client reconnected by itself (it lost one before we took it over): its state mirrored.
      client.on('WebSocketReconnecting', () => {
        if (this.#client === client) this.#setStatus(connectionStatus('disconnected', 'ARI WebSocket lost; reconnecting'));
      });
      client.on('WebSocketConnected', () => {
        if (this.#client !== client) return;
        this.#takeOverLoss(client);
        this.#attempt = 0;
        this.#setStatus(connectionStatus('connected'));
        // the app is (re)registered with the socket: its filter with it; without one it only receives more
        leaveOutAppEvents(this.endpoint).catch((error: unknown) =>
          this.log.warn({ err: error, app: this.endpoint.app }, 'could not leave out the ARI events the IVR does not read; it receives them all'),
        );
      });
      client.on('WebSocketMaxRetries', () => {
        if (this.#client === client) this.#retry('disconnected', 'ARI WebSocket gave up reconnecting');
      });
      await client.start(this.endpoint.app);
    } catch (error) {
      return this.#retry('disconnected', `ARI connect failed: ${(error as Error).message}`);
    }
    this.log.info({ baseUrl: this.endpoint.baseUrl, app: this.endpoint.app }, 'ARI connected');
  }
}
