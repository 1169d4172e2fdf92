// A small OpenAI-compatible transcription server for the tests (POST /v1/audio/transcriptions): it checks
// the multipart request as the OpenAI API defines it and answers, as scripted, with PocketSphinx's own
// transcript of the uploaded audio (verbose_json), an HTTP error, or nothing at all (a hung engine).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketsphinxEngine } from '../../src/stt/pocketsphinx-engine.ts';

export type Scripted = 'transcribe' | 'hang' | number;

export interface ReceivedRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  fields: Record<string, string>;
  file: { name: string; type: string; bytes: number } | null;
  problems: string[];
}

const body = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

export async function startSttServer(script: Scripted[] = [], options: { apiKey?: string } = {}) {
  const received: ReceivedRequest[] = [];
  const engine = new PocketsphinxEngine();
  const directory = mkdtempSync(join(tmpdir(), 'stt-server-'));
  const server: Server = createServer(async (request, response) => {
    const raw = await body(request);
    const entry: ReceivedRequest = { authorization: request.headers.authorization, contentType: request.headers['content-type'], fields: {}, file: null, problems: [] };
    received.push(entry);
    if (request.method !== 'POST' || request.url !== '/v1/audio/transcriptions') entry.problems.push(`${request.method} ${request.url}`);
    let audio: Buffer | null = null;
    try {
      const form = await new Request('http://stt.test/', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body: new Uint8Array(raw) }).formData();
      for (const [key, value] of form) {
        if (typeof value === 'string') entry.fields[key] = value;
        else if (key === 'file') {
          audio = Buffer.from(await value.arrayBuffer());
          entry.file = { name: value.name, type: value.type, bytes: audio.length };
        }
      }
    } catch (error) {
      entry.problems.push(`not multipart/form-data: ${(error as Error).message}`);
    }
    for (const field of ['model', 'language', 'response_format']) if (!entry.fields[field]) entry.problems.push(`missing ${field}`);
    if (!entry.file) entry.problems.push('missing file');
    const step = script.shift() ?? 'transcribe';
    if (step === 'hang') return; // never answers
    if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
      return;
    }
    if (typeof step === 'number') {
      response.writeHead(step, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `scripted ${step}` } }));
      return;
    }
    if (entry.problems.length > 0 || !audio) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: entry.problems.join('; ') } }));
      return;
    }
    const file = join(directory, `upload-${received.length}.wav`);
    writeFileSync(file, audio);
    try {
      const transcript = await engine.transcribe(file, 'en', AbortSignal.timeout(60_000));
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ task: 'transcribe', language: 'english', duration: 0, text: transcript.text, segments: [{ id: 0, start: 0, end: 1, text: transcript.text, avg_logprob: -0.3 }] }),
      );
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
