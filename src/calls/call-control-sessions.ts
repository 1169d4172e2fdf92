// The operators' calls as Asterisk has them: one session per operator's phone that carries a call, followed
// from the mirror of channels and bridges (who the citizen is, a consult under way, a three-way, a hold),
// and the state each desk is shown.
import { ChannelMirror, extensionOfChannel, type MirroredChannel } from './call-control-channels.ts';
import type { CallControlState, ChannelEvent, ListedChannel, TransferTarget } from './call-control-model.ts';

export const DIAL_OUT_CHANNEL_PREFIX = 'hotline-dialout-';

export interface Session {
  extension: string;
  operatorUniqueid: string;
  citizenUniqueid: string | null;
  citizenNumber: string;
  direction: 'inbound' | 'outbound';
  callId: number | null;
  caseId: number | null;
  dialOutId: number | null;
  held: boolean;
  consult: TransferTarget | null;
}

/** What a session is linked to: a click-to-call's record, or a citizen's call record and case. */
export interface SessionRecords {
  dialOutByOperatorUniqueid(uniqueid: string): { id: number; number: string; caseId: number | null } | undefined;
  inboundCall(citizenUniqueid: string): { callId: number; caseId: number | null } | undefined;
  caseNumber(caseId: number): string | null;
}

export class OperatorCalls {
  readonly mirror = new ChannelMirror();
  readonly #sessions = new Map<string, Session>();
  /**
   * A session's case number, read once: a number never changes, and stateOf runs for every session on every
   * channel event (a database read each time was ≈ 2 ms of a queue call's event handling, bench:load).
   */
  readonly #caseNumbers = new WeakMap<Session, { caseId: number; number: string }>();

  constructor(private readonly records: SessionRecords) {}

  session(extension: string): Session | undefined {
    return this.#sessions.get(extension);
  }

