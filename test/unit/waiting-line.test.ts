// The pure parts of waiting in line: the estimated wait and how it is said, the announcement's prompts, the
// line settings admins may set; and wrap-up's state machine fed the events Asterisk sends.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { announcementPrompts } from '../../src/queues/queue-announcer.ts';
import { defaultLineSettings, validateLineSettings, validatePauseReasons } from '../../src/queues/line-settings.ts';
import { DEFAULT_HANDLE_SECONDS, estimateWaitSeconds, meanHandleSeconds, spokenMinutes } from '../../src/queues/wait-estimate.ts';
import { WrapUpError, WrapUpService, type WrapUpPorts, type WrapUpState } from '../../src/queues/wrap-up.ts';
import type { Agent } from '../../src/queues/agent-state.ts';

describe('the estimated wait', () => {
  it('is position × handle ÷ operators serving, from talk plus wrap-up (at least Asterisk’s 2 s guard)', () => {
    const handle = meanHandleSeconds([
      { talkSeconds: 100, wrapUpSeconds: 20 },
      { talkSeconds: 200, wrapUpSeconds: 0 },
      { talkSeconds: 58, wrapUpSeconds: null },
    ]);
    expect(handle).toBe((120 + 202 + 60) / 3);
    expect(estimateWaitSeconds({ position: 3, serving: 2, handleSeconds: 120 })).toBe(180);
    expect(estimateWaitSeconds({ position: 1, serving: 0, handleSeconds: 120 })).toBeNull();
    expect(meanHandleSeconds([])).toBe(DEFAULT_HANDLE_SECONDS);
  });

  it('is said as "less than a minute" or "about N minutes"', () => {
    expect([0, 59, 60, 89, 90, 179, 3_600].map(spokenMinutes)).toEqual([0, 0, 1, 1, 2, 3, 60]);
  });
});

describe('an announcement', () => {
  it('starts with the recording notice only the first time, and offers the call-back when asked to', () => {
    expect(announcementPrompts({ first: true, position: 3, estimateSeconds: 200, offer: true })).toEqual([
      'queue-recording-notice',
      'queue-position-before',
      'number-3',
      'queue-position-after',
      'queue-wait-about',
      'number-3',
      'queue-minutes',
      'queue-callback-offer',
    ]);
    expect(announcementPrompts({ first: false, position: 1, estimateSeconds: 30, offer: false })).toEqual([
      'queue-position-before',
      'number-1',
      'queue-position-after',
      'queue-wait-under-minute',
    ]);
    expect(announcementPrompts({ first: false, position: 2, estimateSeconds: 70, offer: false }).slice(-2)).toEqual(['number-1', 'queue-minute']);
    // nobody serving: the position only
    expect(announcementPrompts({ first: false, position: 2, estimateSeconds: null, offer: false })).toEqual(['queue-position-before', 'number-2', 'queue-position-after']);
  });
});

