// The ARI side of the IVR against a fake ARI client whose replies the test releases: what is sent to
// Asterisk, and what waits for what.
import { describe, expect, it } from 'vitest';
import { AriIvrChannel } from '../../src/pbx/ari-ivr-channel.ts';
import type { AriIvrRequests } from '../../src/pbx/ari-rest.ts';

/** An ARI client that logs each request and answers only when the test says so. */
function fakeAri() {
  const sent: string[] = [];
  const pending: { request: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const request = (name: string) => (params: Record<string, unknown>) => {
    const request = `${name} ${params.variable ?? params.context ?? ''}`.trim();
    sent.push(request);
    return new Promise<void>((resolve, reject) => pending.push({ request, resolve, reject }));
  };
  const client = {
    channels: { setChannelVar: request('setChannelVar'), play: request('play'), continueInDialplan: request('continueInDialplan'), hangup: request('hangup') },
    playbacks: { stop: request('stop') },
  } as unknown as AriIvrRequests;
  return {
    client,
    sent,
    /** Answers every request waiting now (or fails the one named). */
    answerAll: () => pending.splice(0).forEach((p) => p.resolve()),
    fail: (name: string, error: Error) => {
      const index = pending.findIndex((p) => p.request === name);
      pending.splice(index, 1)[0]!.reject(error);
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const channel = (ari: ReturnType<typeof fakeAri>) => new AriIvrChannel(ari.client, '1795.7', '1795.7', '13800138000', '/prompts', async () => null);

describe('the IVR channel over ARI', () => {
  it('sends the next prompt once Asterisk has the language (a write that comes during a prompt waits for its end)', async () => {
    const ari = fakeAri();
    const ivr = channel(ari);
    await ivr.setLanguage('en'); // resolves before Asterisk answers
    void ivr.play([{ prompt: 'main-menu', lang: 'en' }]);
    await tick();
    expect(ari.sent).toEqual(['setChannelVar __HOTLINE_LANG', 'setChannelVar CHANNEL(language)']);
    ari.answerAll();
    await tick();
    expect(ari.sent.at(-1)).toBe('play');
  });

  it('hands the caller to the queue only after the language and intent are set', async () => {
    const ari = fakeAri();
    const ivr = channel(ari);
    await ivr.setLanguage('en');
    await ivr.setIntent('report');
    const queued = ivr.toQueue('en');
    await tick();
    expect(ari.sent).not.toContain('continueInDialplan hotline-queue');
    ari.answerAll();
    await tick();
    expect(ari.sent.at(-1)).toBe('continueInDialplan hotline-queue');
    ari.answerAll();
    await queued;
    expect(ari.sent.filter((request) => request.startsWith('setChannelVar'))).toEqual([
      'setChannelVar __HOTLINE_LANG',
      'setChannelVar CHANNEL(language)',
      'setChannelVar __HOTLINE_INTENT',
      'setChannelVar __HOTLINE_LANG',
      'setChannelVar HOTLINE_QUEUE_MAX_WAIT',
      'setChannelVar HOTLINE_QUEUE_POSITION',
    ]);
  });

  it('fails the hand-over, not the prompt, when Asterisk refused the intent', async () => {
    const ari = fakeAri();
    const ivr = channel(ari);
    await ivr.setIntent('report');
    ari.fail('setChannelVar __HOTLINE_INTENT', new Error('Channel not found'));
    await tick(); // held, not an unhandled rejection
    const queued = ivr.toQueue('zh');
    ari.answerAll();
    await expect(queued).rejects.toThrow('Channel not found');
    expect(ari.sent).not.toContain('continueInDialplan hotline-queue');
  });
});