  extensions(): string[] {
    return [...this.#sessions.keys()];
  }

  /** What Asterisk lists now replaces everything remembered. */
  replace(channels: ListedChannel[]): void {
    this.mirror.replace(channels);
    this.#sessions.clear();
    this.reconcile();
  }

  clear(): void {
    this.mirror.clear();
    this.#sessions.clear();
  }

  /**
   * The operators whose session an event can change, as the mirror stands (asked before and after the event is
   * applied): the phone of the channel it names, every phone in a bridge with that channel, and every session that
   * names it as the operator's leg or the citizen. Undefined for an event naming no one channel (a transfer's
   * summary): then everyone. Reconciling every session on every event cost O(operators) per event, O(calls²) under
   * load (bench:load, C = 200: 1.3 s event-loop stalls).
   */
  affected(event: ChannelEvent, into: Set<string> | undefined = new Set()): Set<string> | undefined {
    if (!into || !('uniqueid' in event)) return undefined;
    const uniqueids = event.type === 'dial-end' ? [event.uniqueid, event.destUniqueid] : [event.uniqueid];
    for (const uniqueid of uniqueids) {
      const channel = this.mirror.channel(uniqueid);
      if (!channel) continue;
      const own = extensionOfChannel(channel.name);
      if (own) into.add(own);
      for (const peer of this.mirror.bridgeMembers(channel.bridgeId, uniqueid)) {
        const extension = extensionOfChannel(peer.name);
        if (extension) into.add(extension);
      }
    }
    for (const session of this.#sessions.values()) {
      if (uniqueids.includes(session.operatorUniqueid) || (session.citizenUniqueid !== null && uniqueids.includes(session.citizenUniqueid))) into.add(session.extension);
    }
    return into;
  }

  /** Follows the mirror (for `only` these operators, else all): a new call on an operator's phone, the citizen found, a consult or hold over. */
  reconcile(only?: ReadonlySet<string>): void {
    const extensions = only ?? new Set([...this.mirror.extensions(), ...this.#sessions.keys()]);
    for (const extension of extensions) {
      const operatorChannel = this.mirror.operatorChannel(extension);
      let session = this.#sessions.get(extension);
      if (!operatorChannel) {
        this.#sessions.delete(extension);
        continue;
      }
      if (session && session.operatorUniqueid !== operatorChannel.uniqueid) session = undefined;
      if (!session) {
        session = this.#newSession(extension, operatorChannel);
        if (!session) {
          this.#sessions.delete(extension);
          continue;
        }
        this.#sessions.set(extension, session);
      }
      const citizen = session.citizenUniqueid ? this.mirror.channel(session.citizenUniqueid) : undefined;
      if (!citizen && !session.consult) {
        const other = this.mirror.bridgeMembers(operatorChannel.bridgeId, operatorChannel.uniqueid)[0];
        if (other) {
          session.citizenUniqueid = other.uniqueid;
          if (session.direction === 'inbound' && !session.citizenNumber) session.citizenNumber = other.callerNumber;
        }
      }
      // Back in the citizen's bridge: a consult is over (cancelled, joined, or the target hung up).
      if (session.consult && citizen?.bridgeId && operatorChannel.bridgeId === citizen.bridgeId) session.consult = null;
      if (session.held && !citizen?.moh) session.held = false;
    }
  }

  /** An operator's leg that carries a call: a click-to-call of ours, or a bridged call (a queue call, an internal call). */
  #newSession(extension: string, operatorChannel: MirroredChannel): Session | undefined {
    const base = { extension, operatorUniqueid: operatorChannel.uniqueid, held: false, consult: null };
    if (operatorChannel.uniqueid.startsWith(DIAL_OUT_CHANNEL_PREFIX)) {
      const record = this.records.dialOutByOperatorUniqueid(operatorChannel.uniqueid);
      if (!record) return undefined;
      return { ...base, citizenUniqueid: null, citizenNumber: record.number, direction: 'outbound', callId: record.id, caseId: record.caseId, dialOutId: record.id };
    }
    const other = this.mirror.bridgeMembers(operatorChannel.bridgeId, operatorChannel.uniqueid)[0];
    if (!other) return undefined;
    const call = this.records.inboundCall(other.uniqueid);
    return {
      ...base,
      citizenUniqueid: other.uniqueid,
      citizenNumber: other.callerNumber,
      direction: 'inbound',
      callId: call?.callId ?? null,
      caseId: call?.caseId ?? null,
      dialOutId: null,
    };
  }

  stateOf(session: Session): CallControlState {
    const operatorChannel = this.mirror.channel(session.operatorUniqueid);
    const citizen = session.citizenUniqueid ? this.mirror.channel(session.citizenUniqueid) : undefined;
    const bridged = Boolean(operatorChannel?.bridgeId && citizen?.bridgeId === operatorChannel.bridgeId);
    let consult: CallControlState['consult'] = null;
    if (session.consult && operatorChannel?.bridgeId && !bridged) {
      const party = this.mirror.bridgeMembers(operatorChannel.bridgeId, operatorChannel.uniqueid)[0];
      consult = { target: session.consult, state: party?.state === 'up' ? 'talking' : 'dialling' };
    }
    return {
      callId: session.callId,
      direction: session.direction,
      caseNumber: this.#caseNumberOf(session),
      citizen: session.citizenNumber,
      state: citizen ? 'talking' : 'dialling',
      held: session.held && !consult,
      consult,
      conference: bridged && this.mirror.bridgeMembers(operatorChannel!.bridgeId, operatorChannel!.uniqueid).length >= 2,
    };
  }

  #caseNumberOf(session: Session): string | null {
    if (session.caseId === null) return null;
    const known = this.#caseNumbers.get(session);
    if (known?.caseId === session.caseId) return known.number;
    const number = this.records.caseNumber(session.caseId);
    if (number !== null) this.#caseNumbers.set(session, { caseId: session.caseId, number });
    return number;
  }
}
