// A message left on the line becomes a case (channel voicemail) with its audio kept and checksummed.
// The transcript comes later; the case and the audio exist from the moment the caller stops speaking.
import type { CaseRegistry } from '../cases/case-registry.ts';
import { citizenPhone } from '../cases/case-store.ts';
import type { Language } from '../config.ts';
import type { RecordedMessage } from '../ivr/ivr-channel.ts';
import { archiveAudio, type ArchivedAudio } from './message-archive.ts';
import { withTrueWavSizes } from './wav-sizes.ts';

export interface VoicemailStore {
  caseNumberOfRecording(recordingName: string): string | undefined;
  callIdOf(uniqueid: string): number | undefined;
  insert(row: ArchivedAudio & { recordingName: string; caseId: number; callId: number | null; caller: string; lang: Language; durationMs: number }): void;
}

export class VoicemailService {
  constructor(
    private readonly dataDirectory: string,
    private readonly registry: CaseRegistry,
    private readonly store: VoicemailStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Idempotent per recording: importing the same recording twice returns the first case. */
  keep(message: { uniqueid: string; caller: string; lang: Language; recording: RecordedMessage }): { caseNumber: string } {
    const existing = this.store.caseNumberOfRecording(message.recording.name);
    if (existing) return { caseNumber: existing };
    const at = this.now();
    const day = at.toISOString().slice(0, 10);
    const archived = archiveAudio(this.dataDirectory, `voicemail/${day}/${message.recording.name}.wav`, withTrueWavSizes(message.recording.audio));
    const callId = this.store.callIdOf(message.uniqueid) ?? null;
    return this.registry.transaction(() => {
      // A caller who rang an operator before leaving the message already has the call's draft: one call, one case.
      const drafted = callId === null ? undefined : this.registry.byCallId(callId);
      if (drafted) {
        this.store.insert({ ...archived, recordingName: message.recording.name, caseId: drafted.id, callId, caller: message.caller, lang: message.lang, durationMs: message.recording.durationMs });
        this.registry.appendEvent(drafted.id, {
          action: 'message',
          fromStatus: drafted.status,
          toStatus: drafted.status,
          actorUserId: null,
          details: { recording: message.recording.name, sha256: archived.sha256, durationMs: message.recording.durationMs },
        });
        return { caseNumber: drafted.number };
      }
      const created = this.registry.create(
        {
          status: 'draft',
          kind: null,
          channel: 'voicemail',
          callerPhone: citizenPhone(message.caller),
          citizenName: null,
          citizenAddress: null,
          anonymous: false,
          confidential: false,
          lang: message.lang,
          subject: null,
          description: null,
          productCategory: null,
          product: null,
          enterpriseName: null,
          enterpriseAddress: null,
          place: null,
          goodsValueFen: null,
          lossesRecoveredFen: null,
          urgency: 'normal',
          departmentId: null,
          transferSource: null,
          transferReference: null,
          createdBy: null,
          dueAt: null,
          stage: null,
          stageStartedAt: null,
          stageDueAt: null,
          colour: null,
          nextCheckAt: null,
          callId,
        },
        at,
      );
      this.store.insert({ ...archived, recordingName: message.recording.name, caseId: created.id, callId, caller: message.caller, lang: message.lang, durationMs: message.recording.durationMs });
      this.registry.appendEvent(created.id, {
        action: 'create',
        fromStatus: null,
        toStatus: 'draft',
        actorUserId: null,
        details: { channel: 'voicemail', callId, recording: message.recording.name, sha256: archived.sha256, durationMs: message.recording.durationMs },
      });
      return { caseNumber: created.number };
    });
  }
}
