// The IVR's requests to ARI as plain HTTP (ari-http.ts: node:http, connections kept alive). ari-client builds
// every request through swagger-client, shred and bluebird, on the path from a key to the next prompt; Node's
// fetch cost more still (bench:load profiles). Events still come through ari-client's WebSocket.
import type { AriRecordParams } from 'ari-client';
import type { Config } from '../config.ts';
import { ariHttp } from './ari-http.ts';

type Query = Record<string, string | number | boolean | string[] | undefined>;

/** What AriIvrChannel asks of Asterisk; ari-client's `channels` and `playbacks` have the same shape. */
export interface AriIvrRequests {
  channels: {
    play(params: { channelId: string; media: string | string[]; playbackId: string }): Promise<unknown>;
    setChannelVar(params: { channelId: string; variable: string; value: string }): Promise<unknown>;
    continueInDialplan(params: { channelId: string; context?: string; extension?: string; priority?: number; label?: string }): Promise<unknown>;
    hangup(params: { channelId: string }): Promise<unknown>;
    record(params: AriRecordParams): Promise<unknown>;
  };
  playbacks: { stop(params: { playbackId: string }): Promise<unknown> };
}

/** An ARI error: Asterisk's own message (e.g. "Channel not found") and the HTTP status. */
export class AriRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AriRequestError';
  }
}

/**
 * Connections per kind of request. Asterisk runs a channel's commands one after another, so a variable write,
 * a continue or a record sent while a prompt plays is answered only when the prompt ends (up to the 10 s menu);
 * play and stop are answered at once. In one pool, 16 held writes once took every connection at 200 callers:
 * the stops that would have ended those prompts queued behind them, and the IVR stood still. Apart, a stop
 * never waits behind a held write. Together they stay under Asterisk's HTTP session limit (http.conf, 100).
 */
export const ARI_SOCKETS = { prompt: 16, channel: 48 } as const;

export function ariRest(endpoint: Pick<Config['ari'], 'baseUrl' | 'username' | 'secret'>, timeoutMs = 10_000): AriIvrRequests {
  const ari = ariHttp(endpoint);
  const pools = { prompt: ari.pool(ARI_SOCKETS.prompt), channel: ari.pool(ARI_SOCKETS.channel) };
  const request = async (method: 'POST' | 'DELETE', path: string, query: Query = {}, pool: keyof typeof pools = 'channel'): Promise<unknown> => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
    }
    const response = await ari.send(method, `/ari${path}${search.size > 0 ? `?${search}` : ''}`, pools[pool], timeoutMs);
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      let message = `ARI ${method} ${path}: HTTP ${status}`;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the status
      }
      throw new AriRequestError(message, status);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const channel = (channelId: string) => `/channels/${encodeURIComponent(channelId)}`;
  return {
    channels: {
      play: ({ channelId, media, playbackId }) =>
        request('POST', `${channel(channelId)}/play/${encodeURIComponent(playbackId)}`, { media: Array.isArray(media) ? media.join(',') : media }, 'prompt'),
      setChannelVar: ({ channelId, variable, value }) => request('POST', `${channel(channelId)}/variable`, { variable, value }),
      continueInDialplan: ({ channelId, ...target }) => request('POST', `${channel(channelId)}/continue`, target),
      hangup: ({ channelId }) => request('DELETE', channel(channelId), {}, 'prompt'),
      record: ({ channelId, ...options }) => request('POST', `${channel(channelId)}/record`, options),
    },
    playbacks: { stop: ({ playbackId }) => request('DELETE', `/playbacks/${encodeURIComponent(playbackId)}`, {}, 'prompt') },
  };
}
