// Benchmark of voicemail transcription with PocketSphinx on this machine: 60-second telephone messages
// (human English speech from Debian's pocketsphinx-testdata, 8 kHz A-law, looped to a minute) through the
// server's own queue (concurrency 2, child processes), reporting messages per minute and the event loop's
// delay (p50/p99/max) while transcribing against the same loop idle — screen pops run on that loop.
// Usage: npm run bench:transcripts [-- --messages 8 --concurrency 2]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CaseRegistryRepository } from '../src/db/case-registry-repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { IvrRepository } from '../src/db/ivr-repository.ts';
import { TranscriptionRepository } from '../src/db/transcription-repository.ts';
import { createLogger } from '../src/log.ts';
import { PocketsphinxEngine } from '../src/stt/pocketsphinx-engine.ts';
import { TranscriptionQueue } from '../src/stt/transcription-queue.ts';
import { VoicemailService } from '../src/voicemail/voicemail-service.ts';
import { minuteOfSpeech } from './speech-fixture.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '2' } } });
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);

const work = mkdtempSync(join(tmpdir(), 'bench-stt-'));
const audio = minuteOfSpeech(work);

const db = openDatabase(join(work, 'bench.db'));
const voicemail = new VoicemailService(work, new CaseRegistryRepository(db), new IvrRepository(db));
for (let i = 0; i < MESSAGES; i++) {
  voicemail.keep({ uniqueid: `bench-${i}`, caller: '13900139000', lang: 'en', recording: { name: `hotline-msg-bench-${i}`, audio, durationMs: 60_000 } });
}

const percentiles = (histogram: ReturnType<typeof monitorEventLoopDelay>) =>
  `p50 ${(histogram.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms`;

const idle = monitorEventLoopDelay({ resolution: 10 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, 5_000));
idle.disable();

const store = new TranscriptionRepository(db);
const busy = monitorEventLoopDelay({ resolution: 10 });
const done = new Promise<void>((resolve) => {
  const queue = new TranscriptionQueue(store, () => new PocketsphinxEngine(), {
    dataDirectory: work,
    concurrency: CONCURRENCY,
    timeoutMs: 600_000,
    maxAttempts: 1,
    retryBaseMs: 1_000,
    log: createLogger('silent'),
    onFinished: () => {
      const counts = store.counts();
      if (counts.pending + counts.running === 0) {
        queue.stop();
        resolve();
      }
    },
  });
  busy.enable();
  queue.start();
});
const started = performance.now();
await done;
const seconds = (performance.now() - started) / 1000;
busy.disable();
const counts = store.counts();
process.stdout.write(
  `transcripts benchmark: ${MESSAGES} messages of 60 s (8 kHz A-law English speech), PocketSphinx, concurrency ${CONCURRENCY}, ${process.env.HOSTNAME ?? 'this machine'}\n` +
    `  done ${counts.done}, failed ${counts.failed}; ${seconds.toFixed(1)} s in all: ${((counts.done / seconds) * 60).toFixed(2)} messages per minute (${(seconds / MESSAGES * CONCURRENCY).toFixed(1)} s per message per worker)\n` +
    `  event-loop delay idle:                ${percentiles(idle)}\n` +
    `  event-loop delay while transcribing:  ${percentiles(busy)}\n`,
);
db.$client.close();
