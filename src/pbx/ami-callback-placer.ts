// Call-back placeholders over AMI: Originate of Local/hold@hotline-callback, whose ;2 half waits in the queue
// at the kept place; the dialplan (dialplan/extensions.conf [hotline-callback]) does the rest.
import type { CallbackRequest } from '../callbacks/callback-model.ts';
import type { CallbackPlacer } from '../callbacks/callback-service.ts';
import type { AmiClient } from './ami-client.ts';

export class AmiCallbackPlacer implements CallbackPlacer {
  constructor(
    private readonly ami: AmiClient,
    /** Hangs up a channel by its uniqueid (ARI: AMI's Hangup needs the channel's name). */
    private readonly hangUp: (uniqueid: string) => Promise<void>,
  ) {}

  /** The placeholder leaves the line: hung up, its Queue() ends without a result. */
  async withdraw(placeholderUniqueid: string): Promise<void> {
    await this.hangUp(placeholderUniqueid);
  }

  async place(request: CallbackRequest, position: number, options: { maxWaitSeconds: number; ringSeconds: number }): Promise<void> {
    await this.ami.action({
      Action: 'Originate',
      Channel: 'Local/hold@hotline-callback',
      Context: 'hotline-callback',
      Exten: 'dial',
      Priority: 1,
      // Waits in the queue as long as the placeholder may: the answer comes when an operator takes it.
      Timeout: (options.maxWaitSeconds + 60) * 1000,
      CallerID: `"${request.number}" <${request.number}>`,
      Async: 'true',
      Variable: {
        __HOTLINE_CALLBACK: String(request.id),
        __HOTLINE_CALLBACK_NUMBER: request.number,
        __HOTLINE_LANG: request.lang,
        __HOTLINE_INTENT: request.intent ?? '',
        __HOTLINE_CALLBACK_QUEUE: request.queue,
        __HOTLINE_CALLBACK_POSITION: String(position),
        __HOTLINE_CALLBACK_MAX_WAIT: String(options.maxWaitSeconds),
        __HOTLINE_CALLBACK_RING_SECONDS: String(options.ringSeconds),
      },
    });
  }

  async storedResult(id: number): Promise<string | undefined> {
    const events = await this.ami.listAction({ Action: 'DBGet', Family: 'hotline-callback', Key: String(id) }, 'DBGetComplete');
    const value = events.find((event) => event.event === 'DBGetResponse')?.val;
    return typeof value === 'string' && value ? value : undefined;
  }
}
