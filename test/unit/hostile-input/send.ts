// Sends one request over a real socket exactly as given: the path unnormalised (fetch would resolve "../"),
// any Content-Type, any body; answers the status and the body as text.
import { request } from 'node:http';

export interface Answer {
  status: number;
  body: string;
  contentType: string;
}

export function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(response.headers['content-type'] ?? '') }));
      response.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: the answer still counts; a
    // connection closed with no answer at all is a failure.
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    outgoing.on('close', () => reject(new Error(`${method} ${path.slice(0, 80)}: the connection closed without an answer`)));
    outgoing.end(body);
  });
}
