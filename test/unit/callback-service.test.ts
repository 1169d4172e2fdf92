// The call-back state machine over a migrated in-memory database, fed the events Asterisk sends (see
// test/integration/callbacks.test.ts for the real thing): one open request per number, the place kept from
// the anchor, retries within opening hours, cancelling, and a server that comes back after Asterisk served it.
import { describe, expect, it } from 'vitest';
import { CallbackError, CallbackService, type CallbackPlacer, type LineView } from '../../src/callbacks/callback-service.ts';
import { CallbackRepository } from '../../src/db/callback-repository.ts';
import { createLogger } from '../../src/log.ts';
import { defaultLineSettings } from '../../src/queues/line-settings.ts';
import { freshDatabase } from '../helpers/test-db.ts';

const T0 = Date.parse('2026-11-23T02:00:00Z'); // a Monday, 10:00 in Beijing

function setup(options: { open?: (at: Date) => boolean; waiting?: { uniqueid: string; joinedAt: number; callbackId: number | null }[] } = {}) {
  const db = freshDatabase();
  const store = new CallbackRepository(db);
  let now = T0;
  const placed: { id: number; position: number }[] = [];
  const withdrawn: string[] = [];
  const stored = new Map<number, string>();
  const placer: CallbackPlacer = {
    place: async (request, position) => void placed.push({ id: request.id, position }),
    storedResult: async (id) => stored.get(id),
    withdraw: async (uniqueid) => void withdrawn.push(uniqueid),
  };
  const waiting = options.waiting ?? [];
  const line: LineView = { waiting: () => waiting };
  const settings = { ...defaultLineSettings(), callbackAttempts: 2, callbackRetryMinutes: 10 };
  const outcomes: string[] = [];
  const service = new CallbackService(store, placer, line, {
    queueOf: (lang) => `hotline-${lang}`,
    settings: () => settings,
    isOpen: options.open ?? (() => true),
    log: createLogger('silent'),
    now: () => new Date(now),
    onOutcome: (request) => outcomes.push(`${request.id}:${request.status}`),
  });
  return { service, store, placed, withdrawn, stored, waiting, outcomes, advance: (ms: number) => (now += ms), at: () => now };
}

describe('booking a call-back', () => {
  it('refuses a number that is not a mainland phone number, and stores nothing', () => {
    const { service, store } = setup();
    for (const number of ['12345', '1380013800', '23800138000', '010-1234567', '']) {
      expect(() => service.book({ number, lang: 'zh', intent: null, source: 'desk' })).toThrow(CallbackError);
    }
    expect(store.list({ limit: 10 })).toEqual([]);
  });

  it('keeps one open request per number: a second merges into the first and keeps the earlier place', () => {
    const { service } = setup({ open: () => false });
    const first = service.book({ number: '13800138000', lang: 'zh', intent: 'complaint', source: 'ivr', anchor: new Date(T0) });
    const second = service.book({ number: '+8613800138000', lang: 'zh', intent: 'report', source: 'queue', anchor: new Date(T0 - 60_000) });
    expect(second.merged).toBe(true);
    expect(second.request.id).toBe(first.request.id);
    expect(second.request.anchorAt).toBe(new Date(T0 - 60_000).toISOString());
    expect(second.request.intent).toBe('complaint');
    const third = service.book({ number: '13800138000', lang: 'zh', intent: null, source: 'desk', anchor: new Date(T0 + 60_000) });
    expect(third.request.anchorAt).toBe(new Date(T0 - 60_000).toISOString());
  });

  it('is placed behind everyone who stood in line before its anchor, and before those who came later', async () => {
    const waiting = [
      { uniqueid: 'a', joinedAt: T0 - 120_000, callbackId: null },
      { uniqueid: 'c', joinedAt: T0 - 30_000, callbackId: null },
    ];
    const { service, placed } = setup({ waiting });
    service.book({ number: '13800138001', lang: 'zh', intent: null, source: 'queue', anchor: new Date(T0 - 60_000) });
    await service.placeDue();
    expect(placed).toEqual([{ id: 1, position: 2 }]);
    expect(service.positionAt('hotline-zh', new Date(T0))).toBe(3);
  });
});

