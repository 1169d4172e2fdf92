// AMI adapter over asterisk-manager: login watched by us, promise actions with timeouts,
// reconnect with capped backoff on a fresh library instance (the library does not recover by itself).
import { EventEmitter } from 'node:events';
import AsteriskManager, { type AmiMessage } from 'asterisk-manager';
import type { AsteriskEndpoint } from '../config.ts';
import type { Logger } from '../log.ts';
import { backoffDelay } from './backoff.ts';
import { connectionStatus, type ConnectionStatus } from './connection-status.ts';

export type { AmiMessage };
type Manager = ReturnType<typeof AsteriskManager>;

export class AmiActionError extends Error {
  constructor(action: string, message: string, readonly response?: AmiMessage) {
    super(`AMI ${action}: ${message}`);
    this.name = 'AmiActionError';
  }
}

export interface AmiClientEvents {
  event: [AmiMessage];
  connected: [];
  disconnected: [ConnectionStatus];
}

export class AmiClient extends EventEmitter<AmiClientEvents> {
  #manager: Manager | undefined;
  #status: ConnectionStatus = connectionStatus('connecting');
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = true;
  #actionSeq = 0;

  constructor(
    private readonly endpoint: AsteriskEndpoint,
    private readonly log: Logger,
    private readonly timeouts = { actionMs: 5_000, loginMs: 5_000, maxBackoffMs: 5_000 },
  ) {
    super();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get connected(): boolean {
    return this.#status.state === 'connected';
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#discard();
    this.#setStatus(connectionStatus('disconnected', 'stopped'));
  }

  /** Sends an action; resolves with its response, rejects on an error response, a timeout or no connection. */
  action(fields: Record<string, unknown>): Promise<AmiMessage> {
    const name = String(fields.Action ?? fields.action);
    const manager = this.#manager;
    if (!manager || !this.connected) {
      return Promise.reject(new AmiActionError(name, `not connected (${this.#status.state})`));
    }
    const actionid = `hotline-${process.pid}-${++this.#actionSeq}`;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: AmiActionError | undefined, response?: AmiMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        manager.removeListener('close', onClose);
        manager.removeAllListeners(actionid);
        if (error) reject(error);
        else resolve(response!);
      };
      const timer = setTimeout(() => finish(new AmiActionError(name, `no response within ${this.timeouts.actionMs} ms`)), this.timeouts.actionMs);
      const onClose = () => finish(new AmiActionError(name, 'the connection to Asterisk closed before it answered'));
      manager.on('close', onClose);
      manager.action({ ...fields, actionid }, (err, response) => {
        if (err) finish(new AmiActionError(name, String(err.message ?? 'error response'), err));
        else finish(undefined, response);
      });
    });
  }

  /**
   * Sends a list action (QueueStatus, CoreShowChannels…) and collects its events up to `completeEvent`.
   * One promise, one timer: an error response, a timeout or a connection lost mid-list each settle it
   * once and remove the listener, so nothing is left to reject later.
   */
  listAction(fields: Record<string, unknown>, completeEvent: string): Promise<AmiMessage[]> {
    const manager = this.#manager;
    const name = String(fields.Action ?? fields.action);
    if (!manager || !this.connected) return Promise.reject(new AmiActionError(name, `not connected (${this.#status.state})`));
    const actionid = `hotline-${process.pid}-${++this.#actionSeq}`;
    const collected: AmiMessage[] = [];
    const complete = completeEvent.toLowerCase();
    return new Promise<AmiMessage[]>((resolve, reject) => {
      let settled = false;
      const finish = (error?: AmiActionError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        manager.removeListener('managerevent', onEvent);
        manager.removeListener('close', onClose);
        manager.removeAllListeners(actionid);
        if (error) reject(error);
        else resolve(collected);
      };
      const timer = setTimeout(() => finish(new AmiActionError(name, `list did not complete within ${this.timeouts.actionMs} ms`)), this.timeouts.actionMs);
      const onEvent = (message: AmiMessage) => {
        if (message.actionid !== actionid) return;
        if (String(message.event).toLowerCase() === complete) finish();
        else collected.push(message);
      };
      const onClose = () => finish(new AmiActionError(name, 'the connection to Asterisk closed before the list completed'));
      manager.on('managerevent', onEvent);
      manager.on('close', onClose);
      manager.action({ ...fields, actionid }, (err) => {
        if (err) finish(new AmiActionError(name, String(err.message ?? 'error response'), err));
      });
    });
  }

  #setStatus(status: ConnectionStatus): void {
    const was = this.#status.state;
    this.#status = status;
    if (status.state === 'connected' && was !== 'connected') this.emit('connected');
    if (status.state !== 'connected' && was === 'connected') this.emit('disconnected', status);
  }

  #discard(): void {
    const manager = this.#manager;
    this.#manager = undefined;
    if (!manager) return;
    manager.removeAllListeners();
    manager.on('error', () => {}); // a late socket error on a discarded instance must not crash us
    manager.disconnect();
  }

  #scheduleReconnect(reason: string, state: 'disconnected' | 'auth-failed' = 'disconnected'): void {
    this.#discard();
    if (this.#stopped) return;
    this.#setStatus(connectionStatus(state, reason));
    const delay = backoffDelay(this.#attempt++, 250, state === 'auth-failed' ? 30_000 : this.timeouts.maxBackoffMs);
    this.log.warn({ reason, retryInMs: delay }, 'AMI not connected; will retry');
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #connect(): void {
    if (this.#stopped) return;
    const { host, port, username, secret } = this.endpoint;
    const manager = AsteriskManager();
    manager.options = { port, host, username, password: secret, events: true };
    this.#manager = manager;
    let settled = false;
    const fail = (reason: string, state?: 'auth-failed') => {
      if (this.#manager !== manager) return;
      settled = true;
      this.#scheduleReconnect(reason, state);
    };
    manager.on('error', (error: Error) => {
      if (!settled) fail(`cannot reach ${host}:${port}: ${error.message}`);
    });
    manager.on('close', () => fail(settled ? 'connection to Asterisk closed' : `connection to ${host}:${port} closed`));
    manager.on('managerevent', (message: AmiMessage) => {
      if (this.#manager === manager && this.connected) this.emit('event', message);
    });
    const loginTimer = setTimeout(() => {
      if (!settled) fail(`no login answer from ${host}:${port} within ${this.timeouts.loginMs} ms`);
    }, this.timeouts.loginMs);
    manager.connect(port, host, () => {
      manager.login((err) => {
        clearTimeout(loginTimer);
        if (this.#manager !== manager || settled) return;
        if (err) {
          fail(`login refused for AMI user "${username}": ${String(err.message ?? 'authentication failed')}`, 'auth-failed');
          return;
        }
        settled = true;
        this.#attempt = 0;
        this.log.info({ host, port }, 'AMI connected');
        this.#setStatus(connectionStatus('connected'));
      });
    });
  }
}
