// Listen / whisper / barge over AMI: Originate to the supervisor's phone into the dialplan's hotline-spy
// context, whose extension per mode runs ChanSpy on the operator's channel.
import type { SpyDialler, SpyMode } from '../live/supervision.ts';
import type { AmiClient } from './ami-client.ts';

export const SPY_CONTEXT = 'hotline-spy';

export class AmiSpyDialler implements SpyDialler {
  constructor(
    private readonly ami: AmiClient,
    private readonly serviceNumber: string,
  ) {}

  async spy(supervisorExtension: string, operatorInterface: string, mode: SpyMode, label: string): Promise<void> {
    await this.ami.action({
      Action: 'Originate',
      Channel: `PJSIP/${supervisorExtension}`,
      Context: SPY_CONTEXT,
      Exten: mode,
      Priority: 1,
      Timeout: 30_000,
      CallerID: `"${label}" <${this.serviceNumber}>`,
      // The operator's channels are PJSIP/1001-<n>: the dash keeps 1001 from matching 10010.
      Variable: `HOTLINE_SPY_TARGET=${operatorInterface}-`,
      Async: 'true',
    });
  }
}
