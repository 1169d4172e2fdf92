// A call recording streamed from ARI's HTTP API to a file: whole, absent (404), or cut off by Asterisk mid-way.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadStoredRecording } from '../../src/pbx/ari-recordings.ts';
import { wav } from '../helpers/wav.ts';

const audio = wav(160_000); // 20 s, 320 kB: many chunks on the wire
let server: Server;
let endpoint: Parameters<typeof downloadStoredRecording>[0];
const seen: string[] = [];

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
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Recording not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  endpoint = { host: '127.0.0.1', port, username: 'hotline', secret: 's3cret', baseUrl: `http://127.0.0.1:${port}`, app: 'hotline' };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
});
