// Channels over ARI's HTTP API, by id (a channel's uniqueid), whether or not they are in a Stasis app.
import type { Config } from '../config.ts';
import { ariAuthorization } from './ari-http.ts';

/** Whether Asterisk still has this channel (its caller on the line). */
export async function channelExists(endpoint: Config['ari'], channelId: string): Promise<boolean> {
  const response = await fetch(`${endpoint.baseUrl}/ari/channels/${encodeURIComponent(channelId)}`, {
    headers: { authorization: ariAuthorization(endpoint) },
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (response.status === 404) return false;
  if (!response.ok) throw new Error(`ARI answered HTTP ${response.status} for channel ${channelId}`);
  return true;
}

/** Hangs up a channel; one already gone is fine. */
export async function hangUpChannel(endpoint: Config['ari'], channelId: string): Promise<void> {
  const response = await fetch(`${endpoint.baseUrl}/ari/channels/${encodeURIComponent(channelId)}`, {
    method: 'DELETE',
    headers: { authorization: ariAuthorization(endpoint) },
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (!response.ok && response.status !== 404) throw new Error(`ARI answered HTTP ${response.status} hanging up channel ${channelId}`);
}