describe('serving a call-back', () => {
  const served = async (status: string) => {
    const context = setup();
    const { request } = context.service.book({ number: '13800138002', lang: 'en', intent: null, source: 'desk' });
    await context.service.placeDue();
    context.service.handle({ type: 'caller-joined', uniqueid: 'ph-1', linkedid: 'ph-1', caller: '13800138002', queue: 'hotline-en', position: 1, callbackId: request.id });
    context.service.handle({ type: 'agent-connected', uniqueid: 'ph-1', linkedid: 'ph-1', caller: '13800138002', queue: 'hotline-en', agentInterface: 'PJSIP/1001', holdSeconds: 3, ringSeconds: 1, callbackId: request.id });
    context.service.handle({ type: 'callback-status', callbackId: request.id, status });
    return { ...context, id: request.id };
  };

  it('is connected when the citizen answers, and the outcome is noted', async () => {
    const { store, id, outcomes } = await served('ANSWER');
    expect(store.byId(id)).toMatchObject({ status: 'connected', attempts: 1, lastDialStatus: 'ANSWER', placeholderUniqueid: 'ph-1' });
    expect(outcomes).toEqual([`${id}:connected`]);
  });

  it('is tried again after the retry interval when nobody answers, then marked no-answer after the last attempt', async () => {
    const { service, store, id, placed, advance, at, outcomes } = await served('BUSY');
    expect(store.byId(id)).toMatchObject({ status: 'pending', attempts: 1, lastDialStatus: 'BUSY', nextAttemptAt: new Date(at() + 10 * 60_000).toISOString() });
    advance(5 * 60_000);
    expect(await service.placeDue()).toBe(0);
    advance(5 * 60_000);
    expect(await service.placeDue()).toBe(1);
    expect(placed).toHaveLength(2);
    service.handle({ type: 'agent-connected', uniqueid: 'ph-2', linkedid: 'ph-2', caller: '13800138002', queue: 'hotline-en', agentInterface: 'PJSIP/1001', holdSeconds: 3, ringSeconds: 1, callbackId: id });
    service.handle({ type: 'callback-status', callbackId: id, status: 'NOANSWER' });
    expect(store.byId(id)).toMatchObject({ status: 'no-answer', attempts: 2, lastDialStatus: 'NOANSWER' });
    expect(outcomes).toEqual([`${id}:no-answer`]);
  });

  it('retries only within opening hours: a retry due after closing waits for the next opening', async () => {
    // open 08:00–20:00 Beijing (00:00–12:00 UTC)
    const open = (at: Date) => at.getUTCHours() < 12;
    const context = setup({ open });
    context.advance(9 * 3_600_000 + 55 * 60_000); // 19:55 Beijing
    const { request } = context.service.book({ number: '13800138003', lang: 'zh', intent: null, source: 'desk' });
    await context.service.placeDue();
    context.service.handle({ type: 'agent-connected', uniqueid: 'ph', linkedid: 'ph', caller: '13800138003', queue: 'hotline-zh', agentInterface: 'PJSIP/1001', holdSeconds: 0, ringSeconds: 1, callbackId: request.id });
    context.service.handle({ type: 'callback-status', callbackId: request.id, status: 'NOANSWER' });
    const next = new Date(context.store.byId(request.id)!.nextAttemptAt!);
    expect(open(next)).toBe(true);
    // the next morning's opening (08:00 Beijing), found in quarter-hour steps
    expect(next.getTime() - Date.parse('2026-11-24T00:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(next.getTime() - Date.parse('2026-11-24T00:00:00Z')).toBeLessThan(15 * 60_000);
    context.advance(3_600_000);
    expect(await context.service.placeDue()).toBe(0);
  });

  it('goes back in line later when its placeholder left the queue unanswered (QUEUE-…), without counting an attempt', async () => {
    const context = setup();
    const { request } = context.service.book({ number: '13800138004', lang: 'zh', intent: null, source: 'desk' });
    await context.service.placeDue();
    context.service.handle({ type: 'callback-status', callbackId: request.id, status: 'QUEUE-TIMEOUT' });
    expect(context.store.byId(request.id)).toMatchObject({ status: 'pending', attempts: 0, placeholderUniqueid: null });
  });
});

describe('cancelling a call-back', () => {
  it('takes a request standing in line out of it; later events of its placeholder change nothing', async () => {
    const { service, store, withdrawn, outcomes } = setup();
    const { request } = service.book({ number: '13800138005', lang: 'zh', intent: null, source: 'desk' });
    await service.placeDue();
    service.handle({ type: 'caller-joined', uniqueid: 'ph-5', linkedid: 'ph-5', caller: '13800138005', queue: 'hotline-zh', position: 1, callbackId: request.id });
    expect((await service.cancel(request.id)).status).toBe('cancelled');
    expect(withdrawn).toEqual(['ph-5']);
    service.handle({ type: 'agent-connected', uniqueid: 'ph-5', linkedid: 'ph-5', caller: '13800138005', queue: 'hotline-zh', agentInterface: 'PJSIP/1001', holdSeconds: 0, ringSeconds: 1, callbackId: request.id });
    expect(store.byId(request.id)!.status).toBe('cancelled');
    expect(outcomes).toEqual([`${request.id}:cancelled`]);
    await expect(service.cancel(request.id)).rejects.toMatchObject({ statusCode: 409 });
    await expect(service.cancel(999)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses while the citizen is being dialled', async () => {
    const { service } = setup();
    const { request } = service.book({ number: '13800138006', lang: 'zh', intent: null, source: 'desk' });
    await service.placeDue();
    service.handle({ type: 'agent-connected', uniqueid: 'ph', linkedid: 'ph', caller: '13800138006', queue: 'hotline-zh', agentInterface: 'PJSIP/1001', holdSeconds: 0, ringSeconds: 1, callbackId: request.id });
    await expect(service.cancel(request.id)).rejects.toMatchObject({ statusCode: 409, message: expect.stringMatching(/being served/) });
  });
});

describe('a server that comes back', () => {
  it('takes the result Asterisk stored for a call-back served while it was away, and places again one Asterisk lost', async () => {
    const { service, store, stored } = setup();
    const kept = service.book({ number: '13800138007', lang: 'zh', intent: null, source: 'desk' }).request;
    const servedAway = service.book({ number: '13800138008', lang: 'zh', intent: null, source: 'desk' }).request;
    const lost = service.book({ number: '13800138009', lang: 'zh', intent: null, source: 'desk' }).request;
    await service.placeDue();
    stored.set(servedAway.id, 'ANSWER');
    await service.reconcile(new Set([kept.id]));
    expect(store.byId(kept.id)!.status).toBe('queued');
    expect(store.byId(servedAway.id)).toMatchObject({ status: 'connected', attempts: 1 });
    expect(store.byId(lost.id)).toMatchObject({ status: 'pending', placeholderUniqueid: null });
  });
});