describe('line settings', () => {
  it('accepts the defaults and refuses what is out of range, unknown, or missing, with the field named', () => {
    expect(validateLineSettings(defaultLineSettings())).toEqual(defaultLineSettings());
    const bad = (change: (settings: Record<string, any>) => void) => {
      const settings = structuredClone(defaultLineSettings()) as Record<string, any>;
      change(settings);
      return () => validateLineSettings(settings);
    };
    expect(bad((s) => (s.queues['hotline-zh'].wrapUpSeconds = -1))).toThrow('body/queues/hotline-zh/wrapUpSeconds: a whole number from 0 to 600');
    expect(bad((s) => (s.queues['hotline-en'].announceEverySeconds = 5))).toThrow(/announceEverySeconds/);
    expect(bad((s) => delete s.queues['hotline-en'])).toThrow('body/queues/hotline-en: missing');
    expect(bad((s) => (s.queues['other'] = s.queues['hotline-zh']))).toThrow(/not a hotline queue/);
    expect(bad((s) => (s.callbackRetryMinutes = 0))).toThrow(/callbackRetryMinutes/);
    expect(bad((s) => (s.callbackAttempts = 11))).toThrow(/callbackAttempts/);
    expect(bad((s) => (s.colour = 'red'))).toThrow(/body\/colour: not a setting/);
    expect(bad((s) => (s.wrapUpRequiresCase = 'yes'))).toThrow(/wrapUpRequiresCase/);
  });

  it('keeps pause reasons bilingual, unique, and off the server’s own "wrap-up"', () => {
    expect(validatePauseReasons([{ code: 'lunch', zh: '午餐', en: 'Lunch' }])).toEqual([{ code: 'lunch', zh: '午餐', en: 'Lunch' }]);
    expect(() => validatePauseReasons([{ code: 'lunch', zh: '午餐' }])).toThrow('body/0/en');
    expect(() => validatePauseReasons([{ code: 'wrap-up', zh: '后处理', en: 'Wrap-up' }])).toThrow(/server's own/);
    expect(() => validatePauseReasons([{ code: 'a-b', zh: 'x', en: 'y' }, { code: 'a-b', zh: 'x', en: 'y' }])).toThrow(/twice/);
    expect(() => validatePauseReasons([])).toThrow(/1 to 30/);
  });
});

describe('wrap-up', () => {
  const operator: Agent = { userId: 7, username: 'op1001', extension: '1001', languages: ['zh'], desiredState: 'available', pauseReason: null };
  function setup(options: { caseSaved?: boolean; wrapUpSeconds?: number; desiredState?: Agent['desiredState'] } = {}) {
    const events: string[] = [];
    const notices: (WrapUpState | null)[] = [];
    const recorded: { uniqueid: string; seconds: number; noCaseNeeded: boolean }[] = [];
    let now = 1_000_000;
    const agent = { ...operator, desiredState: options.desiredState ?? 'available' };
    const ports: WrapUpPorts = {
      agentOfInterface: (agentInterface) => (agentInterface === `PJSIP/${agent.extension}` ? agent : undefined),
      agentOfUser: (userId) => (userId === agent.userId ? agent : undefined),
      pause: async () => (events.push('pause'), { state: 'paused' } as never),
      resume: async () => (events.push('resume'), { state: 'available' } as never),
      caseSaved: () => options.caseSaved,
      recordWrapUp: (uniqueid, seconds, noCaseNeeded) => void recorded.push({ uniqueid, seconds, noCaseNeeded }),
      notify: (_userId, state) => void notices.push(state),
    };
    const settings = defaultLineSettings();
    settings.queues['hotline-zh']!.wrapUpSeconds = options.wrapUpSeconds ?? 30;
    const service = new WrapUpService(ports, () => settings, createLogger('silent'), () => now);
    const completed = () =>
      service.handle({ type: 'agent-completed', uniqueid: 'call-1', linkedid: 'call-1', caller: '13800138000', queue: 'hotline-zh', agentInterface: 'PJSIP/1001', talkSeconds: 60, reason: 'caller' });
    return { service, events, notices, recorded, completed, advance: (ms: number) => (now += ms) };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('pauses the operator after a call for the queue’s wrap-up seconds and tells the desk when it ends', async () => {
    const { service, events, notices, completed } = setup();
    completed();
    await settle();
    expect(events).toEqual(['pause']);
    expect(notices[0]).toMatchObject({ callId: 'call-1', startedAt: 1_000_000, endsAt: 1_030_000, requiresCase: true });
    expect(service.current(7)).toMatchObject({ callId: 'call-1' });
    service.stop();
  });

  it('refuses ready while the case is a draft, unless the call needs no case; records the time taken', async () => {
    const { service, events, notices, recorded, completed, advance } = setup({ caseSaved: false });
    completed();
    await settle();
    advance(12_000);
    await expect(service.ready(7)).rejects.toBeInstanceOf(WrapUpError);
    expect(events).toEqual(['pause']);
    await service.ready(7, { noCaseNeeded: true });
    expect(events).toEqual(['pause', 'resume']);
    expect(notices.at(-1)).toBeNull();
    expect(recorded).toEqual([{ uniqueid: 'call-1', seconds: 12, noCaseNeeded: true }]);
    expect(service.current(7)).toBeUndefined();
  });

  it('lets a saved case through, and leaves alone an operator who had paused or a queue without wrap-up', async () => {
    const saved = setup({ caseSaved: true });
    saved.completed();
    await settle();
    await saved.service.ready(7);
    expect(saved.events).toEqual(['pause', 'resume']);
    for (const options of [{ desiredState: 'paused' as const }, { wrapUpSeconds: 0 }]) {
      const other = setup(options);
      other.completed();
      await settle();
      expect(other.events).toEqual([]);
    }
  });
});
