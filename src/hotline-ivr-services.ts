// The IVR's view of the hotline (IvrServices), assembled from the case registry, the call-back and
// voicemail stores, the opening hours and ARI's stored recordings.
import type { CaseRegistry } from './cases/case-registry.ts';
import type { WorkingCalendar } from './cases/working-days.ts';
import type { Config } from './config.ts';
import { databaseUnavailable } from './db/database-errors.ts';
import type { IvrRepository } from './db/ivr-repository.ts';
import type { IvrServices } from './ivr/ivr-services.ts';
import type { Logger } from './log.ts';
import { MESSAGE_PREFIX } from './pbx/ari-ivr-channel.ts';
import { channelExists, deleteStoredRecording, fetchStoredRecording, listStoredRecordings } from './pbx/ari-recordings.ts';
import { VoicemailService } from './voicemail/voicemail-service.ts';

/**
 * Messages Asterisk finished recording that are not registered yet — left while this server was away
 * (crashed, ARI down), recorded by the dialplan's own fail-safe, or kept back by a database that could
 * not be written — become voicemail cases. A recording whose caller is still on the line may still be
 * growing, so it waits for the next pass. Runs after every ARI (re)connect and on a timer.
 */
export async function recoverMessages(config: Config, ivrStore: IvrRepository, services: IvrServices, log: Logger): Promise<string[]> {
  const recovered: string[] = [];
  for (const name of await listStoredRecordings(config.ari)) {
    if (!name.startsWith(MESSAGE_PREFIX) || ivrStore.caseNumberOfRecording(name)) continue;
    // The dialplan's own recordings carry the language and caller in their name: the server may have had no call record.
    const [uniqueid = '', nameLang, nameCaller] = name.slice(MESSAGE_PREFIX.length).split('~');
    if (await channelExists(config.ari, uniqueid)) continue;
    const call = ivrStore.callOf(uniqueid);
    const audio = await fetchStoredRecording(config.ari, name);
    if (!audio || audio.length <= 44) continue;
    const { caseNumber } = await services.storeMessage({
      uniqueid,
      caller: call?.caller ?? nameCaller ?? '',
      lang: call?.lang ?? (nameLang === 'en' ? 'en' : 'zh'),
      recording: { name, audio, durationMs: Math.round(((audio.length - 44) / 16_000) * 1000) },
    });
    if (!caseNumber) continue;
    log.warn({ recording: name, caseNumber }, 'message recorded while the server could not register it: registered now');
    recovered.push(caseNumber);
  }
  return recovered;
}

export function hotlineIvrServices(config: Config, registry: CaseRegistry, ivrStore: IvrRepository, log: Logger, calendar?: WorkingCalendar): IvrServices {
  const voicemail = new VoicemailService(config.dataDirectory, registry, ivrStore);
  return {
    messageMaxSeconds: config.messageMaxSeconds,
    isOpen: (at) => config.openingHours.isOpen(at, calendar),
    caseProgress(caseNumber) {
      const record = registry.byNumber(caseNumber);
      return record && { status: record.status, dueAt: record.dueAt, phone: record.callerPhone, confidential: record.confidential };
    },
    bookCallback: (request) => ivrStore.bookCallback(request),
    async storeMessage(message) {
      let stored: { caseNumber: string };
      try {
        stored = voicemail.keep(message);
      } catch (error) {
        const unavailable = databaseUnavailable(error);
        if (!unavailable) throw error;
        // Nothing is lost: Asterisk keeps its copy until the message is registered by a later pass.
        log.error({ err: error, recording: message.recording.name, uniqueid: message.uniqueid }, 'message kept in Asterisk: the database could not register it now');
        return { caseNumber: null };
      }
      // Kept under our data directory now: Asterisk's copy can go.
      await deleteStoredRecording(config.ari, message.recording.name).catch((error: unknown) =>
        log.warn({ err: error, recording: message.recording.name }, 'could not delete the recording from Asterisk'),
      );
      return stored;
    },
  };
}
