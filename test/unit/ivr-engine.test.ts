// The IVR engine over the shipped flows, with a scripted caller (a state-machine test: no Asterisk).
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/config.ts';
import { formatCaseNumber } from '../../src/cases/case-number.ts';
import { loadFlowSet } from '../../src/ivr/flow.ts';
import { CallerHungUp, type IvrChannel, type PromptRef, type RecordedMessage } from '../../src/ivr/ivr-channel.ts';
import { IvrEngine } from '../../src/ivr/ivr-engine.ts';
import type { CaseProgress, IvrServices } from '../../src/ivr/ivr-services.ts';
import { createLogger } from '../../src/log.ts';
import { PROMPTS_DIRECTORY } from '../../src/main.ts';

type Key = string | null | 'hangup';

/** A caller who presses `keys` one per wait (null = waits without pressing). */
class ScriptedChannel implements IvrChannel {
  readonly uniqueid = '1795.1';
  readonly linkedid = '1795.1';
  played: PromptRef[][] = [];
  queuedTo: Language | undefined;
  messageTo: Language | undefined;
  hungUp = false;
  language: Language | undefined;
  intent: string | undefined;
  recorded = false;
  constructor(
    private keys: Key[],
    readonly caller = '13800138000',
    private failSetLanguage = false,
    private failRecord = false,
  ) {}
  async play(prompts: PromptRef[]) {
    this.played.push(prompts);
    return 'finished' as const;
  }
  async takeDigit() {
    const key = this.keys.length > 0 ? this.keys.shift()! : null;
    if (key === 'hangup') throw new CallerHungUp(this.uniqueid);
    return key;
  }
  async setLanguage(lang: Language) {
    if (this.failSetLanguage) throw new Error('ARI 500');
    this.language = lang;
  }
  async setIntent(intent: string) {
    this.intent = intent;
  }
  clearDigits() {}
  async record(): Promise<RecordedMessage> {
    if (this.failRecord) throw new Error('ARI 500 on record');
    this.recorded = true;
    return { name: 'hotline-msg-1795.1', audio: Buffer.alloc(16_044), durationMs: 1000 };
  }
  queuedAt: number | undefined;
  async toQueue(lang: Language, position?: number) {
    this.queuedAt = position;
    this.queuedTo = lang;
  }
  async toMessage(lang: Language) {
    this.messageTo = lang;
  }
  async hangup() {
    this.hungUp = true;
  }
  heard = () => this.played.flat().map((ref) => ref.prompt);
}

const keys = (digits: string) => [...digits];
const CASE = formatCaseNumber('261121', 42);

type RunOptions = { place?: 'end' | 'full' | number; open?: boolean; caller?: string; progress?: CaseProgress; failSetLanguage?: boolean; failRecord?: boolean; start?: Parameters<IvrEngine['run']>[2] };

function run(script: Key[], options: RunOptions = {}) {
  const steps: string[] = [];
  const callbacks: unknown[] = [];
  const messages: unknown[] = [];
  const services: IvrServices = {
    messageMaxSeconds: 120,
    isOpen: () => options.open ?? true,
    placeInLine: () => options.place ?? 'end',
    caseProgress: (number) => (number === CASE ? options.progress : undefined),
    bookCallback: (request) => (callbacks.push(request), { keepsPlace: request.source === 'queue' }),
    storeMessage: async (message) => {
      messages.push(message);
      return { caseNumber: formatCaseNumber('261121', 7) };
    },
  };
  const engine = new IvrEngine(loadFlowSet(PROMPTS_DIRECTORY), { step: (_id, node) => steps.push(node), languageChosen: () => {}, intentChosen: () => {} }, services);
  const channel = new ScriptedChannel(script, options.caller, options.failSetLanguage, options.failRecord);
  return engine.run(channel, createLogger('silent'), options.start).then(() => ({ channel, steps, callbacks, messages }));
}

const PROGRESS: CaseProgress = { status: 'dispatched', dueAt: '2026-12-14T15:59:59.999Z', phone: '13800138000', confidential: false };

