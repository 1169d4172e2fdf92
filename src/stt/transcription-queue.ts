// The transcription queue: every message's job runs on its language's engine, `concurrency` at once, each
// limited to `timeoutMs`; a failure that retrying can help is retried with exponential backoff up to
// `maxAttempts`, one that cannot (not audio, a refused key) fails at once with its reason. Jobs live in the
// database: a killed server finds its running jobs at the next start and runs them again.
import { join } from 'node:path';
import type { Language } from '../config.ts';
import type { TranscriptionJob, TranscriptionRepository } from '../db/transcription-repository.ts';
import type { Logger } from '../log.ts';
import { TranscriptionError, type Transcriber, type Transcript } from './transcriber.ts';

export interface TranscriptionOptions {
  dataDirectory: string;
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  log: Logger;
  now?: () => Date;
  /** How often due jobs are looked for (retries coming due); a new message starts at once anyway. */
  pollMs?: number;
  /** Puts the transcript on its case, in the transaction that marks the job done. */
  applyToCase?: (job: TranscriptionJob, transcript: Transcript) => void;
  /** After it is stored (tell the desks). */
  onTranscribed?: (job: TranscriptionJob, transcript: Transcript) => void;
  onFinished?: (job: TranscriptionJob, outcome: 'done' | 'failed' | 'untranscribed' | 'retry', reason?: string) => void;
}

export class TranscriptionQueue {
  #running = new Map<number, AbortController>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  readonly #now: () => Date;

  constructor(
    private readonly store: TranscriptionRepository,
    private readonly transcriberOf: (lang: Language) => Transcriber | null,
    private readonly options: TranscriptionOptions,
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  get running(): number {
    return this.#running.size;
  }

  start(): void {
    this.#stopped = false;
    const reclaimed = this.store.reclaim(this.#now().toISOString());
    if (reclaimed > 0) this.options.log.warn({ reclaimed }, 'transcriptions left running by a stopped server: queued again');
    this.#timer = setInterval(() => this.kick(), this.options.pollMs ?? 1_000);
    this.#timer.unref();
    this.kick();
  }

  /** A new message, or a free slot: start what is due. */
  kick(): void {
    if (this.#stopped) return;
    while (this.#running.size < this.options.concurrency) {
      let job: TranscriptionJob | undefined;
      try {
        job = this.store.claim(this.#now().toISOString());
      } catch (error) {
        this.options.log.error({ err: error }, 'could not read the transcription queue; trying again shortly');
        return;
      }
      if (!job) return;
      void this.#run(job);
    }
  }

  async #run(job: TranscriptionJob): Promise<void> {
    const log = this.options.log.child({ voicemailId: job.voicemailId, caseId: job.caseId, attempt: job.attempts });
    const transcriber = this.transcriberOf(job.lang);
    if (!transcriber) {
      this.store.untranscribed(job, this.#now().toISOString());
      log.info({ lang: job.lang }, 'no speech engine for the language: the message stays untranscribed');
      this.options.onFinished?.(job, 'untranscribed');
      return;
    }
    const controller = new AbortController();
    this.#running.set(job.jobId, controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    const started = performance.now();
    try {
      const transcript = await transcriber.transcribe(join(this.options.dataDirectory, job.file), job.lang, controller.signal);
      if (this.#stopped) return;
      const tookMs = Math.round(performance.now() - started);
      this.store.done(job, transcript, tookMs, this.#now().toISOString(), () => this.options.applyToCase?.(job, transcript));
      log.info({ engine: transcript.engine, chars: transcript.text.length, tookMs }, 'message transcribed');
      this.options.onFinished?.(job, 'done');
      try {
        this.options.onTranscribed?.(job, transcript);
      } catch (error) {
        log.error({ err: error }, 'could not put the transcript on its case');
      }
    } catch (error) {
      if (this.#stopped) return;
      const reason = controller.signal.aborted ? `${transcriber.engine}: timed out after ${this.options.timeoutMs} ms` : (error as Error).message;
      const retry = controller.signal.aborted || !(error instanceof TranscriptionError) || error.retry;
      try {
        if (retry && job.attempts < this.options.maxAttempts) {
          const delay = this.options.retryBaseMs * 2 ** (job.attempts - 1);
          this.store.retry(job, reason, new Date(this.#now().getTime() + delay).toISOString());
          log.warn({ reason, retryInMs: delay }, 'transcription failed; trying again later');
          this.options.onFinished?.(job, 'retry', reason);
        } else {
          this.store.fail(job, reason, this.#now().toISOString());
          log.error({ reason, attempts: job.attempts }, 'transcription failed for good; the message stays with its audio');
          this.options.onFinished?.(job, 'failed', reason);
        }
      } catch (storeError) {
        // The job stays running in the database; the next start reclaims it.
        log.error({ err: storeError, reason }, 'could not record a failed transcription; it runs again at the next start');
      }
    } finally {
      clearTimeout(timer);
      this.#running.delete(job.jobId);
      this.kick();
    }
  }

  /** Stops taking jobs; those running are aborted and put back (the next start runs them). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    const now = this.#now().toISOString();
    for (const [jobId, controller] of this.#running) {
      controller.abort(new Error('the server is stopping'));
      try {
        this.store.release(jobId, now);
      } catch (error) {
        this.options.log.warn({ err: error, jobId }, 'could not put back a running transcription; the next start reclaims it');
      }
    }
    this.#running.clear();
  }
}
