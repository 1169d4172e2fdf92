// ARI_URL may be https: the IVR's requests and a call recording's download and delete then speak TLS. The
// server here has a self-signed certificate (test/fixtures/tls, made for this test only), which the client
// refuses: a refusal naming the certificate is the proof that TLS was spoken (plain HTTP to it would be
// answered with nothing but a closed connection).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteStoredRecording, downloadStoredRecording } from '../../src/pbx/ari-recordings.ts';
import { ariRest } from '../../src/pbx/ari-rest.ts';

const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
let server: Server;
let endpoint: Parameters<typeof downloadStoredRecording>[0];

beforeAll(async () => {
  server = createServer({ key: tls('self-signed.key'), cert: tls('self-signed.crt') }, (_request, response) => response.writeHead(204).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoint = { host: '127.0.0.1', port, username: 'hotline', secret: 's3cret', baseUrl: `https://127.0.0.1:${port}`, app: 'hotline' };
});
afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

it('downloads and deletes a recording over TLS when ARI_URL is https', async () => {
  await expect(downloadStoredRecording(endpoint, 'hotline-call-1.1', join(tmpdir(), 'never.wav.partial'))).rejects.toThrow(/self[- ]signed certificate/);
  await expect(deleteStoredRecording(endpoint, 'hotline-call-1.1')).rejects.toThrow(/self[- ]signed certificate/);
});

it('sends the IVR’s requests over TLS when ARI_URL is https', async () => {
  await expect(ariRest(endpoint).playbacks.stop({ playbackId: 'p-1' })).rejects.toThrow(/self[- ]signed certificate/);
  await expect(ariRest(endpoint).channels.setChannelVar({ channelId: 'c-1', variable: 'A', value: '1' })).rejects.toThrow(/self[- ]signed certificate/);
});
