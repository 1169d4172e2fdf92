// Stored recordings over ARI's HTTP API: works whether Asterisk runs here or on another host.
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

export async function deleteStoredRecording(endpoint: Config['ari'], name: string): Promise<void> {
  const response = await fetch(url(endpoint, name), { method: 'DELETE', headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok && response.status !== 404) throw new Error(`ARI answered HTTP ${response.status} deleting recording ${name}`);
}

export async function listStoredRecordings(endpoint: Config['ari']): Promise<string[]> {
  const response = await fetch(`${endpoint.baseUrl}/ari/recordings/stored`, { headers: { authorization: authorization(endpoint) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} listing recordings`);
  return ((await response.json()) as { name: string }[]).map((recording) => recording.name);
}
