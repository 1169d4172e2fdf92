// Stored recordings over ARI's HTTP API: works whether Asterisk runs here or on another host.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
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
 * Streams the recording's audio into `file` (created or truncated) without holding it whole; its size in
 * bytes, or null when Asterisk has no such recording (yet). A download cut off throws, leaving `file` partial.
 */
export async function downloadStoredRecording(endpoint: Config['ari'], name: string, file: string): Promise<number | null> {
  const response = await fetch(url(endpoint, name, '/file'), { headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok || !response.body) throw new Error(`ARI answered HTTP ${response.status} for recording ${name}`);
  const out = createWriteStream(file, { mode: 0o640 });
  await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), out);
  return out.bytesWritten;
}

export async function deleteStoredRecording(endpoint: Config['ari'], name: string): Promise<void> {
  const response = await fetch(url(endpoint, name), { method: 'DELETE', headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok && response.status !== 404) throw new Error(`ARI answered HTTP ${response.status} deleting recording ${name}`);
}

export async function listStoredRecordings(endpoint: Config['ari']): Promise<string[]> {
  const response = await fetch(`${endpoint.baseUrl}/ari/recordings/stored`, { headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} listing recordings`);
  return ((await response.json()) as { name: string }[]).map((recording) => recording.name);
}
