// Messages for the desk: GET /api/voicemails (with transcripts and their status), GET /api/voicemails/:id/audio
// (by id only, never a path; byte ranges for the player), PUT /api/voicemails/:id/transcript (an operator's
// correction, kept beside the engine's text and written in the case trail).
import type { FastifyInstance } from 'fastify';
import type { CaseRegistry } from '../../cases/case-registry.ts';
import { maskPhone } from '../../cases/masking.ts';
import type { VoicemailRepository, VoicemailView } from '../../db/voicemail-repository.ts';
import { requireRole } from '../auth-hooks.ts';
import { ID_PARAMS, refuse } from './admin-schemas.ts';
import { audioFile } from './audio-file.ts';
import type { AuditRepository } from '../../db/audit-repository.ts';
import { CASE_NUMBER_PATTERN } from './case-schemas.ts';

const STATUSES = ['pending', 'done', 'failed', 'untranscribed'];

export async function voicemailRoutes(
  app: FastifyInstance,
  options: { voicemails: VoicemailRepository; registry: CaseRegistry; dataDirectory: string; audit: AuditRepository },
) {
  const { voicemails, registry, dataDirectory, audit } = options;
  const desk = { onRequest: requireRole('operator', 'supervisor') };
  // An informant's number stays masked on a confidential case for anyone but a supervisor.
  const view = (message: VoicemailView, role: string) => {
    const { file: _file, caseId: _caseId, ...rest } = message;
    return { ...rest, caller: message.confidential && role !== 'supervisor' && message.caller ? maskPhone(message.caller) : message.caller, audio: `/api/voicemails/${message.id}/audio` };
  };

  app.get<{ Querystring: { status?: VoicemailView['transcriptStatus']; caseNumber?: string } }>(
    '/api/voicemails',
    {
      ...desk,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: STATUSES }, caseNumber: { type: 'string', pattern: CASE_NUMBER_PATTERN } },
        },
      },
    },
    async (request) => ({
      voicemails: voicemails.list({ status: request.query.status, caseNumber: request.query.caseNumber, limit: 200 }).map((message) => view(message, request.user.role)),
    }),
  );

  app.get<{ Params: { id: string } }>('/api/voicemails/:id/audio', { ...desk, schema: { params: ID_PARAMS } }, async (request, reply) => {
    const message = voicemails.byId(Number(request.params.id));
    if (!message) return refuse(reply, 404, `no message ${request.params.id}`);
    const serve = await audioFile(request, reply, dataDirectory, message.file);
    if (!serve) return refuse(reply, 404, `the audio of message ${message.id} is missing`);
    // A citizen's own voice: who heard it is the admins' to know, like a call recording.
    audit.record({ actorUserId: request.user.id, action: 'message-played', details: { voicemailId: message.id, caseNumber: message.caseNumber, range: request.headers.range ?? null } });
    request.log.info({ voicemailId: message.id, caseNumber: message.caseNumber, by: request.user.username, range: request.headers.range }, 'message played');
    return serve();
  });

  app.put<{ Params: { id: string }; Body: { text: string } }>(
    '/api/voicemails/:id/transcript',
    {
      ...desk,
      schema: {
        params: ID_PARAMS,
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 10_000, pattern: '\\S' } } },
      },
    },
    async (request, reply) => {
      const message = voicemails.byId(Number(request.params.id));
      if (!message) return refuse(reply, 404, `no message ${request.params.id}`);
      const text = request.body.text.trim();
      registry.transaction(() => {
        voicemails.correct(message.id, text, request.user.id);
        const record = registry.byId(message.caseId);
        if (record) {
          registry.appendEvent(record.id, {
            action: 'transcript-corrected',
            fromStatus: record.status,
            toStatus: record.status,
            actorUserId: request.user.id,
            details: { voicemailId: message.id, before: message.transcriptCorrected ?? message.transcript, after: text },
          });
        }
      });
      request.log.info({ voicemailId: message.id, by: request.user.username }, 'transcript corrected');
      return { voicemail: view(voicemails.byId(message.id)!, request.user.role) };
    },
  );
}
