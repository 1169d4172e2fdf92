// A call recording streamed from ARI's HTTP API to a file: whole, absent (404), cut off by Asterisk mid-way, or
// Asterisk gone silent; and its deletion. The connections are kept alive between requests.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStoredRecording, downloadStoredRecording } from '../../src/pbx/ari-recordings.ts';
import { wav } from '../helpers/wav.ts';

const audio = wav(160_000); // 20 s, 320 kB: many chunks on the wire
let server: Server;
let endpoint: Parameters<typeof downloadStoredRecording>[0];
const seen: string[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
    if (request.url === '/ari/recordings/stored/hotline-call-1.1/file') {
      response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length });
      for (let offset = 0; offset < audio.length; offset += 8_192) response.write(audio.subarray(offset, offset + 8_192));
      response.end();
    } else if (request.url === '/ari/recordings/stored/hotline-call-2.2/file') {
      response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length });
      response.write(audio.subarray(0, 20_000), () => setTimeout(() => response.destroy(), 20)); // Asterisk stops mid-file
    } else if (request.url === '/ari/recordings/stored/hotline-call-3.3/file') {
      response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length });
      response.write(audio.subarray(0, 20_000)); // and then nothing more, the connection left open
    } else if (request.url?.startsWith('/ari/recordings/stored/hotline-call-4.4')) {
      // never answered (its audio, its deletion)
    } else if (request.method === 'DELETE' && request.url === '/ari/recordings/stored/hotline-call-1.1') {
      response.writeHead(204).end();
    } else if (request.method === 'DELETE' && request.url === '/ari/recordings/stored/hotline-call-5.5') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Recording not found"}');
    }
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoint = { host: '127.0.0.1', port, username: 'hotline', secret: 's3cret', baseUrl: `http://127.0.0.1:${port}`, app: 'hotline' };
});
afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

describe('downloading a stored recording', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ari-download-'));

  it('streams the whole recording into the file and says how many bytes it holds', async () => {
    const file = join(folder, 'one.wav.partial');
    expect(await downloadStoredRecording(endpoint, 'hotline-call-1.1', file)).toBe(audio.length);
    expect(readFileSync(file).equals(audio)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(seen.at(-1)).toBe(`GET /ari/recordings/stored/hotline-call-1.1/file Basic ${Buffer.from('hotline:s3cret').toString('base64')}`);
  });

  it('answers null for a recording Asterisk does not have (yet), writing nothing', async () => {
    const file = join(folder, 'none.wav.partial');
    expect(await downloadStoredRecording(endpoint, 'hotline-call-9.9', file)).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('fails, and says so, when Asterisk’s answer stops mid-file', async () => {
    const file = join(folder, 'cut.wav.partial');
    await expect(downloadStoredRecording(endpoint, 'hotline-call-2.2', file)).rejects.toThrow();
    expect(statSync(file).size).toBeLessThan(audio.length); // partial: the archive removes it and tries again
  });

  it('fails, naming the wait, when Asterisk falls silent mid-file or never answers', async () => {
    const silent = join(folder, 'silent.wav.partial');
    await expect(downloadStoredRecording(endpoint, 'hotline-call-3.3', silent, 300)).rejects.toThrow(/no answer within 300 ms/);
    expect(statSync(silent).size).toBeLessThan(audio.length);
    await expect(downloadStoredRecording(endpoint, 'hotline-call-4.4', join(folder, 'never.wav.partial'), 300)).rejects.toThrow(/no answer within 300 ms/);
  });

  it('keeps its connection for the next request', async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await downloadStoredRecording(endpoint, 'hotline-call-1.1', join(folder, `again-${i}.wav.partial`))).toBe(audio.length);
    expect(connections - before).toBeLessThanOrEqual(1);
  });
});

describe('deleting a stored recording', () => {
  it('deletes it, and takes one Asterisk no longer has as deleted', async () => {
    await deleteStoredRecording(endpoint, 'hotline-call-1.1');
    expect(seen.at(-1)).toBe(`DELETE /ari/recordings/stored/hotline-call-1.1 Basic ${Buffer.from('hotline:s3cret').toString('base64')}`);
    await deleteStoredRecording(endpoint, 'hotline-call-9.9');
  });

  it('fails, naming the status, when Asterisk answers with an error, and when it never answers', async () => {
    await expect(deleteStoredRecording(endpoint, 'hotline-call-5.5')).rejects.toThrow(/HTTP 500 deleting recording hotline-call-5.5/);
    await expect(deleteStoredRecording(endpoint, 'hotline-call-4.4', 300)).rejects.toThrow(/no answer within 300 ms/);
  });
});
