// Voicemail transcripts: PocketSphinx on real human speech made telephone-band; the http engine against a
// real OpenAI-compatible server (tests/helpers/stt-server.ts) that answers, fails, refuses or hangs; the
// durable queue (retries with backoff, a timeout, a refused key failing at once, a corrupt file, jobs a
// killed server left running); and the transcript on its case: the draft's description, the trail, search.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import { IvrRepository } from '../../src/db/ivr-repository.ts';
import { TranscriptionRepository } from '../../src/db/transcription-repository.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { HttpEngine } from '../../src/stt/http-engine.ts';
import { PocketsphinxEngine } from '../../src/stt/pocketsphinx-engine.ts';
import { TranscriptionError, type Transcriber } from '../../src/stt/transcriber.ts';
import { TranscriptionQueue } from '../../src/stt/transcription-queue.ts';
import { VoicemailService } from '../../src/voicemail/voicemail-service.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { corruptFile, referenceWords, telephoneWav, wordOverlap } from '../helpers/speech-audio.ts';
import { startSttServer } from '../helpers/stt-server.ts';
import { unreachablePbxEnv } from '../helpers/test-config.ts';
import { freshDatabase } from '../helpers/test-db.ts';

const SPEECH = 'sense_and_sensibility_01_austen_64kb-0920';
const log = createLogger('silent');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A message kept the way the IVR keeps one (a case, the audio under the data directory, its job). */
function keepMessage(db: Db, dataDirectory: string, audioFile: string, lang: 'zh' | 'en' = 'en', name = `hotline-msg-${Math.random().toString(36).slice(2)}`) {
  const service = new VoicemailService(dataDirectory, new CaseRegistryRepository(db), new IvrRepository(db));
  const audio = readFileSync(audioFile);
  return service.keep({ uniqueid: `u-${name}`, caller: '13900139000', lang, recording: { name, audio, durationMs: Math.round(((audio.length - 44) / 16_000) * 1000) } });
}

const waitUntil = async <T,>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the speech configuration', () => {
  it('defaults to PocketSphinx for English and none for Mandarin, and names a wrong variable', () => {
    expect(loadConfig(unreachablePbxEnv).speech).toMatchObject({ engines: { en: 'pocketsphinx', zh: 'none' }, concurrency: 2 });
    expect(() => loadConfig({ ...unreachablePbxEnv, HOTLINE_STT_ZH: 'siri' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...unreachablePbxEnv, HOTLINE_STT_ZH: 'siri' })).toThrow(/^HOTLINE_STT_ZH: "siri" is not a speech engine/);
    expect(() => loadConfig({ ...unreachablePbxEnv, HOTLINE_STT_ZH: 'http' })).toThrow(/^HOTLINE_STT_HTTP_URL: missing/);
    expect(() => loadConfig({ ...unreachablePbxEnv, HOTLINE_STT_EN: 'whisper-cli', HOTLINE_STT_WHISPER_BIN: '/opt/w' })).toThrow(/^HOTLINE_STT_WHISPER_MODEL/);
    expect(() => loadConfig({ ...unreachablePbxEnv, HOTLINE_STT_CONCURRENCY: '0' })).toThrow(/^HOTLINE_STT_CONCURRENCY/);
  });
});

describe('PocketSphinx on telephone-band speech', () => {
  it('hears at least a floor of the reference words of a human recording made 8 kHz A-law', async () => {
    const transcript = await new PocketsphinxEngine().transcribe(telephoneWav(SPEECH), 'en', AbortSignal.timeout(60_000));
    const overlap = wordOverlap(referenceWords(SPEECH), transcript.text);
    process.stdout.write(`pocketsphinx, 8 kHz A-law: "${transcript.text}" — ${(overlap * 100).toFixed(0)} % of the reference words\n`);
    expect(transcript).toMatchObject({ engine: 'pocketsphinx' });
    expect(overlap).toBeGreaterThanOrEqual(0.3);
  }, 30_000);

  it('refuses a file that is not audio, for good, with the reason', async () => {
    const failure = await new PocketsphinxEngine().transcribe(corruptFile(), 'en', AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TranscriptionError);
    expect(failure).toMatchObject({ retry: false, message: expect.stringMatching(/^not readable audio/) });
  });
});

