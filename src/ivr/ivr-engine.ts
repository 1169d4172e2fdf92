// Walks a caller through the flows. Any failure ends in a queue: callers are never dropped.
import type { Language } from '../config.ts';
import type { Logger } from '../log.ts';
import type { EntryNode, Flow, FlowNode, FlowSet, Intent, PromptUse } from './flow.ts';
import { CallerHungUp, IvrDetached, type IvrChannel, type PromptRef } from './ivr-channel.ts';
import { bookCallback, collectDigits, speakCaseProgress, type IvrCall } from './ivr-steps.ts';
import type { IvrObserver, IvrServices } from './ivr-services.ts';

export type { IvrObserver };

const MAX_STEPS = 200;

export class IvrEngine {
  constructor(
    private readonly flows: FlowSet,
    private readonly observer: IvrObserver,
    private readonly services: IvrServices,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs a caller through the IVR: from the language choice, or (`start`) from a dialplan entry node of a language flow. */
  async run(channel: IvrChannel, log: Logger, start?: { lang: Language; node: EntryNode }): Promise<void> {
    let flow: Flow = start ? this.flows.byLanguage[start.lang] : this.flows.entry;
    const call: IvrCall = { channel, lang: start?.lang, intent: null, variables: {}, log };
    let nodeId = start ? start.node : flow.start;
    const invalidKeys = new Map<string, number>();
    try {
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const node: FlowNode = flow.nodes[nodeId]!;
        this.#observe(call, () => this.observer.step(channel.uniqueid, call.lang ? `${call.lang}:${nodeId}` : nodeId));
        const refs = (prompts: PromptUse[]) => this.#refs(prompts, flow);
        switch (node.type) {
          case 'menu': {
            const played = await channel.play(refs(node.prompts));
            const digit = await channel.takeDigit(played === 'interrupted' ? 0 : node.timeoutSeconds * 1000);
            if (digit === null) {
              nodeId = node.onTimeout;
            } else if (node.choices[digit]) {
              nodeId = node.choices[digit];
            } else {
              const count = (invalidKeys.get(nodeId) ?? 0) + 1;
              invalidKeys.set(nodeId, count);
              log.info({ node: nodeId, digit, count }, 'ivr: not a valid choice');
              if (count >= (node.maxInvalid ?? 1)) nodeId = node.onInvalid;
              else if (node.invalidPrompt) await channel.play(refs([node.invalidPrompt]));
            }
            break;
          }
          case 'play':
            await channel.play(refs(node.prompts));
            nodeId = node.next;
            break;
          case 'collect': {
            const value = await collectDigits(call, node, refs);
            if (value === null) nodeId = node.onFail;
            else {
              call.variables[node.variable] = value;
              nodeId = node.next;
            }
            break;
          }
          case 'branch':
            nodeId = node.condition === 'open-hours' && this.services.isOpen(this.now()) ? node.then : node.else;
            break;
          case 'set':
            await this.#intent(call, node.value);
            nodeId = node.next;
            break;
          case 'flow':
            call.lang = node.flow;
            flow = this.flows.byLanguage[call.lang];
            nodeId = flow.start;
            await channel.setLanguage(call.lang);
            this.#observe(call, () => this.observer.languageChosen(channel.uniqueid, call.lang!));
            break;
          case 'case-progress':
            nodeId = (await speakCaseProgress(call, call.variables[node.variable] ?? '', this.services, refs)) ? node.next : node.onFail;
            break;
          case 'callback':
            nodeId = (await bookCallback(call, this.services, refs, node.source)) ? node.next : node.onFail;
            break;
          case 'record': {
            await channel.play(refs(node.prompts));
            channel.clearDigits();
            const recording = await channel.record({ maxSeconds: this.services.messageMaxSeconds, silenceSeconds: 6 });
            if (!recording) {
              log.warn('ivr: no message was recorded');
              nodeId = node.onFail;
              break;
            }
            const { caseNumber } = await this.services.storeMessage({ uniqueid: channel.uniqueid, caller: channel.caller, lang: call.lang!, recording });
            log.info({ caseNumber, durationMs: recording.durationMs }, 'ivr: message recorded and registered');
            nodeId = node.next;
            break;
          }
          case 'queue': {
            const lang = call.lang ?? 'zh';
            // A caller coming back to the line takes their place again; a full line offers a message or a call-back.
            const place = this.services.placeInLine(channel.uniqueid, lang);
            if (place === 'full' && flow.nodes.overflow && !start) {
              log.info({ lang }, 'ivr: the line is full; a message or a call-back is offered');
              nodeId = 'overflow';
              break;
            }
            await channel.toQueue(lang, typeof place === 'number' ? place : undefined);
            return;
          }
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
      const lang = call.lang ?? 'zh';
      if (this.#isOpen() && !start) {
        log.error({ err: error, node: nodeId }, 'IVR failed; sending the caller to an operator');
        await channel.toQueue(lang).catch((queueError: unknown) => log.error({ err: queueError }, 'could not hand the caller to a queue'));
      } else {
        // Nobody answers now (closed, or the caller came here from a queue): Asterisk records the message itself.
        log.error({ err: error, node: nodeId }, 'IVR failed; the dialplan takes the caller’s message');
        await channel.toMessage(lang).catch((messageError: unknown) => log.error({ err: messageError }, 'could not hand the caller to the message recording'));
      }
    }
  }

  async #intent(call: IvrCall, intent: Intent): Promise<void> {
    call.intent = intent;
    this.#observe(call, () => this.observer.intentChosen(call.channel.uniqueid, intent));
    await call.channel.setIntent(intent);
  }

  #isOpen(): boolean {
    try {
      return this.services.isOpen(this.now());
    } catch {
      return true;
    }
  }

  /** The call record is the observer's business: if it cannot be written, the caller's IVR goes on. */
  #observe(call: IvrCall, record: () => void): void {
    try {
      record();
    } catch (error) {
      call.log.error({ err: error }, 'could not record the IVR step; the IVR goes on');
    }
  }

  #refs(prompts: PromptUse[], flow: Flow): PromptRef[] {
    return prompts.map((use) => (typeof use === 'string' ? { prompt: use, lang: flow.lang! } : use));
  }
}

export type { Language };
