// Stored recordings over ARI's HTTP API: works whether Asterisk runs here or on another host.
import { createWriteStream } from 'node:fs';
import type { Agent } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { ariAuthorization, ariHttp, type AriHttp } from './ari-http.ts';

const path = (name: string, suffix = '') => `/ari/recordings/stored/${encodeURIComponent(name)}${suffix}`;
const url = (endpoint: Config['ari'], name: string, suffix = '') => `${endpoint.baseUrl}${path(name, suffix)}`;

/** The recording's audio, or null when Asterisk has no such recording (yet). */
export async function fetchStoredRecording(endpoint: Config['ari'], name: string): Promise<Buffer | null> {
  const response = await fetch(url(endpoint, name, '/file'), { headers: { authorization: ariAuthorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} for recording ${name}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * A call's recording is downloaded and deleted over node:http with kept-alive connections (ari-http.ts): one
 * download and one delete a call, and with Node's fetch (its web stream turned into a Node stream) they were 4 %
 * of the server's CPU under load (README Performance item 30). One client and pool per ARI endpoint.
 */
const clients = new WeakMap<Config['ari'], { ari: AriHttp; pool: Agent }>();
function ariRequest(endpoint: Config['ari'], method: 'GET' | 'DELETE', target: string, timeoutMs: number) {
  let client = clients.get(endpoint);
  if (!client) {
    const ari = ariHttp(endpoint);
    clients.set(endpoint, (client = { ari, pool: ari.pool(8) }));
  }
  return client.ari.send(method, target, client.pool, timeoutMs);
}

/**
 * Streams the recording's audio into `file` (created or truncated) without holding it whole; its size in
 * bytes, or null when Asterisk has no such recording (yet). A download cut off or gone silent throws, leaving
 * `file` partial.
 */
export async function downloadStoredRecording(endpoint: Config['ari'], name: string, file: string, timeoutMs = 10_000): Promise<number | null> {
  const response = await ariRequest(endpoint, 'GET', path(name, '/file'), timeoutMs);
  const status = response.statusCode ?? 0;
  if (status === 404) {
    response.resume();
    return null;
  }
  if (status < 200 || status > 299) {
    response.resume();
    throw new Error(`ARI answered HTTP ${status} for recording ${name}`);
  }
  const out = createWriteStream(file, { mode: 0o640 });
  await pipeline(response, out);
  return out.bytesWritten;
}

export async function deleteStoredRecording(endpoint: Config['ari'], name: string, timeoutMs = 10_000): Promise<void> {
  const response = await ariRequest(endpoint, 'DELETE', path(name), timeoutMs);
  response.resume(); // its body (none, or Asterisk's message) read, so that the connection serves the next request
  const status = response.statusCode ?? 0;
  if ((status < 200 || status > 299) && status !== 404) throw new Error(`ARI answered HTTP ${status} deleting recording ${name}`);
}

export async function listStoredRecordings(endpoint: Config['ari']): Promise<string[]> {
  const response = await fetch(`${endpoint.baseUrl}/ari/recordings/stored`, { headers: { authorization: ariAuthorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} listing recordings`);
  return ((await response.json()) as { name: string }[]).map((recording) => recording.name);
}