describe('the http engine', () => {
  it('sends the multipart request the OpenAI API defines, with the key, and takes the verbose_json answer', async () => {
    const server = await startSttServer([], { apiKey: 'sk-test-123' });
    cleanups.push(server.close);
    const transcript = await new HttpEngine(server.url, 'whisper-large-v3', 'sk-test-123').transcribe(telephoneWav(SPEECH), 'en', AbortSignal.timeout(60_000));
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({
      authorization: 'Bearer sk-test-123',
      contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
      fields: { model: 'whisper-large-v3', language: 'en', response_format: 'verbose_json' },
      file: { name: `${SPEECH}.wav`, type: 'audio/wav', bytes: expect.any(Number) },
      problems: [],
    });
    expect(transcript).toMatchObject({ engine: 'http', model: 'whisper-large-v3', segments: [{ startMs: 0, endMs: 1000 }] });
    expect(wordOverlap(referenceWords(SPEECH), transcript.text)).toBeGreaterThanOrEqual(0.3);
    expect(transcript.confidence).toBeCloseTo(Math.exp(-0.3));
  }, 30_000);

  it('says which failures are worth a retry: 500 and a dead server yes, 401 no', async () => {
    const server = await startSttServer([500, 401]);
    cleanups.push(server.close);
    const engine = new HttpEngine(server.url, 'm', null);
    const file = telephoneWav(SPEECH);
    await expect(engine.transcribe(file, 'en', AbortSignal.timeout(10_000))).rejects.toMatchObject({ retry: true, message: expect.stringMatching(/HTTP 500/) });
    await expect(engine.transcribe(file, 'en', AbortSignal.timeout(10_000))).rejects.toMatchObject({ retry: false, message: expect.stringMatching(/HTTP 401/) });
    await server.close();
    await expect(engine.transcribe(file, 'en', AbortSignal.timeout(10_000))).rejects.toMatchObject({ retry: true, message: expect.stringMatching(/could not be reached/) });
  });
});

describe('the http engine that never answers', () => {
  it('is stopped at the queue’s timeout, the job retried and then done, the server alive', async () => {
    const server = await startSttServer(['hang']);
    cleanups.push(server.close);
    const db = freshDatabase();
    const dataDirectory = mkdtempSync(join(tmpdir(), 'stt-hang-'));
    const outcomes: string[] = [];
    const queue = new TranscriptionQueue(new TranscriptionRepository(db), () => new HttpEngine(server.url, 'm', null), {
      dataDirectory, concurrency: 1, timeoutMs: 8_000, maxAttempts: 3, retryBaseMs: 50, pollMs: 20, log,
      onFinished: (_job, outcome, reason) => outcomes.push(reason ? `${outcome}: ${reason}` : outcome),
    });
    cleanups.push(() => queue.stop());
    keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    queue.start();
    await waitUntil('done', () => outcomes.includes('done'), 45_000).catch((error: Error) => { throw new Error(`${error.message}: ${JSON.stringify(outcomes)} ${server.received.length}`); });
    expect(outcomes).toEqual(['retry: http: timed out after 8000 ms', 'done']);
    expect(server.received).toHaveLength(2);
  }, 60_000);
});

