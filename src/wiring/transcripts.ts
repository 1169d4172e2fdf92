// Voicemail transcripts, wired: the queue on the configured engines, the transcript put on its case (the
// description of a draft that has none, an event in the trail), every desk told, the backlog on /metrics.
import type { CaseRegistry } from '../cases/case-registry.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { TranscriptionRepository } from '../db/transcription-repository.ts';
import type { Logger } from '../log.ts';
import type { HotlineMetrics } from '../metrics.ts';
import type { TranscribedMessage } from '../realtime/desk-events.ts';
import { transcribers } from '../stt/engines.ts';
import { TranscriptionQueue } from '../stt/transcription-queue.ts';

export function transcripts(deps: { config: Config; db: Db; log: Logger; registry: CaseRegistry; metrics: HotlineMetrics; notify: (message: TranscribedMessage) => void }) {
  const { config, db, registry, metrics } = deps;
  const log = deps.log.child({ component: 'transcripts' });
  const store = new TranscriptionRepository(db);
  const engines = transcribers(config.speech);
  const finished = metrics.counter('hotline_transcriptions_total', 'Transcription attempts that ended, by outcome (done, retry, failed, untranscribed) and language', ['outcome', 'lang']);
  metrics.gauge('hotline_transcription_jobs', 'Transcription jobs by status now (pending is the backlog)', ['status'], () =>
    Object.entries(store.counts()).map(([status, value]) => ({ labels: { status }, value })),
  );
  metrics.gauge('hotline_transcription_oldest_pending_seconds', 'How long the oldest due transcription has waited', [], () => [
    { labels: {}, value: store.oldestPendingSeconds(new Date().toISOString()) },
  ]);
  const queue = new TranscriptionQueue(store, (lang) => engines[lang], {
    dataDirectory: config.dataDirectory,
    concurrency: config.speech.concurrency,
    timeoutMs: config.speech.timeoutSeconds * 1000,
    maxAttempts: config.speech.maxAttempts,
    retryBaseMs: config.speech.retryBaseSeconds * 1000,
    log,
    onFinished: (job, outcome) => finished({ outcome, lang: job.lang }),
    applyToCase: (job, transcript) => {
      const found = registry.byId(job.caseId);
      if (!found) return;
      // What the citizen said becomes the draft's description, unless an operator has written one.
      const text = transcript.text.trim();
      if (text && found.status === 'draft' && !found.description) registry.update(found.id, { description: text });
      registry.appendEvent(found.id, {
        action: 'transcribed',
        fromStatus: found.status,
        toStatus: found.status,
        actorUserId: null,
        details: { voicemailId: job.voicemailId, engine: transcript.engine, model: transcript.model, chars: text.length },
      });
    },
    onTranscribed: (job, transcript) => {
      const record = registry.byId(job.caseId);
      if (record) deps.notify({ caseNumber: record.number, voicemailId: job.voicemailId, lang: job.lang, transcript: transcript.text, engine: transcript.engine });
    },
  });
  return { queue, store };
}
