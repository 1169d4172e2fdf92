// Serves a WAV kept under the data directory (a message, a call recording): byte ranges and ETags from
// @fastify/send, never cached by the browser, never a path from the client (the caller looks it up by id).
import send from '@fastify/send';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Opens `file` (relative to `root`); null when it is missing. Sending the returned reply serves it. */
export async function audioFile(request: FastifyRequest, reply: FastifyReply, root: string, file: string): Promise<(() => FastifyReply) | null> {
  const result = await send(request.raw, encodeURI(file), { root, dotfiles: 'deny', cacheControl: false, etag: true });
  if (result.type !== 'file') return null;
  return () =>
    reply
      .code(result.statusCode)
      .headers({ ...result.headers, 'content-type': 'audio/wav', 'cache-control': 'private, no-store' })
      .send(result.stream);
}