describe('the transcription queue', () => {
  function setup(transcriber: Transcriber | null, options: { concurrency?: number; timeoutMs?: number; maxAttempts?: number } = {}) {
    const db = freshDatabase();
    const dataDirectory = mkdtempSync(join(tmpdir(), 'stt-queue-'));
    const store = new TranscriptionRepository(db);
    const outcomes: string[] = [];
    const queue = new TranscriptionQueue(store, () => transcriber, {
      dataDirectory,
      concurrency: options.concurrency ?? 2,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 3,
      retryBaseMs: 50,
      pollMs: 20,
      log,
      onFinished: (_job, outcome, reason) => outcomes.push(reason ? `${outcome}: ${reason}` : outcome),
    });
    cleanups.push(() => queue.stop());
    const voicemail = (id: number) => db.$client.prepare(`select transcript, transcript_status as status, transcript_error as error, transcript_engine as engine from voicemails where id = ?`).get(id) as {
      transcript: string | null; status: string; error: string | null; engine: string | null;
    };
    const job = (id: number) => db.$client.prepare(`select status, attempts, last_error as lastError from transcription_jobs where voicemail_id = ?`).get(id) as { status: string; attempts: number; lastError: string | null };
    return { db, dataDirectory, store, queue, outcomes, voicemail, job };
  }
  /** A scripted engine (faults only: the real engines are tested above): each call takes the next step. */
  const scripted = (steps: ('ok' | 'retryable' | 'final' | 'hang')[], calls: { at: number }[] = []): Transcriber => ({
    engine: 'scripted',
    model: 'm1',
    transcribe: (_file, _lang, signal) => {
      calls.push({ at: Date.now() });
      const step = steps.shift() ?? 'ok';
      if (step === 'ok') return Promise.resolve({ text: 'the kettle leaks', engine: 'scripted', model: 'm1' });
      if (step === 'retryable') return Promise.reject(new TranscriptionError('engine busy', true));
      if (step === 'final') return Promise.reject(new TranscriptionError('bad key', false));
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
  });

  it('makes one job per message, however often the message is imported', () => {
    const { db, dataDirectory, store } = setup(null);
    const file = telephoneWav(SPEECH);
    keepMessage(db, dataDirectory, file, 'en', 'hotline-msg-once');
    keepMessage(db, dataDirectory, file, 'en', 'hotline-msg-once');
    expect(store.enqueueRecording('hotline-msg-once', new Date().toISOString())).toBe(false);
    expect(store.counts()).toEqual({ pending: 1, running: 0, done: 0, failed: 0 });
  });

  it('retries with growing waits, then succeeds', async () => {
    const calls: { at: number }[] = [];
    const { db, dataDirectory, queue, voicemail, outcomes } = setup(scripted(['retryable', 'retryable', 'ok'], calls));
    keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    queue.start();
    await waitUntil('done', () => voicemail(1).status === 'done');
    expect(outcomes).toEqual(['retry: engine busy', 'retry: engine busy', 'done']);
    expect(voicemail(1)).toMatchObject({ transcript: 'the kettle leaks', engine: 'scripted' });
    // 50 ms, then 100 ms (exponential)
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(50);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(100);
  });

  it('fails at once, with the reason, what a retry cannot help — and gives up after the last attempt', async () => {
    const refused = setup(scripted(['final']));
    keepMessage(refused.db, refused.dataDirectory, telephoneWav(SPEECH));
    refused.queue.start();
    await waitUntil('failed', () => refused.voicemail(1).status === 'failed');
    expect(refused.voicemail(1).error).toBe('bad key');
    expect(refused.job(1)).toMatchObject({ status: 'failed', attempts: 1 });

    const busy = setup(scripted(['retryable', 'retryable', 'retryable', 'ok']), { maxAttempts: 3 });
    keepMessage(busy.db, busy.dataDirectory, telephoneWav(SPEECH));
    busy.queue.start();
    await waitUntil('failed', () => busy.voicemail(1).status === 'failed');
    expect(busy.job(1)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'engine busy' });
  });

  it('stops an engine that never answers at the timeout, says so, and survives', async () => {
    const { db, dataDirectory, queue, voicemail, outcomes } = setup(scripted(['hang', 'ok']), { timeoutMs: 100 });
    keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    queue.start();
    await waitUntil('done after the timeout', () => voicemail(1).status === 'done');
    expect(outcomes[0]).toBe('retry: scripted: timed out after 100 ms');
  });

  it('runs no more than `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    const slow: Transcriber = {
      engine: 'slow',
      model: 'm',
      transcribe: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        return { text: 'x', engine: 'slow', model: 'm' };
      },
    };
    const { db, dataDirectory, queue, store } = setup(slow, { concurrency: 2 });
    const file = telephoneWav(SPEECH);
    for (let i = 0; i < 6; i++) keepMessage(db, dataDirectory, file);
    queue.start();
    await waitUntil('all done', () => store.counts().done === 6);
    expect(most).toBe(2);
  });

  it('marks a message of a language without an engine untranscribed, visibly', async () => {
    const { db, dataDirectory, queue, voicemail } = setup(null);
    keepMessage(db, dataDirectory, telephoneWav(SPEECH), 'zh');
    queue.start();
    await waitUntil('untranscribed', () => voicemail(1).status === 'untranscribed');
  });

  it('fails a corrupt file with its reason and leaves the case otherwise untouched', async () => {
    const { db, dataDirectory, queue, voicemail } = setup(new PocketsphinxEngine());
    const { caseNumber } = keepMessage(db, dataDirectory, corruptFile());
    const before = db.$client.prepare('select * from cases where number = ?').get(caseNumber);
    queue.start();
    await waitUntil('failed', () => voicemail(1).status === 'failed');
    expect(voicemail(1).error).toMatch(/^not readable audio/);
    expect(db.$client.prepare('select * from cases where number = ?').get(caseNumber)).toEqual(before);
  });

  it('runs again a job a killed server left running', async () => {
    const { db, dataDirectory, queue, store, voicemail } = setup(scripted(['ok']));
    keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    store.claim(new Date().toISOString()); // the killed server's claim
    expect(store.counts().running).toBe(1);
    queue.start();
    await waitUntil('done', () => voicemail(1).status === 'done');
    expect(db.$client.prepare('select count(*) as n from transcription_jobs').get()).toEqual({ n: 1 });
  });
});

