// Call control for the operator desk: click-to-call, hold / resume, blind transfer, consult with three-way,
// hand-over or cancel. Asterisk is the truth: each action is sent through the PBX port and answers only
// when Asterisk's events confirm it (or fails with 503 / 504 and why); the operator's state is derived from
// the mirror of Asterisk's channels and bridges, never from what was asked.
import type { MirroredChannel } from './call-control-channels.ts';
import { Confirmations, type Confirmation } from './call-control-confirmations.ts';
import { DIAL_OUT_CHANNEL_PREFIX, OperatorCalls, type Session } from './call-control-sessions.ts';
import { dialOutAllowed } from './call-control-dial-out.ts';
import type { CallControlPbx, CallControlStore, CallLinks, Operator } from './call-control-ports.ts';
import { CallControlError, describeTarget, type CallControlState, type ChannelEvent, type ListedChannel, type TransferTarget } from './call-control-model.ts';

export class CallControlService {
  readonly calls: OperatorCalls;
  #sent = new Map<string, string>();
  readonly #confirmations: Confirmations;

  constructor(
    private readonly pbx: CallControlPbx,
    private readonly store: CallControlStore,
    private readonly links: CallLinks,
    private readonly options: {
      confirmTimeoutMs: number;
      dialOutPatterns: () => readonly string[];
      userOfExtension: (extension: string) => number | undefined;
      notify: (userId: number, state: CallControlState | null) => void;
      log: { warn: (fields: object, message: string) => void; info: (fields: object, message: string) => void };
    },
  ) {
    this.#confirmations = new Confirmations(options.confirmTimeoutMs);
    this.calls = new OperatorCalls({
      dialOutByOperatorUniqueid: (uniqueid) => store.dialOutByOperatorUniqueid(uniqueid),
      inboundCall: (uniqueid) => links.inboundCall(uniqueid),
      caseNumber: (caseId) => links.caseNumber(caseId),
    });
  }

  /** One Asterisk event: the mirror, the sessions, dial-out records, waiting actions, then the desks. */
  handle(event: ChannelEvent): void {
    // only the operators this event can concern: before it (the bridge a channel leaves) and after (the one it joins)
    const touched = this.calls.affected(event);
    this.calls.mirror.apply(event);
    this.calls.affected(event, touched);
    this.#recordDialOut(event);
    this.calls.reconcile(touched);
    this.#confirmations.settle(event);
    this.#publish(touched);
  }

  /** After an AMI (re)connect: what Asterisk lists now replaces everything remembered. */
  rebuilt(channels: ListedChannel[]): void {
    this.calls.replace(channels);
    this.#publish();
  }

  /** The AMI connection is gone: nothing is known, nothing waiting will be confirmed. */
  disconnected(): void {
    this.#confirmations.failAll(new CallControlError(503, 'the connection to Asterisk was lost before it confirmed'));
    this.calls.clear();
    this.#publish();
  }

  stop(): void {
    this.#confirmations.failAll(new CallControlError(503, 'the server is stopping'));
  }

  current(extension: string | null): CallControlState | null {
    if (!extension) return null;
    const session = this.calls.session(extension);
    return session ? this.calls.stateOf(session) : null;
  }

