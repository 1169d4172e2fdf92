// The routes of the waiting line and the audio it keeps (call-backs, the abandoned list, call recordings,
// messages, line settings, the desk's lookups), registered together in the authenticated scope.
import type { FastifyInstance } from 'fastify';
import type { CallbackRequest } from '../callbacks/callback-model.ts';
import type { CaseRegistry } from '../cases/case-registry.ts';
import type { Role } from '../cases/case-model.ts';
import { maskPhone, seesInformant } from '../cases/masking.ts';
import type { Config } from '../config.ts';
import type { AuditRepository } from '../db/audit-repository.ts';
import type { Db } from '../db/database.ts';
import type { SettingsRepository } from '../db/settings-repository.ts';
import type { User } from '../db/user-repository.ts';
import { VoicemailRepository } from '../db/voicemail-repository.ts';
import { DeskLookupRepository } from '../db/desk-lookup-repository.ts';
import { deskLookupRoutes } from '../http/routes/desk-lookup-routes.ts';
import { callbackRoutes } from '../http/routes/callback-routes.ts';
import { lineSettingsRoutes } from '../http/routes/line-settings-routes.ts';
import { recordingRoutes } from '../http/routes/recording-routes.ts';
import { voicemailRoutes } from '../http/routes/voicemail-routes.ts';
import type { waitingLine } from './waiting-line.ts';

export async function lineRoutes(
  scoped: FastifyInstance,
  deps: { config: Config; db: Db; line: ReturnType<typeof waitingLine>; registry: CaseRegistry; audit: AuditRepository; settings: SettingsRepository; onSettingsChanged: () => void },
) {
  const { config, line, registry } = deps;
  const caseIdOf = (caseNumber: string) => registry.byNumber(caseNumber)?.id;
  /** A call-back's number, masked for a reader who may not see the confidential informant of its case. */
  const numberFor = (callback: CallbackRequest, reader: User) => {
    const record = callback.caseId ? registry.byId(callback.caseId) : callback.callId ? registry.byCallId(callback.callId) : undefined;
    const hidden = record && !seesInformant({ id: reader.id, role: reader.role as Role, departmentId: reader.departmentId }, record);
    return hidden ? maskPhone(callback.number) : callback.number;
  };
  await scoped.register(callbackRoutes, { callbacks: line.callbacks, store: line.callbackStore, shortAbandonSeconds: config.shortAbandonSeconds, caseIdOf, numberFor });
  await scoped.register(recordingRoutes, { recordings: line.recordingStore, audit: deps.audit, dataDirectory: config.dataDirectory, caseIdOf });
  await scoped.register(voicemailRoutes, { voicemails: new VoicemailRepository(deps.db), registry, dataDirectory: config.dataDirectory, audit: deps.audit });
  await scoped.register(deskLookupRoutes, { lookups: new DeskLookupRepository(deps.db), audit: deps.audit });
  await scoped.register(lineSettingsRoutes, { settings: deps.settings, audit: deps.audit, onChanged: deps.onSettingsChanged });
}