describe('a transcript on its case', () => {
  let hotline: Hotline | undefined;
  afterEach(async () => {
    await hotline?.stop();
    hotline = undefined;
  });

  it('fills the draft’s empty description, is in the trail, and is found by the registry’s search', async () => {
    const server = await startSttServer([500]);
    cleanups.push(server.close);
    const db = freshDatabase();
    const dataDirectory = mkdtempSync(join(tmpdir(), 'stt-case-'));
    const config = loadConfig({ ...unreachablePbxEnv, HOTLINE_DATA_DIR: dataDirectory, HOTLINE_STT_EN: 'http', HOTLINE_STT_HTTP_URL: server.url, HOTLINE_STT_RETRY_SECONDS: '1' });
    hotline = await createHotline(config, log, { db });
    const { caseNumber } = keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    // the wallboard shows the backlog
    expect(hotline.wall.kpiView().live.transcriptions).toEqual({ backlog: 1, failed: 0 });
    hotline.speech.queue.start();
    const record = await waitUntil('the description', () => new CaseRegistryRepository(db).byNumber(caseNumber)?.description || undefined, 60_000);
    // the first answer was a 500: tried again
    expect(server.received).toHaveLength(2);
    expect(wordOverlap(referenceWords(SPEECH), record)).toBeGreaterThanOrEqual(0.3);
    const id = (new CaseRegistryRepository(db).byNumber(caseNumber))!.id;
    expect(new CaseRegistryRepository(db).history(id).map((event) => event.action)).toEqual(['create', 'transcribed']);
    const word = record.split(' ').find((w) => w.length >= 4)!;
    // search finds it by a word the citizen said, even once an operator rewrites the description
    new CaseRegistryRepository(db).update(id, { description: '来电反映产品质量问题' });
    const found = new CaseRegistryRepository(db).search({ text: word, page: 1, pageSize: 10 });
    expect(found.items.map((item) => item.number)).toContain(caseNumber);
    const metrics = await hotline.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/hotline_transcription_jobs\{status="done"\} 1/);
    expect(metrics.body).toMatch(/hotline_transcriptions_total\{outcome="retry",lang="en"\} 1/);
    expect(hotline.wall.kpiView().live.transcriptions).toEqual({ backlog: 0, failed: 0 });
  }, 60_000);
});

