// Keys the IVR did not ask for (issue 13): an entry far longer than expected, and a key pressed as a prompt
// begins. The integration test ivr-hostile.test.ts drives them through Asterisk (each refused entry heard as such);
// these pin the two fixes.
import { describe, expect, it } from 'vitest';
import type { IvrChannel, PromptRef } from '../../src/ivr/ivr-channel.ts';
import { keyedDigits, OVERFLOW_PAUSE_MS } from '../../src/ivr/ivr-steps.ts';
import { AriIvrChannel } from '../../src/pbx/ari-ivr-channel.ts';
import { AriRequestError, type AriIvrRequests } from '../../src/pbx/ari-rest.ts';

/** A caller whose keys come one per wait; null is a pause as long as the wait. Records every wait asked for. */
class KeyedChannel implements IvrChannel {
  readonly uniqueid = '1795.9';
  readonly linkedid = '1795.9';
  readonly caller = '13800138000';
  waits: number[] = [];
  constructor(private keys: (string | null)[]) {}
  async play(_prompts: PromptRef[]) {
    return 'finished' as const;
  }
  async takeDigit(timeoutMs: number) {
    this.waits.push(timeoutMs);
    return this.keys.length > 0 ? this.keys.shift()! : null;
  }
  left = () => this.keys.length;
  async setLanguage() {}
  async setIntent() {}
  clearDigits() {}
  async record() {
    return null;
  }
  async toQueue() {}
  async toMessage() {}
  async hangup() {}
}

const digits = (count: number, from = 1) => Array.from({ length: count }, (_, i) => String((from + i) % 10));

describe('an entry longer than the IVR expects', () => {
  it('is one entry: the keys past the longest are let go until the caller pauses, then the next entry starts', async () => {
    const channel = new KeyedChannel([...digits(30), null, ...digits(4), '#']);
    expect(await keyedDigits(channel, 12, 10_000)).toHaveLength(13);
    expect(channel.waits.slice(13)).toEqual(Array(18).fill(OVERFLOW_PAUSE_MS)); // 17 keys and the pause that ends them
    expect(await keyedDigits(channel, 12, 10_000)).toBe('1234');
    expect(channel.left()).toBe(0);
  });

  it('ends at # as well, and an entry of the right length is untouched', async () => {
    const long = new KeyedChannel([...digits(20), '#', '5', '#']);
    await keyedDigits(long, 12, 10_000);
    expect(await keyedDigits(long, 12, 10_000)).toBe('5');
    const right = new KeyedChannel([...digits(12), '#', '7']);
    expect(await keyedDigits(right, 12, 10_000)).toBe('123456789012');
    expect(right.left()).toBe(1);
  });
});

/** An ARI client whose answers the test gives: each request waits until answered or failed. */
function fakeAri() {
  const pending: { request: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const sent: string[] = [];
  const request = (name: string) => () => {
    sent.push(name);
    return new Promise<void>((resolve, reject) => pending.push({ request: name, resolve, reject }));
  };
  const client = {
    channels: { setChannelVar: request('setChannelVar'), play: request('play'), continueInDialplan: request('continue'), hangup: request('hangup') },
    playbacks: { stop: request('stop') },
  } as unknown as AriIvrRequests;
  const take = (name: string) => pending.splice(pending.findIndex((p) => p.request === name), 1)[0]!;
  return { client, sent, answer: (name: string) => take(name).resolve(), fail: (name: string, error: Error) => take(name).reject(error) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('a key pressed as a prompt begins', () => {
  it('stops the prompt once Asterisk has it, not before (a stop that overtakes the play finds nothing)', async () => {
    const ari = fakeAri();
    const channel = new AriIvrChannel(ari.client, '1795.9', '1795.9', '13800138000', '/prompts', async () => null);
    const played = channel.play([{ prompt: 'welcome', lang: 'zh' }]);
    await settle();
    channel.handle({ type: 'ChannelDtmfReceived', digit: '1', timestamp: new Date().toISOString() });
    expect(await played).toBe('interrupted');
    await settle();
    expect(ari.sent).toEqual(['play']);
    ari.answer('play');
    await settle();
    expect(ari.sent).toEqual(['play', 'stop']);
  });

  it('tries the stop again while the prompt is only starting (ARI 500), and lets it be once it has ended (404)', async () => {
    const ari = fakeAri();
    const channel = new AriIvrChannel(ari.client, '1795.9', '1795.9', '13800138000', '/prompts', async () => null);
    const played = channel.play([{ prompt: 'main-menu', lang: 'zh' }]);
    await settle();
    ari.answer('play');
    channel.handle({ type: 'ChannelDtmfReceived', digit: '9', timestamp: new Date().toISOString() });
    await played;
    await settle();
    ari.fail('stop', new AriRequestError('Could not stop playback', 500));
    await settle();
    expect(ari.sent).toEqual(['play', 'stop', 'stop']);
    ari.fail('stop', new AriRequestError('Playback not found', 404));
    await settle();
    expect(ari.sent).toEqual(['play', 'stop', 'stop']);
  });
});
