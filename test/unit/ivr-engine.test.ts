import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/config.ts';
import { loadFlowSet } from '../../src/ivr/flow.ts';
import { CallerHungUp, type IvrChannel, type PromptRef } from '../../src/ivr/ivr-channel.ts';
import { IvrEngine } from '../../src/ivr/ivr-engine.ts';
import { createLogger } from '../../src/log.ts';
import { PROMPTS_DIRECTORY } from '../../src/main.ts';

/** A scripted caller: which key (or none) they press at each menu. State-machine test, no Asterisk. */
class ScriptedChannel implements IvrChannel {
  readonly uniqueid = '1795.1';
  readonly linkedid = '1795.1';
  readonly caller = '13800138000';
  played: PromptRef[][] = [];
  queuedTo: Language | undefined;
  language: Language | undefined;
  constructor(private keys: (string | null | 'hangup')[], private failSetLanguage = false) {}
  async play(prompts: PromptRef[]) {
    this.played.push(prompts);
    return 'finished' as const;
  }
  async takeDigit() {
    const key = this.keys.shift() ?? null;
    if (key === 'hangup') throw new CallerHungUp(this.uniqueid);
    return key;
  }
  async setLanguage(lang: Language) {
    if (this.failSetLanguage) throw new Error('ARI 500');
    this.language = lang;
  }
  async toQueue(lang: Language) {
    this.queuedTo = lang;
  }
  async hangup() {}
}

function run(keys: (string | null | 'hangup')[], failSetLanguage = false) {
  const steps: string[] = [];
  const chosen: Language[] = [];
  const engine = new IvrEngine(loadFlowSet(PROMPTS_DIRECTORY), {
    step: (_id, node) => steps.push(node),
    languageChosen: (_id, lang) => chosen.push(lang),
  });
  const channel = new ScriptedChannel(keys, failSetLanguage);
  return engine.run(channel, createLogger('silent')).then(() => ({ channel, steps, chosen }));
}

describe('IVR engine over the shipped flows', () => {
  it('plays the Mandarin welcome and the English choice in English', async () => {
    const { channel } = await run([null]);
    expect(channel.played[0]).toEqual([
      { prompt: 'welcome', lang: 'zh' },
      { prompt: 'for-english-press-2', lang: 'en' },
    ]);
  });

  it('sends a caller who presses nothing to the Mandarin queue', async () => {
    const { channel, chosen, steps } = await run([null]);
    expect(channel.queuedTo).toBe('zh');
    expect(chosen).toEqual(['zh']);
    expect(steps).toEqual(['choose-language', 'mandarin', 'zh:connecting', 'zh:operator']);
  });

  it('sends a caller who presses 2 to the English queue, with English prompts', async () => {
    const { channel } = await run(['2']);
    expect(channel.queuedTo).toBe('en');
    expect(channel.language).toBe('en');
    expect(channel.played[1]).toEqual([{ prompt: 'connecting-operator', lang: 'en' }]);
  });

  it('treats 1 and an invalid key as Mandarin', async () => {
    expect((await run(['1'])).channel.queuedTo).toBe('zh');
    expect((await run(['7'])).channel.queuedTo).toBe('zh');
  });

  it('stops quietly when the caller hangs up', async () => {
    const { channel } = await run(['hangup']);
    expect(channel.queuedTo).toBeUndefined();
  });

  it('still sends the caller to their chosen queue when Asterisk refuses an IVR step', async () => {
    const { channel } = await run(['2'], true);
    expect(channel.queuedTo).toBe('en');
  });
});