describe('messages on the desk', () => {
  let hotline: Hotline | undefined;
  afterEach(async () => {
    await hotline?.stop();
    hotline = undefined;
  });

  it('lists them with their transcript, plays the audio by id in ranges, and keeps an operator’s correction beside the engine’s text', async () => {
    const db = freshDatabase();
    const dataDirectory = mkdtempSync(join(tmpdir(), 'stt-desk-'));
    hotline = await createHotline(loadConfig({ ...unreachablePbxEnv, HOTLINE_DATA_DIR: dataDirectory, HOTLINE_STT_EN: 'none' }), log, { db });
    const { addUser } = await import('../helpers/test-db.ts');
    await addUser(db, { username: 'op1001', role: 'operator', extension: '1001' });
    await addUser(db, { username: 'handler1', role: 'handler' });
    const token = async (username: string) => (await hotline!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'correct-horse' } })).json().token as string;
    const as = async (username: string) => ({ authorization: `Bearer ${await token(username)}` });
    const operator = await as('op1001');
    const { caseNumber } = keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    hotline.speech.queue.start();
    await waitUntil('untranscribed', () => (db.$client.prepare(`select transcript_status as s from voicemails`).get() as { s: string }).s === 'untranscribed');

    const list = await hotline.app.inject({ method: 'GET', url: '/api/voicemails', headers: operator });
    expect(list.json().voicemails).toEqual([expect.objectContaining({ id: 1, caseNumber, lang: 'en', transcriptStatus: 'untranscribed', transcript: null, audio: '/api/voicemails/1/audio' })]);
    expect(list.json().voicemails[0]).not.toHaveProperty('file');
    const range = await hotline.app.inject({ method: 'GET', url: '/api/voicemails/1/audio', headers: { ...operator, range: 'bytes=0-99' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    // Who heard a citizen's voice is in the audit log.
    expect(hotline.audit.search({ action: 'message-played' }, 1, 10).entries).toEqual([
      expect.objectContaining({ action: 'message-played', actor: expect.objectContaining({ username: 'op1001' }), details: expect.objectContaining({ voicemailId: 1, caseNumber, range: 'bytes=0-99' }) }),
    ]);
    expect((await hotline.app.inject({ method: 'GET', url: '/api/voicemails/..%2F..%2Fhotline.db/audio', headers: operator })).statusCode).toBe(400);
    expect((await hotline.app.inject({ method: 'GET', url: '/api/voicemails/9/audio', headers: operator })).statusCode).toBe(404);
    expect((await hotline.app.inject({ method: 'GET', url: '/api/voicemails', headers: await as('handler1') })).statusCode).toBe(403);

    const empty = await hotline.app.inject({ method: 'PUT', url: '/api/voicemails/1/transcript', headers: operator, payload: { text: '   ' } });
    expect(empty.statusCode).toBe(400);
    const corrected = await hotline.app.inject({ method: 'PUT', url: '/api/voicemails/1/transcript', headers: operator, payload: { text: 'had he married a more amiable woman' } });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().voicemail).toMatchObject({ transcriptCorrected: 'had he married a more amiable woman', transcript: null });
    const registry = new CaseRegistryRepository(db);
    expect(registry.history(registry.byNumber(caseNumber)!.id).at(-1)).toMatchObject({ action: 'transcript-corrected', details: { after: 'had he married a more amiable woman' } });
    expect(registry.search({ text: 'amiable', page: 1, pageSize: 5 }).items.map((item) => item.number)).toEqual([caseNumber]);
  });
});

describe('a server killed during a transcription', () => {
  it('transcribes the message after the restart, exactly once', async () => {
    const { openDatabase } = await import('../../src/db/database.ts');
    const { startServerProcess } = await import('../helpers/server-process.ts');
    const server = await startSttServer(['hang']);
    cleanups.push(server.close);
    const dataDirectory = mkdtempSync(join(tmpdir(), 'stt-kill-'));
    const databaseFile = join(dataDirectory, 'hotline.db');
    const db = openDatabase(databaseFile);
    cleanups.push(() => void db.$client.close());
    const { caseNumber } = keepMessage(db, dataDirectory, telephoneWav(SPEECH));
    const env = { ...unreachablePbxEnv, HOTLINE_DB: databaseFile, HOTLINE_DATA_DIR: dataDirectory, HOTLINE_STT_EN: 'http', HOTLINE_STT_HTTP_URL: server.url };
    const first = await startServerProcess(env);
    cleanups.push(async () => void (await first.stop('SIGKILL')));
    // the engine has the message and never answers; the job is running when the server is killed
    await waitUntil('the engine busy with it', () => server.received.length === 1, 20_000);
    expect(db.$client.prepare(`select status from transcription_jobs`).get()).toEqual({ status: 'running' });
    expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');
    const second = await startServerProcess(env);
    cleanups.push(async () => void (await second.stop()));
    await waitUntil('transcribed after the restart', () => (db.$client.prepare(`select transcript_status as s from voicemails`).get() as { s: string }).s === 'done', 60_000);
    // (the server's log is written asynchronously: wait for the line)
    await waitUntil('the reclaim logged', () => second.logged(/transcriptions left running by a stopped server/).length === 1, 10_000);
    expect(db.$client.prepare(`select count(*) as n from transcription_jobs`).get()).toEqual({ n: 1 });
    const registry = new CaseRegistryRepository(db);
    expect(registry.history(registry.byNumber(caseNumber)!.id).filter((event) => event.action === 'transcribed')).toHaveLength(1);
    expect(wordOverlap(referenceWords(SPEECH), registry.byNumber(caseNumber)!.description ?? '')).toBeGreaterThanOrEqual(0.3);
  }, 90_000);
});

describe('an engine that is not installed', () => {
  it('fails the job at once, saying what to install, instead of retrying', async () => {
    const failure = await new PocketsphinxEngine('/nonexistent/pocketsphinx_continuous').transcribe(telephoneWav(SPEECH), 'en', AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ retry: false, message: expect.stringMatching(/is not installed here \(apt-get install pocketsphinx pocketsphinx-en-us\)/) });
  });
});
