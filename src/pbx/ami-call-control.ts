// Call control over AMI, on the dialplan's call-control contexts (dialplan/extensions.conf) and feature keys
// (dialplan/features.conf). Why these mechanisms (each verified on Asterisk 22.10):
// - Hold: no AMI action holds a bridged call. A dynamic feature (applicationmap hotlinehold) run on the
//   operator's channel keeps it in the bridge while Asterisk plays music on hold to the citizen; the server
//   presses its key with PlayDTMF Receive and ends it by setting HOTLINE_HOLD=0. Queue() keeps the call.
// - Blind transfer: AMI BlindTransfer of the operator's channel; the citizen's own channel goes on in
//   [hotline-transfer] (no feature codes, works on any bridged call).
// - Consult / three-way / hand-over / cancel: Asterisk's attended transfer (bridge_basic): the server sets
//   TRANSFER_EXTEN / TRANSFER_CONTEXT and presses the atxfer key (AMI Atxfer would also queue the extension's
//   digits, which then reach the consulted party); atxferthreeway and atxfercomplete keys; CancelAtxfer for
//   the abort key. After a three-way the bridge keeps the citizen and the third party when the operator leaves.
import type { CallControlPbx } from '../calls/call-control-ports.ts';
import { CallControlError, type ListedChannel, type TransferTarget } from '../calls/call-control-model.ts';
import { AmiActionError, type AmiClient } from './ami-client.ts';
import { listedChannels } from './ami-call-control-events.ts';

export const TRANSFER_CONTEXT = 'hotline-transfer';
export const DIAL_OUT_CONTEXT = 'hotline-dial-out';
/** dialplan/features.conf */
export const FEATURE_KEYS = { hold: 'A1', consult: 'A2', complete: 'A4', threeway: 'A5' } as const;

/** The [hotline-transfer] extension of a target. */
export function transferExtension(target: TransferTarget): string {
  if (target.kind === 'operator') return `op${target.extension}`;
  if (target.kind === 'queue') return target.queue === 'hotline-en' ? 'queue-en' : 'queue-zh';
  return `out${target.number}`;
}

export class AmiCallControl implements CallControlPbx {
  constructor(
    private readonly ami: AmiClient,
    private readonly options: { trunk: string; operatorRingSeconds: number },
  ) {}

  get connected(): boolean {
    return this.ami.connected;
  }

  async dialOut(call: { extension: string; number: string; channelId: string }): Promise<void> {
    await this.#action({
      Action: 'Originate',
      Channel: `PJSIP/${call.extension}`,
      Context: DIAL_OUT_CONTEXT,
      Exten: call.number,
      Priority: 1,
      Timeout: this.options.operatorRingSeconds * 1000,
      // what the operator's phone shows: the citizen being called
      CallerID: `"${call.number}" <${call.number}>`,
      ChannelId: call.channelId,
      Variable: `HOTLINE_TRUNK=${this.options.trunk}`,
      Async: 'true',
    });
  }

  async hold(operatorChannel: string): Promise<void> {
    // set before the key: the hold loop runs while it is 1, so a resume can never arrive before it
    await this.#setVariable(operatorChannel, 'HOTLINE_HOLD', '1');
    await this.#press(operatorChannel, FEATURE_KEYS.hold);
  }

  async resume(operatorChannel: string): Promise<void> {
    await this.#setVariable(operatorChannel, 'HOTLINE_HOLD', '0');
  }

  async blindTransfer(operatorChannel: string, citizenChannel: string, target: TransferTarget): Promise<void> {
    await this.#setVariable(citizenChannel, 'HOTLINE_TRANSFER_MODE', 'blind');
    await this.#setVariable(citizenChannel, 'HOTLINE_TRUNK', this.options.trunk);
    await this.#action({ Action: 'BlindTransfer', Channel: operatorChannel, Context: TRANSFER_CONTEXT, Exten: transferExtension(target) });
  }

  async consult(operatorChannel: string, target: TransferTarget): Promise<void> {
    await this.#setVariable(operatorChannel, 'TRANSFER_CONTEXT', TRANSFER_CONTEXT);
    await this.#setVariable(operatorChannel, 'TRANSFER_EXTEN', transferExtension(target));
    // inherited by the Local channel that calls the target
    await this.#setVariable(operatorChannel, '__HOTLINE_TRUNK', this.options.trunk);
    await this.#press(operatorChannel, FEATURE_KEYS.consult);
  }

  async conference(operatorChannel: string): Promise<void> {
    await this.#press(operatorChannel, FEATURE_KEYS.threeway);
  }

  async complete(operatorChannel: string): Promise<void> {
    await this.#press(operatorChannel, FEATURE_KEYS.complete);
  }

  async cancelConsult(operatorChannel: string): Promise<void> {
    await this.#action({ Action: 'CancelAtxfer', Channel: operatorChannel });
  }

  async hangUp(channel: string): Promise<void> {
    await this.#action({ Action: 'Hangup', Channel: channel, Cause: 16 });
  }

  async listChannels(): Promise<ListedChannel[]> {
    return listedChannels(await this.ami.listAction({ Action: 'CoreShowChannels' }, 'CoreShowChannelsComplete'));
  }

  #setVariable(channel: string, variable: string, value: string) {
    return this.#action({ Action: 'Setvar', Channel: channel, Variable: variable, Value: value });
  }

  /** Keys as if the operator's phone sent them (Receive: true), one digit per action. */
  async #press(channel: string, keys: string): Promise<void> {
    for (const digit of keys) await this.#action({ Action: 'PlayDTMF', Channel: channel, Digit: digit, Duration: 100, Receive: 'true' });
  }

  /** An AMI failure as the desk hears it: 503 when Asterisk is away or refuses, 504 when it does not answer. */
  async #action(fields: Record<string, unknown>): Promise<void> {
    const name = String(fields.Action);
    if (!this.ami.connected) throw new CallControlError(503, 'the PBX is not connected; try again when the desk shows it back');
    try {
      await this.ami.action(fields);
    } catch (error) {
      if (!(error instanceof AmiActionError)) throw error;
      if (/no response within/.test(error.message)) throw new CallControlError(504, `Asterisk did not answer ${name}: ${error.message}`);
      if (error.response) throw new CallControlError(503, `Asterisk refused ${name}: ${String(error.response.message ?? error.message)}`);
      throw new CallControlError(503, `${name} failed: ${error.message}`);
    }
  }
}
