// The ports call control works through: the PBX that carries out each action, the store of click-to-call
// records and transfers, and the links to the line's call records and cases.
import type { ListedChannel, TransferTarget } from './call-control-model.ts';

export interface Operator {
  userId: number;
  extension: string | null;
}

/** What call control asks of the PBX; every method rejects with a CallControlError (503 / 504) when Asterisk does not do it. */
export interface CallControlPbx {
  readonly connected: boolean;
  /** The operator's phone first (`channelId` becomes its Uniqueid), then the citizen through the trunk. */
  dialOut(call: { extension: string; number: string; channelId: string }): Promise<void>;
  hold(operatorChannel: string): Promise<void>;
  resume(operatorChannel: string): Promise<void>;
  blindTransfer(operatorChannel: string, citizenChannel: string, target: TransferTarget): Promise<void>;
  consult(operatorChannel: string, target: TransferTarget): Promise<void>;
  conference(operatorChannel: string): Promise<void>;
  complete(operatorChannel: string): Promise<void>;
  cancelConsult(operatorChannel: string): Promise<void>;
  hangUp(channel: string): Promise<void>;
  listChannels(): Promise<ListedChannel[]>;
}

export interface DialOutRecord {
  id: number;
  userId: number;
  extension: string;
  number: string;
  caseId: number | null;
  operatorUniqueid: string;
  outcome: string;
}

export interface CallControlStore {
  createDialOut(row: { userId: number; extension: string; number: string; caseId: number | null; operatorUniqueid: (id: number) => string }): DialOutRecord;
  dialOutByOperatorUniqueid(uniqueid: string): DialOutRecord | undefined;
  updateDialOut(id: number, changes: { outcome?: string; dialStatus?: string; answeredAt?: string; endedAt?: string }): void;
  recordTransfer(row: { userId: number; action: string; target: TransferTarget | null; citizenUniqueid: string | null; callId: number | null; dialOutId: number | null; caseId: number | null }): void;
}

/** The line's records a call is linked to: its call record and case. */
export interface CallLinks {
  inboundCall(citizenUniqueid: string): { callId: number; caseId: number | null } | undefined;
  caseNumber(caseId: number): string | null;
  /** An entry in the case's trail (history). */
  note(caseId: number, userId: number, action: string, details: Record<string, unknown>): void;
}