describe('IVR engine over the shipped flows', () => {
  it('plays the Mandarin welcome with the English choice in English', async () => {
    const { channel } = await run([null, null]);
    expect(channel.played[0]).toEqual([{ prompt: 'welcome', lang: 'zh' }, { prompt: 'for-english-press-2', lang: 'en' }]);
  });

  it('takes a caller who presses nothing to a Mandarin operator, through the menu', async () => {
    const { channel, steps } = await run([]);
    expect(channel.queuedTo).toBe('zh');
    expect(steps).toEqual(['choose-language', 'mandarin', 'zh:hours', 'zh:menu', 'zh:connecting', 'zh:operator']);
  });

  it('reaches a human with at most two keys: 2 then 0 is an English operator', async () => {
    const { channel } = await run(['2', '0']);
    expect(channel).toMatchObject({ queuedTo: 'en', language: 'en', intent: 'operator' });
  });

  it('carries the intent: 2 then 3 is an English caller reporting goods', async () => {
    const { channel } = await run(['2', '3']);
    expect(channel).toMatchObject({ queuedTo: 'en', intent: 'report' });
    expect(channel.played.at(-1)).toEqual([{ prompt: 'connecting-operator', lang: 'en' }]);
  });

  it('says "not a valid choice" once, then sends a second invalid key to an operator', async () => {
    const { channel } = await run(['1', '9', '8']);
    expect(channel.heard().filter((id) => id === 'invalid-choice')).toHaveLength(1);
    expect(channel.heard().filter((id) => id === 'main-menu')).toHaveLength(2);
    expect(channel.queuedTo).toBe('zh');
  });

  it('speaks the status and due date of a case to its own phone', async () => {
    const { channel } = await run(['1', '4', ...keys(CASE), '#', null], { progress: PROGRESS });
    const heard = channel.heard();
    expect(heard).toEqual(expect.arrayContaining(['case-status-is', 'status-dispatched', 'case-due-by']));
    // 2026-12-14 Beijing: 二零二六年十二月十四日
    const due = heard.slice(heard.indexOf('case-due-by') + 1, heard.indexOf('case-due-by') + 8);
    expect(due).toEqual(['number-2', 'number-0', 'number-2', 'number-6', 'word-year', 'month-12', 'ordinal-14']);
  });

  it('asks another phone for the last four digits, and only then speaks', async () => {
    const granted = await run(['2', '4', ...keys(CASE), '#', ...keys('8000'), '#', null], { caller: '13911112222', progress: PROGRESS });
    expect(granted.channel.heard()).toEqual(expect.arrayContaining(['enter-phone-last-four', 'status-dispatched', 'case-due-by', 'month-12']));
    const refused = await run(['2', '4', ...keys(CASE), '#', ...keys('1234'), '#', null], { caller: '13911112222', progress: PROGRESS });
    expect(refused.channel.heard()).toContain('phone-mismatch');
    expect(refused.channel.heard()).not.toContain('case-status-is');
    expect(refused.channel.queuedTo).toBe('en');
  });

  it('never speaks more than the status of a confidential case', async () => {
    const { channel } = await run(['1', '4', ...keys(CASE), '#', null], { progress: { ...PROGRESS, confidential: true } });
    expect(channel.heard()).toContain('status-dispatched');
    expect(channel.heard()).not.toContain('case-due-by');
  });

  it('catches a wrong check digit at once, allows two retries, then an operator', async () => {
    const wrong = CASE.slice(0, 11) + String((Number(CASE[11]) + 1) % 10);
    const { channel } = await run(['1', '4', ...keys(wrong), '#', ...keys(wrong), '#', ...keys(wrong), '#'], { progress: PROGRESS });
    expect(channel.heard().filter((id) => id === 'case-number-invalid')).toHaveLength(2);
    expect(channel.heard().filter((id) => id === 'enter-case-number')).toHaveLength(3);
    expect(channel.queuedTo).toBe('zh');
  });

  it('books a call-back to the caller’s own number with 1, or to another number keyed with #', async () => {
    const own = await run(['2', '5', '1', null]);
    expect(own.callbacks).toEqual([{ uniqueid: '1795.1', number: '13800138000', lang: 'en', intent: 'callback', source: 'ivr' }]);
    expect(own.channel.heard()).toEqual(expect.arrayContaining(['callback-number-is', 'digit-1', 'digit-3', 'callback-booked']));
    expect(own.channel.hungUp).toBe(true);
    const other = await run(['1', '5', ...keys('13912345678'), '#']);
    expect(other.callbacks).toEqual([expect.objectContaining({ number: '13912345678', lang: 'zh' })]);
  });

  it('records a message after hours and hangs up', async () => {
    const { channel, messages } = await run([null], { open: false });
    expect(channel.heard()).toEqual(expect.arrayContaining(['closed-now', 'leave-message', 'message-recorded']));
    expect(channel.recorded).toBe(true);
    expect(messages).toEqual([expect.objectContaining({ uniqueid: '1795.1', caller: '13800138000', lang: 'zh' })]);
    expect(channel.intent).toBe('message');
  });

  it('stops quietly when the caller hangs up mid-menu', async () => {
    const { channel, steps } = await run(['2', 'hangup']);
    expect(channel.queuedTo).toBeUndefined();
    expect(steps.at(-1)).toBe('en:menu');
  });

  it('still sends the caller to their chosen queue when Asterisk refuses an IVR step', async () => {
    const { channel } = await run(['2'], { failSetLanguage: true });
    expect(channel.queuedTo).toBe('en');
  });

  it('refuses a call-back number that is not a mainland phone number, says so and asks again; nothing is booked', async () => {
    const { callbacks, channel } = await run(['1', '5', ...keys('12345'), '#', ...keys('0755123'), '#'], { caller: 'anonymous' });
    expect(callbacks).toEqual([]);
    expect(channel.heard().filter((id) => id === 'callback-number-invalid')).toHaveLength(2);
    expect(channel.queuedTo).toBe('zh');
  });

  it('offers a message or a call-back in English to an English caller the queue sent back (the overflow entry node)', async () => {
    const { channel, steps, messages } = await run([], { start: { lang: 'en', node: 'overflow' } });
    expect(steps).toEqual(['en:overflow', 'en:overflow-offer', 'en:overflow-message', 'en:message-thanks', 'en:hang-up']);
    expect(channel.played.flat()).toEqual([
      { prompt: 'all-busy', lang: 'en' },
      { prompt: 'overflow-offer', lang: 'en' },
      { prompt: 'message-recorded', lang: 'en' },
    ]);
    expect(messages).toEqual([expect.objectContaining({ lang: 'en' })]);
    expect(channel).toMatchObject({ intent: 'message', hungUp: true, queuedTo: undefined });
  });

  it('hands the caller to the dialplan’s own recording when the IVR fails after hours, never to a closed queue', async () => {
    const { channel } = await run([null], { open: false, failRecord: true });
    expect(channel).toMatchObject({ messageTo: 'zh', queuedTo: undefined });
  });

  it('books a call-back from the overflow offer with 1', async () => {
    const { channel, callbacks } = await run(['1', '1', null], { start: { lang: 'zh', node: 'overflow' } });
    expect(callbacks).toEqual([expect.objectContaining({ number: '13800138000', lang: 'zh', source: 'overflow' })]);
    expect(channel.heard()).toContain('callback-booked');
    expect(channel).toMatchObject({ hungUp: true, recorded: false });
  });

  it('keeps a waiting caller’s place when they press 1 in the queue, and says so', async () => {
    const { channel, callbacks } = await run(['1', null], { start: { lang: 'zh', node: 'queue-callback' } });
    expect(callbacks).toEqual([expect.objectContaining({ number: '13800138000', source: 'queue', intent: null })]);
    expect(channel.heard()).toEqual(expect.arrayContaining(['callback-number-is', 'callback-place-kept']));
    expect(channel.hungUp).toBe(true);
  });

  it('puts a caller back at their place in line when the call-back cannot be booked', async () => {
    const { channel, callbacks } = await run([null], { start: { lang: 'en', node: 'queue-callback' }, caller: 'anonymous', place: 3 });
    expect(callbacks).toEqual([]);
    expect(channel).toMatchObject({ queuedTo: 'en', queuedAt: 3 });
  });

  it('offers a message or a call-back instead of joining a full line', async () => {
    const { channel, steps } = await run(['0', null], { place: 'full' });
    expect(steps).toEqual(expect.arrayContaining(['zh:operator', 'zh:overflow', 'zh:overflow-offer']));
    expect(channel).toMatchObject({ queuedTo: undefined, recorded: true });
  });

  it('hands an overflowing caller to the dialplan’s own recording when the IVR fails', async () => {
    const { channel } = await run([], { start: { lang: 'en', node: 'overflow' }, failRecord: true });
    expect(channel).toMatchObject({ messageTo: 'en', queuedTo: undefined });
  });
});
