// Stored recordings over ARI's HTTP API: works whether Asterisk runs here or on another host.
import { createWriteStream } from 'node:fs';
import * as http from 'node:http';
import type { IncomingMessage } from 'node:http';
import * as https from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';

export const authorization = (endpoint: Config['ari']) => `Basic ${Buffer.from(`${endpoint.username}:${endpoint.secret}`).toString('base64')}`;
const url = (endpoint: Config['ari'], name: string, suffix = '') => `${endpoint.baseUrl}/ari/recordings/stored/${encodeURIComponent(name)}${suffix}`;

/** The recording's audio, or null when Asterisk has no such recording (yet). */
export async function fetchStoredRecording(endpoint: Config['ari'], name: string): Promise<Buffer | null> {
  const response = await fetch(url(endpoint, name, '/file'), { headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} for recording ${name}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Requests to ARI for a call's recording, over node:http with kept-alive connections: one download and one
 * delete a call, and with Node's fetch (and its web stream turned into a Node stream) they were 4 % of the
 * server's CPU under load (bench:load, `perf` on-CPU profile, README Performance item 30). `timeoutMs` is how long
 * Asterisk may stay silent, at the start or mid-way through the audio.
 */
const recordingAgents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }) };

function ariRequest(endpoint: Config['ari'], method: 'GET' | 'DELETE', target: string, timeoutMs: number): Promise<IncomingMessage> {
  const where = new URL(target);
  return new Promise((resolve, reject) => {
    let incoming: IncomingMessage | undefined;
    const secure = where.protocol === 'https:'; // ARI_URL may be https
    const outgoing = (secure ? https : http).request(
      { host: where.hostname, port: where.port || undefined, method, path: `${where.pathname}${where.search}`, agent: recordingAgents[secure ? 'https:' : 'http:'], headers: { authorization: authorization(endpoint) }, timeout: timeoutMs },
      (response) => resolve((incoming = response)),
    );
    outgoing.on('timeout', () => {
      const silent = new Error(`ARI ${method} ${where.pathname}: no answer within ${timeoutMs} ms`);
      incoming?.destroy(silent); // mid-way: the reader of the audio learns why
      outgoing.destroy(silent);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Streams the recording's audio into `file` (created or truncated) without holding it whole; its size in
 * bytes, or null when Asterisk has no such recording (yet). A download cut off or gone silent throws, leaving
 * `file` partial.
 */
export async function downloadStoredRecording(endpoint: Config['ari'], name: string, file: string, timeoutMs = 10_000): Promise<number | null> {
  const response = await ariRequest(endpoint, 'GET', url(endpoint, name, '/file'), timeoutMs);
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
  const response = await ariRequest(endpoint, 'DELETE', url(endpoint, name), timeoutMs);
  response.resume(); // its body (none, or Asterisk's message) read, so that the connection serves the next request
  const status = response.statusCode ?? 0;
  if ((status < 200 || status > 299) && status !== 404) throw new Error(`ARI answered HTTP ${status} deleting recording ${name}`);
}

export async function listStoredRecordings(endpoint: Config['ari']): Promise<string[]> {
  const response = await fetch(`${endpoint.baseUrl}/ari/recordings/stored`, { headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} listing recordings`);
  return ((await response.json()) as { name: string }[]).map((recording) => recording.name);
}