  /** Click-to-call: answers once the operator's phone rings. */
  async dial(operator: Operator, request: { number: string; caseId: number | null; caseNumber: string | null }): Promise<{ id: number; number: string; caseNumber: string | null }> {
    const extension = this.#extensionOf(operator);
    if (!dialOutAllowed(request.number, this.options.dialOutPatterns())) {
      throw new CallControlError(403, `${request.number} is not on the dial-out allow-list (GET /api/admin/dial-out); nothing was dialled`);
    }
    this.#requireConnected();
    if (this.calls.mirror.operatorChannel(extension)) throw new CallControlError(409, `your phone (${extension}) is already on a call`);
    const record = this.store.createDialOut({
      userId: operator.userId,
      extension,
      number: request.number,
      caseId: request.caseId,
      operatorUniqueid: (id) => `${DIAL_OUT_CHANNEL_PREFIX}${id}-${Date.now().toString(36)}`,
    });
    if (request.caseId !== null) {
      this.links.note(request.caseId, operator.userId, 'call-out', { dialOutId: record.id, number: request.number, extension });
    }
    const uniqueid = record.operatorUniqueid;
    await this.#confirmations.act(
      `ringing your phone (${extension}) for the call to ${request.number}`,
      () => this.pbx.dialOut({ extension, number: request.number, channelId: uniqueid }),
      (event) => {
        if ((event.type === 'channel-state' || event.type === 'channel-new') && event.uniqueid === uniqueid && event.state !== 'down') return true;
        if (event.type === 'originate-response' && event.uniqueid === uniqueid && !event.success) {
          return new CallControlError(503, `Asterisk could not ring your phone (${extension}): ${event.reason}`);
        }
        return false;
      },
    ).catch((error: unknown) => {
      this.store.updateDialOut(record.id, { outcome: 'operator-no-answer', endedAt: new Date().toISOString() });
      throw error;
    });
    return { id: record.id, number: request.number, caseNumber: request.caseNumber };
  }

  async hold(operator: Operator): Promise<CallControlState> {
    const { session, operatorChannel, citizen } = this.#talking(operator);
    if (session.held) throw new CallControlError(409, 'the call is already on hold');
    await this.#confirmations.act('the hold', () => this.pbx.hold(operatorChannel.name), (event) =>
      event.type === 'moh-start' && event.uniqueid === citizen.uniqueid ? true : this.#ended(event, session),
    );
    session.held = true;
    this.#publish();
    return this.calls.stateOf(session);
  }

  async resume(operator: Operator): Promise<CallControlState> {
    const { session, operatorChannel } = this.#sessionOf(operator);
    if (!session.held) throw new CallControlError(409, 'the call is not on hold');
    await this.#resume(session, operatorChannel);
    return this.calls.stateOf(session);
  }

  /** Blind transfer: the citizen goes to the target, the operator's leg ends. */
  async transfer(operator: Operator, target: TransferTarget): Promise<void> {
    this.#checkTarget(target, operator);
    const { session, operatorChannel, citizen } = this.#talking(operator, { allowHeld: true });
    if (session.held) await this.#resume(session, operatorChannel);
    await this.#confirmations.act(`the transfer to ${describeTarget(target)}`, () => this.pbx.blindTransfer(operatorChannel.name, citizen.name, target), (event) => {
      if (event.type !== 'blind-transfer' || event.transfererUniqueid !== operatorChannel.uniqueid) return this.#ended(event, session);
      return event.success ? true : new CallControlError(503, `Asterisk refused the transfer to ${describeTarget(target)}: ${event.result}`);
    });
    this.#record(operator, session, 'blind-transfer', target);
  }

  /** Consult: the citizen holds (music) while the operator calls the target. Answers once the target is being called. */
  async consult(operator: Operator, target: TransferTarget): Promise<CallControlState> {
    this.#checkTarget(target, operator);
    const { session, operatorChannel, citizen } = this.#talking(operator, { allowHeld: true });
    if (session.held) await this.#resume(session, operatorChannel);
    await this.#confirmations.act(`the consult with ${describeTarget(target)}`, () => this.pbx.consult(operatorChannel.name, target), (event) => {
      if (event.type === 'bridge-enter' && event.uniqueid === operatorChannel.uniqueid && event.bridgeId !== citizen.bridgeId) return true;
      return this.#ended(event, session);
    });
    session.consult = target;
    this.#record(operator, session, 'consult', target);
    this.#publish();
    return this.calls.stateOf(session);
  }

  /** Three-way: the consulted party joins the citizen and the operator; the operator may then leave them talking. */
  async conference(operator: Operator): Promise<CallControlState> {
    const { session, operatorChannel, target } = this.#consulting(operator);
    await this.#confirmations.act('the three-way call', () => this.pbx.conference(operatorChannel.name), (event) => {
      if (event.type === 'attended-transfer' && event.transfererUniqueids.includes(operatorChannel.uniqueid)) {
        return event.success && event.threeway ? true : new CallControlError(503, 'Asterisk could not join the three parties');
      }
      return this.#ended(event, session);
    });
    session.consult = null;
    this.#record(operator, session, 'conference', target);
    this.#publish();
    return this.calls.stateOf(session);
  }

  /** Hand-over: the citizen and the consulted party stay connected, the operator's leg ends. */
  async complete(operator: Operator): Promise<void> {
    const { session, operatorChannel, target } = this.#consulting(operator);
    await this.#confirmations.act(`the hand-over to ${describeTarget(target)}`, () => this.pbx.complete(operatorChannel.name), (event) => {
      if (event.type === 'attended-transfer' && event.transfererUniqueids.includes(operatorChannel.uniqueid)) {
        return event.success ? true : new CallControlError(503, `Asterisk could not hand the call over to ${describeTarget(target)}`);
      }
      return event.type === 'channel-gone' && event.uniqueid === session.citizenUniqueid ? new CallControlError(409, 'the citizen hung up') : false;
    });
    this.#record(operator, session, 'complete', target);
  }

  /** Back to the citizen: the consulted party's leg ends. */
  async cancel(operator: Operator): Promise<CallControlState> {
    const { session, operatorChannel, target } = this.#consulting(operator);
    const citizenBridge = session.citizenUniqueid ? this.calls.mirror.channel(session.citizenUniqueid)?.bridgeId : null;
    await this.#confirmations.act('the return to the citizen', () => this.pbx.cancelConsult(operatorChannel.name), (event) => {
      if (event.type === 'bridge-enter' && event.uniqueid === operatorChannel.uniqueid && event.bridgeId === citizenBridge) return true;
      return this.#ended(event, session);
    });
    session.consult = null;
    this.#record(operator, session, 'cancel', target);
    this.#publish();
    return this.calls.stateOf(session);
  }

  /** The operator leaves the call (after a three-way, the others stay connected). */
  async hangUp(operator: Operator): Promise<void> {
    const { operatorChannel } = this.#sessionOf(operator);
    await this.#confirmations.act('the hang-up', () => this.pbx.hangUp(operatorChannel.name), (event) => event.type === 'channel-gone' && event.uniqueid === operatorChannel.uniqueid);
  }

  // ------------------------------------------------------------------ checks

  #extensionOf(operator: Operator): string {
    if (!operator.extension) throw new CallControlError(409, 'your account has no phone extension; an admin sets one');
    return operator.extension;
  }

  #requireConnected(): void {
    if (!this.pbx.connected) throw new CallControlError(503, 'the PBX is not connected; try again when the desk shows it back');
  }

  #checkTarget(target: TransferTarget, operator: Operator): void {
    if (target.kind === 'external' && !dialOutAllowed(target.number, this.options.dialOutPatterns())) {
      throw new CallControlError(403, `${target.number} is not on the dial-out allow-list (GET /api/admin/dial-out); nothing was dialled`);
    }
    if (target.kind === 'operator' && target.extension === operator.extension) throw new CallControlError(400, 'to/extension is your own phone');
  }

  #sessionOf(operator: Operator) {
    const extension = this.#extensionOf(operator);
    this.#requireConnected();
    const session = this.calls.session(extension);
    const operatorChannel = session && this.calls.mirror.channel(session.operatorUniqueid);
    if (!session || !operatorChannel) throw new CallControlError(409, `your phone (${extension}) has no call`);
    return { session, operatorChannel };
  }

  /** A two-party call in progress: not dialling, not in a consult, not a three-way. */
  #talking(operator: Operator, options: { allowHeld?: boolean } = {}) {
    const { session, operatorChannel } = this.#sessionOf(operator);
    const state = this.calls.stateOf(session);
    const citizen = session.citizenUniqueid ? this.calls.mirror.channel(session.citizenUniqueid) : undefined;
    if (!citizen || state.state !== 'talking') throw new CallControlError(409, 'the citizen has not answered yet');
    if (state.consult) throw new CallControlError(409, `a consult with ${describeTarget(state.consult.target)} is under way: conference, complete or cancel it first`);
    if (state.conference) throw new CallControlError(409, 'the call is a three-way call');
    if (state.held && !options.allowHeld) throw new CallControlError(409, 'the call is on hold');
    return { session, operatorChannel, citizen };
  }

  #consulting(operator: Operator) {
    const { session, operatorChannel } = this.#sessionOf(operator);
    const target = this.calls.stateOf(session).consult?.target;
    if (!target) throw new CallControlError(409, 'there is no consult under way; start one with POST /api/calls/current/consult');
    return { session, operatorChannel, target };
  }

  async #resume(session: Session, operatorChannel: MirroredChannel): Promise<void> {
    const citizen = session.citizenUniqueid;
    await this.#confirmations.act('the resume', () => this.pbx.resume(operatorChannel.name), (event) =>
      event.type === 'moh-stop' && event.uniqueid === citizen ? true : this.#ended(event, session),
    );
    session.held = false;
    this.#publish();
  }

  /** A call that ends while an action waits: 409, the action has nothing left to act on. */
  #ended(event: ChannelEvent, session: Session): false | CallControlError {
    if (event.type !== 'channel-gone') return false;
    if (event.uniqueid === session.operatorUniqueid) return new CallControlError(409, 'your phone’s call ended');
    if (event.uniqueid === session.citizenUniqueid) return new CallControlError(409, 'the citizen hung up');
    return false;
  }

  /** Sends each desk (of `only` these operators, else all) its state when it changed. */
  #publish(only?: ReadonlySet<string>): void {
    const extensions = only ?? new Set([...this.calls.extensions(), ...this.#sent.keys()]);
    for (const extension of extensions) {
      const session = this.calls.session(extension);
      const state = session ? this.calls.stateOf(session) : null;
      const text = JSON.stringify(state);
      if ((this.#sent.get(extension) ?? 'null') === text) continue;
      if (state) this.#sent.set(extension, text);
      else this.#sent.delete(extension);
      const userId = this.options.userOfExtension(extension);
      if (userId !== undefined) this.options.notify(userId, state);
    }
  }

  // ------------------------------------------------------------------ records

  #record(operator: Operator, session: Session, action: string, target: TransferTarget | null): void {
    const caseId = session.caseId;
    const callId = session.direction === 'inbound' ? session.callId : null;
    this.store.recordTransfer({ userId: operator.userId, action, target, citizenUniqueid: session.citizenUniqueid, callId, dialOutId: session.dialOutId, caseId });
    if (caseId !== null) {
      this.links.note(caseId, operator.userId, 'call-transfer', {
        step: action,
        ...(target ? { target: { kind: target.kind, to: describeTarget(target) } } : {}),
        ...(callId !== null ? { callId } : {}),
        ...(session.dialOutId !== null ? { dialOutId: session.dialOutId } : {}),
      });
    }
    this.options.log.info({ extension: session.extension, step: action, target, callId, dialOutId: session.dialOutId, caseId }, 'call control step confirmed by Asterisk');
  }

  /** A click-to-call's record follows its channels: the operator answered, the citizen's dial result, the end. */
  #recordDialOut(event: ChannelEvent): void {
    const uniqueid = 'uniqueid' in event ? event.uniqueid : '';
    if (!uniqueid.startsWith(DIAL_OUT_CHANNEL_PREFIX)) return;
    const record = this.store.dialOutByOperatorUniqueid(uniqueid);
    if (!record) return;
    const now = new Date().toISOString();
    if (event.type === 'originate-response') {
      if (event.success) this.store.updateDialOut(record.id, { outcome: 'dialling' });
      else this.store.updateDialOut(record.id, { outcome: 'operator-no-answer', endedAt: now });
    } else if (event.type === 'dial-end') {
      const outcome = event.dialStatus === 'ANSWER' ? 'answered' : event.dialStatus === 'NOANSWER' ? 'no-answer' : event.dialStatus === 'BUSY' ? 'busy' : 'failed';
      this.store.updateDialOut(record.id, { outcome, dialStatus: event.dialStatus, ...(outcome === 'answered' ? { answeredAt: now } : {}) });
    } else if (event.type === 'channel-gone') {
      const unfinished = record.outcome === 'ringing-operator' ? 'operator-no-answer' : record.outcome === 'dialling' ? 'ended' : undefined;
      this.store.updateDialOut(record.id, { endedAt: now, ...(unfinished ? { outcome: unfinished } : {}) });
    }
  }
}
