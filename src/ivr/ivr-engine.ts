// Walks a caller through the flows. Any failure ends in a queue: callers are never dropped.
import type { Language } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Flow, FlowSet, PromptUse } from './flow.ts';
import { CallerHungUp, IvrDetached, type IvrChannel, type PromptRef } from './ivr-channel.ts';

export interface IvrObserver {
  step(uniqueid: string, node: string): void;
  languageChosen(uniqueid: string, lang: Language): void;
}

const MAX_STEPS = 200;

export class IvrEngine {
  constructor(
    private readonly flows: FlowSet,
    private readonly observer: IvrObserver,
  ) {}

  async run(channel: IvrChannel, log: Logger): Promise<void> {
    let flow: Flow = this.flows.entry;
    let lang: Language | undefined;
    let nodeId = flow.start;
    try {
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const node = flow.nodes[nodeId]!;
        this.observer.step(channel.uniqueid, lang ? `${lang}:${nodeId}` : nodeId);
        switch (node.type) {
          case 'menu': {
            const played = await channel.play(this.#refs(node.prompts, flow));
            const digit = await channel.takeDigit(played === 'interrupted' ? 0 : node.timeoutSeconds * 1000);
            nodeId = digit === null ? node.onTimeout : (node.choices[digit] ?? node.onInvalid);
            log.debug({ node: nodeId, digit }, 'ivr menu choice');
            break;
          }
          case 'play':
            await channel.play(this.#refs(node.prompts, flow));
            nodeId = node.next;
            break;
          case 'flow':
            lang = node.flow;
            flow = this.flows.byLanguage[lang];
            nodeId = flow.start;
            await channel.setLanguage(lang);
            this.observer.languageChosen(channel.uniqueid, lang);
            break;
          case 'queue':
            await channel.toQueue(lang ?? 'zh');
            return;
          case 'hangup':
            await channel.hangup();
            return;
        }
      }
      throw new Error(`IVR did not finish within ${MAX_STEPS} steps`);
    } catch (error) {
      if (error instanceof CallerHungUp) {
        log.info({ node: nodeId }, 'caller hung up in the IVR');
        return;
      }
      if (error instanceof IvrDetached) {
        log.warn({ node: nodeId }, 'IVR lost its connection to Asterisk; the caller is sent on when it returns');
        return;
      }
      log.error({ err: error, node: nodeId }, 'IVR failed; sending the caller to an operator');
      await channel.toQueue(lang ?? 'zh').catch((queueError: unknown) => log.error({ err: queueError }, 'could not hand the caller to a queue'));
    }
  }

  #refs(prompts: PromptUse[], flow: Flow): PromptRef[] {
    return prompts.map((use) => (typeof use === 'string' ? { prompt: use, lang: flow.lang! } : use));
  }
}
