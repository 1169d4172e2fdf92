// The opening hours as an admin setting: HOTLINE_OPENING_HOURS until an admin sets rules, validated by the
// same parser, audited, and in force for the very next call the IVR answers — no restart.
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/config.ts';
import { SettingsRepository } from '../../src/db/settings-repository.ts';
import { CallerHungUp, type IvrChannel, type PromptRef, type RecordedMessage } from '../../src/ivr/ivr-channel.ts';
import { parseOpeningHours } from '../../src/ivr/opening-hours.ts';
import { createLogger } from '../../src/log.ts';
import { useAdminApp } from '../helpers/admin-app.ts';

const app = useAdminApp();

/** A caller who presses nothing and hangs up at the first question (the menu, or the message's beep). */
class CallerWhoListens implements IvrChannel {
  readonly uniqueid = `${Date.now()}.${Math.floor(Math.random() * 1000)}`;
  readonly linkedid = this.uniqueid;
  readonly caller = '13800138000';
  readonly heard: string[] = [];
  private answered = false;
  async play(prompts: PromptRef[]) {
    this.heard.push(...prompts.map((prompt) => prompt.prompt));
    return 'finished' as const;
  }
  async takeDigit() {
    if (this.answered) throw new CallerHungUp(this.uniqueid);
    this.answered = true; // the language choice: nothing pressed, Mandarin
    return null;
  }
  async record(): Promise<RecordedMessage> {
    throw new CallerHungUp(this.uniqueid);
  }
  async setLanguage(_lang: Language) {}
  async setIntent(_intent: string) {}
  clearDigits() {}
  async toQueue() {}
  async toMessage() {}
  async hangup() {}
}

/** What the next caller hears from the hotline as it runs now. */
async function nextCall() {
  const channel = new CallerWhoListens();
  await app.hotline.ivr.run(channel, createLogger('silent'));
  return channel.heard.includes('closed-now') ? 'closed' : channel.heard.includes('main-menu') ? 'open' : `unclear: ${channel.heard.join(', ')}`;
}

describe('the opening hours setting', () => {
  it('starts as HOTLINE_OPENING_HOURS', async () => {
    const { statusCode, body } = await app.request('supervisor', 'GET', '/api/admin/opening-hours');
    expect(statusCode).toBe(200);
    expect(body).toEqual({ text: 'workdays 08:30-17:30', defaultText: 'workdays 08:30-17:30' });
  });

  it('applies to the next call without a restart, and is audited', async () => {
    const saved = await app.request('admin', 'PUT', '/api/admin/opening-hours', { text: 'never' });
    expect(saved).toMatchObject({ statusCode: 200, body: { text: 'never', defaultText: 'workdays 08:30-17:30' } });
    expect(await nextCall()).toBe('closed');

    await app.request('admin', 'PUT', '/api/admin/opening-hours', { text: '  always ' });
    expect(await nextCall()).toBe('open');
    expect((await app.request('supervisor', 'GET', '/api/admin/opening-hours')).body.text).toBe('always');

    const audit = app.hotline.audit.recent().filter((entry) => entry.action === 'opening-hours');
    expect(audit.map((entry) => [entry.actorUserId, entry.details])).toEqual([
      [app.ids.admin, { before: { text: 'never', defaultText: 'workdays 08:30-17:30' }, after: { text: 'always', defaultText: 'workdays 08:30-17:30' } }],
      [app.ids.admin, { before: { text: 'workdays 08:30-17:30', defaultText: 'workdays 08:30-17:30' }, after: { text: 'never', defaultText: 'workdays 08:30-17:30' } }],
    ]);
  });

  it('is kept in the database for the next start', async () => {
    await app.request('admin', 'PUT', '/api/admin/opening-hours', { text: 'workdays 08:00-20:00; sat 09:00-12:00' });
    const restarted = new SettingsRepository(app.db, 300, parseOpeningHours('always'));
    expect(restarted.openingHours().text).toBe('workdays 08:00-20:00; sat 09:00-12:00');
    // Saturday 2026-11-21, 10:00 Beijing: open by the Saturday rule
    expect(restarted.openingHours().isOpen(new Date('2026-11-21T02:00:00Z'))).toBe(true);
  });

  it.each([
    [{ text: 'sometimes' }, /^body\/text: "sometimes" should read like "mon-fri 08:30-17:30"$/],
    [{ text: 'mon-fri 9-5' }, /^body\/text: "9" in "mon-fri 9-5" is not a time/],
    [{ text: 'workdays 17:30-08:30' }, /^body\/text: "workdays 17:30-08:30" closes before it opens$/],
    [{ text: 'weekdays 08:00-17:00' }, /^body\/text: "weekdays" in "weekdays 08:00-17:00" is not workdays, daily, or days like mon-fri$/],
    [{ text: '   ' }, /^body\/text: no rules/],
    [{ text: 'x'.repeat(201) }, /^body\/text: at most 200 characters$/],
    [{ hours: 'always' }, /^body\/text: required$/],
    [{ text: 8 }, /^body\/text: must be text$/],
  ])('refuses %j with 400 naming the field, changing and auditing nothing', async (body, message) => {
    const before = app.snapshot();
    const response = await app.request('admin', 'PUT', '/api/admin/opening-hours', body);
    expect(response).toMatchObject({ statusCode: 400, body: { message: expect.stringMatching(message) } });
    expect(app.snapshot()).toBe(before);
    expect(app.hotline.audit.recent().filter((entry) => entry.action === 'opening-hours')).toEqual([]);
    expect((await app.request('admin', 'GET', '/api/admin/opening-hours')).body.text).toBe('workdays 08:30-17:30');
  });

  it('is changed by admins only', async () => {
    for (const role of ['operator', 'supervisor', 'handler', 'exchange'] as const) {
      expect((await app.request(role, 'PUT', '/api/admin/opening-hours', { text: 'never' })).statusCode).toBe(403);
    }
    for (const role of ['operator', 'handler', 'exchange'] as const) expect((await app.request(role, 'GET', '/api/admin/opening-hours')).statusCode).toBe(403);
    expect(await nextCall()).toMatch(/^(open|closed)$/);
  });
});
