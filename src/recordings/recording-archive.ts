// Call recordings: Asterisk records every answered queue call (queues.conf monitor-format, MixMonitor of both
// parties) as hotline-call-<caller's uniqueid>.wav; once the call is over the server keeps it under the data
// directory like a message (fsync, rename, checksum), registers it with its call, operator and case, and only
// then has Asterisk delete its copy. A sweep picks up what a crash or a restart left in Asterisk. Audio older
// than the retention days is removed, and the audit trail says so.
import { unlinkSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queues/queue-events.ts';
import { keepPartialAudio } from '../voicemail/message-archive.ts';

export const CALL_RECORDING_PREFIX = 'hotline-call-';

export interface CallRecording {
  id: number;
  recordingName: string;
  callId: number;
  caseId: number | null;
  agentUserId: number | null;
  file: string | null;
  sha256: string;
  bytes: number;
  durationMs: number;
  recordedAt: string;
  deletedAt: string | null;
  uniqueid: string;
  caller: string;
  queue: string | null;
  caseNumber: string | null;
}

export interface RecordingStore {
  byName(name: string): CallRecording | undefined;
  callOf(uniqueid: string): { callId: number; agentUserId: number | null; caseId: number | null } | undefined;
  insert(row: { recordingName: string; callId: number; caseId: number | null; agentUserId: number | null; file: string; sha256: string; bytes: number; durationMs: number }): CallRecording;
  expired(beforeIso: string, limit: number): CallRecording[];
  markDeleted(id: number, atIso: string): void;
}

/** Asterisk's stored recordings (ARI). */
export interface StoredRecordings {
  /** Streams the recording into `file`: its bytes, or null while Asterisk has none by that name. */
  download(name: string, file: string): Promise<number | null>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
  channelExists(uniqueid: string): Promise<boolean>;
}

/** 8 kHz, 16-bit mono WAV after its 44-byte header. */
const durationMs = (bytes: number) => Math.max(0, Math.round(((bytes - 44) / 16_000) * 1000));

export class RecordingArchive {
  #scheduled = new Set<string>();
  /** Recordings of calls this server has no record of, said once each (they stay in Asterisk for an admin). */
  #orphans = new Set<string>();

  constructor(
    private readonly dataDirectory: string,
    private readonly store: RecordingStore,
    private readonly asterisk: StoredRecordings,
    private readonly audit: { record(entry: { actorUserId: number | null; action: string; details?: Record<string, unknown> }): void },
    private readonly log: Logger,
    private readonly retryMs = 1_000,
  ) {}

  /** A queue call ended: its recording is archived once Asterisk has closed the file. */
  handle(event: QueueEvent): void {
    if (event.type !== 'agent-completed') return;
    this.schedule(event.uniqueid);
  }

  schedule(uniqueid: string, attempt = 1): void {
    if (this.#scheduled.has(uniqueid) && attempt === 1) return;
    this.#scheduled.add(uniqueid);
    const timer = setTimeout(() => {
      this.archive(uniqueid).then(
        (done) => {
          if (done !== 'not-yet') this.#scheduled.delete(uniqueid);
          else if (attempt < 10) this.schedule(uniqueid, attempt + 1);
          else {
            this.#scheduled.delete(uniqueid);
            this.log.warn({ uniqueid }, 'call recording not found in Asterisk yet; the sweep looks again');
          }
        },
        (error: unknown) => {
          this.#scheduled.delete(uniqueid);
          this.log.error({ err: error, uniqueid }, 'could not archive a call recording; the sweep tries again');
        },
      );
    }, this.retryMs * attempt);
    timer.unref();
  }

  /** Keeps one call's recording; 'not-yet' while Asterisk has no (closed) file for it. */
  async archive(uniqueid: string): Promise<'archived' | 'already' | 'not-yet' | 'no-call'> {
    const name = `${CALL_RECORDING_PREFIX}${uniqueid}`;
    if (this.store.byName(name)) {
      await this.asterisk.remove(name);
      return 'already';
    }
    // Streamed to disk, never held whole: a Buffer per recording kept the server's memory growing under load.
    const relativeFile = join('recordings', new Date().toISOString().slice(0, 10), `${name}.wav`);
    const partial = join(this.dataDirectory, `${relativeFile}.partial`);
    await mkdir(dirname(partial), { recursive: true });
    let archived;
    try {
      const bytes = await this.asterisk.download(name, partial);
      if (bytes === null) return 'not-yet';
      // A header only: still being written, or a call in which nobody's phone sent a sound (kept all the same).
      if (bytes <= 44 && (await this.asterisk.channelExists(uniqueid))) return 'not-yet';
      const call = this.store.callOf(uniqueid);
      if (!call) {
        if (!this.#orphans.has(name)) this.log.warn({ recording: name }, 'call recording of a call the server has no record of: left in Asterisk');
        this.#orphans.add(name);
        return 'no-call';
      }
      // A call cut by a crash of Asterisk keeps zero sizes in its header: set from its length, like a message's.
      archived = { call, ...(await keepPartialAudio(this.dataDirectory, relativeFile)) };
    } finally {
      await rm(partial, { force: true }); // gone once kept (renamed); what a failed or refused download left
    }
    const { call, ...audio } = archived;
    const row = this.store.insert({ recordingName: name, callId: call.callId, caseId: call.caseId, agentUserId: call.agentUserId, ...audio, durationMs: durationMs(audio.bytes) });
    this.log.info({ recording: name, callId: call.callId, caseId: call.caseId, sha256: audio.sha256, durationMs: row.durationMs }, 'call recording archived');
    // Kept and registered here: Asterisk's copy can go.
    await this.asterisk.remove(name).catch((error: unknown) => this.log.warn({ err: error, recording: name }, 'could not delete the call recording from Asterisk'));
    return 'archived';
  }

  /** Calls the server has just learnt of (the ledger of answered calls): their recordings are no orphans now. */
  adopt(uniqueids: string[]): void {
    for (const uniqueid of uniqueids) {
      this.#orphans.delete(`${CALL_RECORDING_PREFIX}${uniqueid}`);
      this.schedule(uniqueid);
    }
  }

  /** Recordings Asterisk still holds of calls that are over (a crash, a restart, an ARI outage): archived now. */
  async sweep(): Promise<number> {
    let archived = 0;
    for (const name of await this.asterisk.list()) {
      if (!name.startsWith(CALL_RECORDING_PREFIX)) continue;
      const uniqueid = name.slice(CALL_RECORDING_PREFIX.length);
      if (this.#scheduled.has(uniqueid) || this.#orphans.has(name) || (await this.asterisk.channelExists(uniqueid))) continue;
      if ((await this.archive(uniqueid)) === 'archived') {
        archived++;
        this.log.warn({ recording: name }, 'call recording left in Asterisk: archived by the sweep');
      }
    }
    return archived;
  }

  /** Removes audio kept longer than `retentionDays`; each removal is in the audit trail. */
  expire(retentionDays: number, now = new Date()): number {
    const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    let removed = 0;
    for (const recording of this.store.expired(before, 500)) {
      if (recording.file) {
        try {
          unlinkSync(join(this.dataDirectory, recording.file));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            this.log.error({ err: error, recording: recording.recordingName }, 'could not remove expired call recording audio');
            continue;
          }
        }
      }
      this.store.markDeleted(recording.id, now.toISOString());
      this.audit.record({
        actorUserId: null,
        action: 'recording-expired',
        details: { recordingId: recording.id, recording: recording.recordingName, callId: recording.callId, caseId: recording.caseId, sha256: recording.sha256, retentionDays },
      });
      removed++;
    }
    if (removed > 0) this.log.info({ removed, retentionDays }, 'expired call recordings removed');
    return removed;
  }
}
