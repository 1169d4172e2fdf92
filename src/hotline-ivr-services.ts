// The IVR's view of the hotline (IvrServices), assembled from the case registry, the call-back and
// voicemail stores, the opening hours and ARI's stored recordings.
import type { CaseRegistry } from './cases/case-registry.ts';
import type { Config } from './config.ts';
import type { IvrRepository } from './db/ivr-repository.ts';
import type { IvrServices } from './ivr/ivr-services.ts';
import type { Logger } from './log.ts';
import { deleteStoredRecording } from './pbx/ari-recordings.ts';
import { VoicemailService } from './voicemail/voicemail-service.ts';

export function hotlineIvrServices(config: Config, registry: CaseRegistry, ivrStore: IvrRepository, log: Logger): IvrServices {
  const voicemail = new VoicemailService(config.dataDirectory, registry, ivrStore);
  return {
    messageMaxSeconds: config.messageMaxSeconds,
    isOpen: (at) => config.openingHours.isOpen(at),
    caseProgress(caseNumber) {
      const record = registry.byNumber(caseNumber);
      return record && { status: record.status, dueAt: record.dueAt, phone: record.callerPhone, confidential: record.confidential };
    },
    bookCallback: (request) => ivrStore.bookCallback(request),
    async storeMessage(message) {
      const stored = voicemail.keep(message);
      // Kept under our data directory now: Asterisk's copy can go.
      await deleteStoredRecording(config.ari, message.recording.name).catch((error: unknown) =>
        log.warn({ err: error, recording: message.recording.name }, 'could not delete the recording from Asterisk'),
      );
      return stored;
    },
  };
}
