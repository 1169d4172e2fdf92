// GET /api/recordings (by case or call) and GET /api/recordings/:id/audio: a call's recording, for supervisors
// and for the operator who took the call; byte ranges for the player's seek bar; every play in the audit trail.
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../db/audit-repository.ts';
import type { RecordingRepository } from '../../db/recording-repository.ts';
import type { CallRecording } from '../../recordings/recording-archive.ts';
import { requireRole } from '../auth-hooks.ts';
import { ID_PARAMS, refuse } from './admin-schemas.ts';
import { audioFile } from './audio-file.ts';

const forbidden = { statusCode: 403, error: 'Forbidden', message: 'only a supervisor or the operator who took the call may hear its recording' };

export async function recordingRoutes(
  app: FastifyInstance,
  options: { recordings: RecordingRepository; audit: AuditRepository; dataDirectory: string; caseIdOf: (caseNumber: string) => number | undefined },
) {
  const { recordings, audit, dataDirectory, caseIdOf } = options;
  const mayHear = (request: FastifyRequest, recording: CallRecording) => request.user.role === 'supervisor' || recording.agentUserId === request.user.id;
  const view = (recording: CallRecording) => ({
    id: recording.id,
    callId: recording.uniqueid,
    caller: recording.caller,
    queue: recording.queue,
    caseNumber: recording.caseNumber,
    agentUserId: recording.agentUserId,
    sha256: recording.sha256,
    bytes: recording.bytes,
    durationMs: recording.durationMs,
    recordedAt: recording.recordedAt,
    deletedAt: recording.deletedAt,
    audio: recording.file ? `/api/recordings/${recording.id}/audio` : null,
  });

  app.get<{ Querystring: { caseNumber?: string; callId?: string } }>(
    '/api/recordings',
    {
      onRequest: requireRole('supervisor', 'operator'),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { caseNumber: { type: 'string', minLength: 1, maxLength: 40 }, callId: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } },
        },
      },
    },
    async (request, reply) => {
      const { caseNumber, callId } = request.query;
      const filter: { caseId?: number; callId?: number; agentUserId?: number; limit: number } = { limit: 200 };
      if (caseNumber !== undefined) {
        const caseId = caseIdOf(caseNumber);
        if (caseId === undefined) return refuse(reply, 404, `no case ${caseNumber}`);
        filter.caseId = caseId;
      }
      if (callId !== undefined) filter.callId = Number(callId);
      // An operator lists only the calls they took.
      if (request.user.role === 'operator') filter.agentUserId = request.user.id;
      return { recordings: recordings.list(filter).map(view) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/recordings/:id/audio',
    { onRequest: requireRole('supervisor', 'operator'), schema: { params: ID_PARAMS } },
    async (request, reply) => {
      const recording = recordings.byId(Number(request.params.id));
      if (!recording) return refuse(reply, 404, `no recording ${request.params.id}`);
      if (!mayHear(request, recording)) {
        audit.record({ actorUserId: request.user.id, action: 'recording-refused', targetUserId: recording.agentUserId, details: { recordingId: recording.id } });
        return reply.code(403).send(forbidden);
      }
      if (!recording.file) return reply.code(410).send({ statusCode: 410, error: 'Gone', message: `the audio of recording ${recording.id} was removed on ${recording.deletedAt} (retention)` });
      const serve = await audioFile(request, reply, dataDirectory, recording.file);
      if (!serve) return refuse(reply, 404, `the audio of recording ${recording.id} is missing from ${join(dataDirectory, recording.file)}`);
      audit.record({
        actorUserId: request.user.id,
        action: 'recording-played',
        targetUserId: recording.agentUserId,
        details: { recordingId: recording.id, callId: recording.callId, caseId: recording.caseId, range: request.headers.range ?? null },
      });
      request.log.info({ recordingId: recording.id, by: request.user.username, range: request.headers.range }, 'call recording played');
      return serve();
    },
  );
}
