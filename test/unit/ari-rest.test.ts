// The IVR's ARI requests as plain HTTP, against a local server standing in for Asterisk's ARI.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARI_SOCKETS, ariRest, AriRequestError } from '../../src/pbx/ari-rest.ts';

const seen: { method: string; path: string; query: Record<string, string[]>; authorization?: string }[] = [];
/** Variable writes to channel `held-…` are answered, like Asterisk's during a prompt, only once a playback is stopped. */
let held: (() => void)[] = [];
const server = createServer((request: IncomingMessage, response) => {
  const url = new URL(request.url!, 'http://ari');
  if (url.pathname.startsWith('/ari/channels/held-')) {
    held.push(() => response.writeHead(204).end());
    return;
  }
  if (url.pathname.startsWith('/ari/playbacks/')) for (const answer of held.splice(0)) answer();
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  seen.push({ method: request.method!, path: url.pathname, query, authorization: request.headers.authorization });
  if (url.pathname.includes('/gone')) {
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Channel not found' }));
  } else if (url.pathname.includes('/play/')) {
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'p1', state: 'queued' }));
  } else response.writeHead(204).end();
});
let ari: ReturnType<typeof ariRest>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ari = ariRest({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'hotline', secret: 's3cret' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the IVR’s ARI requests', () => {
  it('sends what ARI expects: the method, the resource, the parameters and the credentials', async () => {
    seen.length = 0;
    expect(await ari.channels.play({ channelId: '1795.7', media: ['sound:/p/zh/welcome', 'sound:/p/en/for-english-press-2'], playbackId: 'pb-1' })).toEqual({ id: 'p1', state: 'queued' });
    await ari.channels.setChannelVar({ channelId: '1795.7', variable: '__HOTLINE_LANG', value: 'en' });
    await ari.channels.setChannelVar({ channelId: '1795.7', variable: 'HOTLINE_QUEUE_POSITION', value: '' });
    await ari.channels.continueInDialplan({ channelId: '1795.7', context: 'hotline-queue', extension: 'en', priority: 1 });
    await ari.playbacks.stop({ playbackId: 'pb-1' });
    await ari.channels.record({ channelId: '1795.7', name: 'hotline-msg-1795.7', format: 'wav', maxDurationSeconds: 120, beep: true, terminateOn: '#' });
    await ari.channels.hangup({ channelId: '1795.7' });
    expect(seen.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
      { method: 'POST', path: '/ari/channels/1795.7/play/pb-1', query: { media: ['sound:/p/zh/welcome,sound:/p/en/for-english-press-2'] } },
      { method: 'POST', path: '/ari/channels/1795.7/variable', query: { variable: ['__HOTLINE_LANG'], value: ['en'] } },
      { method: 'POST', path: '/ari/channels/1795.7/variable', query: { variable: ['HOTLINE_QUEUE_POSITION'], value: [''] } },
      { method: 'POST', path: '/ari/channels/1795.7/continue', query: { context: ['hotline-queue'], extension: ['en'], priority: ['1'] } },
      { method: 'DELETE', path: '/ari/playbacks/pb-1', query: {} },
      { method: 'POST', path: '/ari/channels/1795.7/record', query: { name: ['hotline-msg-1795.7'], format: ['wav'], maxDurationSeconds: ['120'], beep: ['true'], terminateOn: ['#'] } },
      { method: 'DELETE', path: '/ari/channels/1795.7', query: {} },
    ]);
    expect(new Set(seen.map((request) => request.authorization))).toEqual(new Set([`Basic ${Buffer.from('hotline:s3cret').toString('base64')}`]));
  });

  it('fails with Asterisk’s own message and status', async () => {
    const failure = ari.channels.setChannelVar({ channelId: 'gone', variable: 'X', value: '1' });
    await expect(failure).rejects.toThrow(AriRequestError);
    await expect(failure).rejects.toMatchObject({ message: 'Channel not found', status: 404 });
  });

  it('stops a prompt at once while more variable writes than there are connections wait for one to end', async () => {
    held = [];
    let written = 0;
    const writes = Array.from({ length: ARI_SOCKETS.channel + 20 }, (_, i) =>
      ari.channels.setChannelVar({ channelId: `held-${i}`, variable: '__HOTLINE_LANG', value: 'en' }).then(() => written++),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(held).toHaveLength(ARI_SOCKETS.channel);
    // the stop does not queue behind the held writes (in one pool it would wait for ever)
    await ari.playbacks.stop({ playbackId: 'pb-menu' });
    await ari.playbacks.stop({ playbackId: 'pb-menu-2' });
    await Promise.all(writes);
    expect(written).toBe(ARI_SOCKETS.channel + 20);
  });
});
