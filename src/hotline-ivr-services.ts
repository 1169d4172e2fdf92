// The IVR's view of the hotline (IvrServices), assembled from the case registry, the call-back and
// voicemail stores, the opening hours (asked of the caller's wiring) and ARI's stored recordings.
import type { CallbackService } from './callbacks/callback-service.ts';
import type { CallStore } from './calls/call-store.ts';
import { QUEUE_OF_LANGUAGE } from './config.ts';
import type { CaseRegistry } from './cases/case-registry.ts';
import type { Config, Language } from './config.ts';
import { databaseUnavailable } from './db/database-errors.ts';
import type { IvrRepository } from './db/ivr-repository.ts';
import type { IvrServices } from './ivr/ivr-services.ts';
import type { Logger } from './log.ts';
import { MESSAGE_PREFIX } from './pbx/ari-ivr-channel.ts';
import { channelExists } from './pbx/ari-channels.ts';
import { deleteStoredRecording, fetchStoredRecording, listStoredRecordings } from './pbx/ari-recordings.ts';
import { VoicemailService } from './voicemail/voicemail-service.ts';

/**
 * Messages Asterisk finished recording that are not registered yet — left while this server was away
 * (crashed, ARI down), recorded by the dialplan's own fail-safe, or kept back by a database that could
 * not be written — become voicemail cases. A recording whose caller is still on the line may still be
 * growing, so it waits for the next pass. Runs after every ARI (re)connect and on a timer.
 */
export async function recoverMessages(config: Config, ivrStore: IvrRepository, services: IvrServices, log: Logger, calls?: CallStore): Promise<string[]> {
  const recovered: string[] = [];
  for (const name of await listStoredRecordings(config.ari)) {
    if (!name.startsWith(MESSAGE_PREFIX)) continue;
    if (ivrStore.caseNumberOfRecording(name)) {
      // registered, but the server died before it deleted Asterisk's copy: deleted now (it is kept here)
      await deleteStoredRecording(config.ari, name).catch((error: unknown) => log.warn({ err: error, recording: name }, 'could not delete a registered message from Asterisk'));
      continue;
    }
    // The dialplan's own recordings carry the language and caller in their name: the server may have had no call record.
    const [uniqueid = '', nameLang, nameCaller] = name.slice(MESSAGE_PREFIX.length).split('~');
    if (await channelExists(config.ari, uniqueid)) continue;
    let call = ivrStore.callOf(uniqueid);
    const audio = await fetchStoredRecording(config.ari, name);
    if (!audio || audio.length <= 44) continue;
    if (!call && calls && nameLang !== undefined) {
      // The whole call happened while the server was away: its record, from what the name and the uniqueid say.
      try {
        recordUnseenCall(calls, config, uniqueid, nameCaller ?? '', nameLang === 'en' ? 'en' : 'zh');
      } catch (error) {
        if (!databaseUnavailable(error)) throw error;
        log.error({ err: error, recording: name }, 'message kept in Asterisk: the database could not record its call now');
        continue;
      }
      call = ivrStore.callOf(uniqueid);
    }
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

/**
 * A call the server never saw, which left a message with Asterisk's own recorder (the queue's longest wait ran
 * out, or nobody was logged in): it was offered a message after the queue (overflowed). Asterisk's uniqueid
 * begins with the second the channel was made; when it ended is not known, so it ends when the server learns of it.
 */
function recordUnseenCall(calls: CallStore, config: Config, uniqueid: string, caller: string, lang: Language): void {
  const madeAt = Number(uniqueid.split('.')[0]);
  const enteredAt = new Date(Number.isFinite(madeAt) && madeAt > 0 ? madeAt * 1000 : Date.now()).toISOString();
  calls.ensure({ uniqueid, linkedid: uniqueid, caller, enteredAt });
  calls.update(uniqueid, { lang, queue: config.queues[lang], intent: 'message', queuedAt: enteredAt, outcome: 'overflowed', endedAt: new Date().toISOString() });
  calls.appendPath(uniqueid, 'failsafe');
}

/** The line as the IVR sees it: call-backs, places, how full it is. */
export interface WaitingLine {
  book: CallbackService['book'];
  /** The place of one who has stood in the queue's line since `anchor`. */
  positionAt(queue: string, anchor: Date): number;
  /** The queue holds the most callers the line settings allow. */
  isFull(queue: string): boolean;
}

export function hotlineIvrServices(
  config: Config,
  registry: CaseRegistry,
  ivrStore: IvrRepository,
  log: Logger,
  line: WaitingLine,
  /** Whether the line is staffed at a moment (the admin's opening hours on the working calendar). */
  isOpen: (at: Date) => boolean,
  /** A message was kept (its transcription job is queued). */
  onMessageKept: () => void = () => {},
): IvrServices {
  const voicemail = new VoicemailService(config.dataDirectory, registry, ivrStore);
  return {
    messageMaxSeconds: config.messageMaxSeconds,
    isOpen,
    caseProgress(caseNumber) {
      const record = registry.byNumber(caseNumber);
      return record && { status: record.status, dueAt: record.dueAt, phone: record.callerPhone, confidential: record.confidential };
    },
    placeInLine(uniqueid, lang) {
      const queue = QUEUE_OF_LANGUAGE[lang];
      const queuedAt = ivrStore.callOf(uniqueid)?.queuedAt;
      if (queuedAt) return line.positionAt(queue, new Date(queuedAt));
      return line.isFull(queue) ? 'full' : 'end';
    },
    bookCallback(request) {
      const call = ivrStore.callOf(request.uniqueid);
      // From the queue the request stands where the caller stood: from the moment they joined the line.
      const keepsPlace = request.source === 'queue' && Boolean(call?.queuedAt);
      // The call-back serves what the caller called about (the menu choice), not the call-back itself.
      const intent = request.intent && request.intent !== 'callback' ? request.intent : (call?.intent && call.intent !== 'callback' ? call.intent : request.intent);
      line.book({ ...request, intent, callId: call?.id ?? null, anchor: keepsPlace ? new Date(call!.queuedAt!) : undefined });
      return { keepsPlace };
    },
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
      onMessageKept();
      // Kept under our data directory now: Asterisk's copy can go.
      await deleteStoredRecording(config.ari, message.recording.name).catch((error: unknown) =>
        log.warn({ err: error, recording: message.recording.name }, 'could not delete the recording from Asterisk'),
      );
      return stored;
    },
  };
}
