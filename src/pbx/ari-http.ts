// ARI's HTTP API over node:http (node:https when ARI_URL is https), with connections kept alive: what the IVR's
// requests (ari-rest.ts) and a call recording's download and delete (ari-recordings.ts) are sent with. Node's
// fetch, and ari-client's swagger-client, cost more on those paths (bench:load profiles, README Performance 4, 30).
import * as http from 'node:http';
import type { IncomingMessage } from 'node:http';
import * as https from 'node:https';
import type { Config } from '../config.ts';

type Endpoint = Pick<Config['ari'], 'baseUrl' | 'username' | 'secret'>;

export const ariAuthorization = (endpoint: Pick<Config['ari'], 'username' | 'secret'>) => `Basic ${Buffer.from(`${endpoint.username}:${endpoint.secret}`).toString('base64')}`;

export interface AriHttp {
  /** A pool of kept-alive connections to Asterisk, at most `maxSockets` at once. */
  pool(maxSockets: number): http.Agent;
  /**
   * Sends a bodiless request (`path` from `/ari/…`) and resolves with Asterisk's answer, its body unread.
   * `timeoutMs` is how long Asterisk may stay silent, before its answer or in the middle of its body: the
   * request, and the answer's body if it had begun, then fail with an error that says so.
   */
  send(method: 'GET' | 'POST' | 'DELETE', path: string, pool: http.Agent, timeoutMs: number): Promise<IncomingMessage>;
}

export function ariHttp(endpoint: Endpoint): AriHttp {
  const base = new URL(endpoint.baseUrl);
  const transport = base.protocol === 'https:' ? https : http;
  const authorization = ariAuthorization(endpoint);
  return {
    pool: (maxSockets) => new transport.Agent({ keepAlive: true, maxSockets }),
    send: (method, path, pool, timeoutMs) =>
      new Promise((resolve, reject) => {
        let incoming: IncomingMessage | undefined;
        const outgoing = transport.request(
          { host: base.hostname, port: base.port || undefined, method, path, agent: pool, headers: { authorization }, timeout: timeoutMs },
          (response) => resolve((incoming = response)),
        );
        outgoing.on('timeout', () => {
          const silent = new Error(`ARI ${method} ${path.split('?')[0]}: no answer within ${timeoutMs} ms`);
          incoming?.destroy(silent); // mid-way: the reader of the body learns why
          outgoing.destroy(silent);
        });
        outgoing.on('error', reject);
        outgoing.end();
      }),
  };
}
