declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';
  export interface AriEvent {
    type: string;
    application?: string;
    timestamp?: string;
    [field: string]: unknown;
  }
  /** POST /channels/{channelId}/record. */
  export interface AriRecordParams {
    channelId: string;
    name: string;
    format: string;
    maxDurationSeconds?: number;
    maxSilenceSeconds?: number;
    beep?: boolean;
    terminateOn?: string;
    ifExists?: 'fail' | 'overwrite' | 'append';
  }
  export interface AriClient extends EventEmitter {
    start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
    stop(): void;
    channels: {
      list(): Promise<unknown[]>;
      play(params: { channelId: string; media: string | string[]; playbackId?: string; lang?: string }): Promise<unknown>;
      setChannelVar(params: { channelId: string; variable: string; value: string }): Promise<void>;
      continueInDialplan(params: { channelId: string; context?: string; extension?: string; priority?: number; label?: string }): Promise<void>;
      hangup(params: { channelId: string; reason?: string }): Promise<void>;
      snoopChannel(params: { channelId: string; app: string; appArgs?: string; spy?: 'none' | 'in' | 'out' | 'both'; whisper?: 'none' | 'in' | 'out' | 'both'; snoopId?: string }): Promise<unknown>;
      record(params: AriRecordParams): Promise<unknown>;
    };
    playbacks: { stop(params: { playbackId: string }): Promise<void> };
    recordings: { getLive(params: { recordingName: string }): Promise<{ name: string; state: string }> };
  }
  export function connect(baseUrl: string, user: string, pass: string): Promise<AriClient>;
  const ari: { connect: typeof connect };
  export default ari;
}
