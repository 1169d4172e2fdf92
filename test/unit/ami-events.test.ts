// The AMI event mapping, fed with events recorded from the real Asterisk 22 sandbox
// (scripts/record-ami-fixtures.mjs), exactly as asterisk-manager delivers them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { chanVariables, mapAmiEvent, queueMemberFrom } from '../../src/pbx/ami-events.ts';
import { QueueMembership } from '../../src/queues/queue-membership.ts';
import { isMemberEvent } from '../../src/queues/queue-events.ts';

const fixture = (name: string): AmiMessage[] =>
  readFileSync(new URL(`../fixtures/ami/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AmiMessage);

const mapped = (name: string) => fixture(name).map(mapAmiEvent).filter((event) => event !== null);

describe('AMI event mapping (recorded real events)', () => {
  it('follows an answered Mandarin queue call from join to hang-up', () => {
    const events = mapped('queue-call-answered.jsonl').filter((event) => !isMemberEvent(event));
    expect(events.map((event) => event.type)).toEqual([
      'caller-joined',
      'agent-called',
      'caller-left',
      'agent-connected',
      'agent-completed',
      'hangup',
      'hangup',
    ]);
    expect(events[1]).toEqual({
      type: 'agent-called',
      uniqueid: '1795254608.0',
      linkedid: '1795254608.0',
      caller: '13800138000',
      queue: 'hotline-zh',
      lang: 'zh',
      agentInterface: 'PJSIP/1001',
      memberName: 'op1001',
    });
    expect(events[3]).toMatchObject({ type: 'agent-connected', agentInterface: 'PJSIP/1001', holdSeconds: expect.any(Number), ringSeconds: expect.any(Number) });
    expect(events[4]).toMatchObject({ type: 'agent-completed', reason: expect.stringMatching(/caller|agent/) });
  });

  it('carries the language the IVR chose (press 2 → hotline-en, HOTLINE_LANG=en)', () => {
    const called = mapped('queue-call-answered-en-via-ivr.jsonl').find((event) => event.type === 'agent-called');
    expect(called).toMatchObject({ queue: 'hotline-en', lang: 'en', agentInterface: 'PJSIP/1001' });
  });

  it('reads channel variables from the ChanVariable object, not the agent leg’s DestChanVariable array', () => {
    const raw = fixture('queue-call-answered.jsonl').find((message) => message.event === 'AgentCalled')!;
    expect(Array.isArray(raw.destchanvariable)).toBe(true);
    expect(chanVariables(raw)).toMatchObject({ HOTLINE_LANG: 'zh', HOTLINE_CALLID: '1795254608.0' });
  });

  it('leaves out a language Asterisk did not set', () => {
    const raw = fixture('queue-call-answered.jsonl').find((message) => message.event === 'QueueCallerJoin')!;
    const unset = mapAmiEvent({ ...raw, chanvariable: { HOTLINE_LANG: '' } });
    expect(unset).not.toHaveProperty('lang');
  });

  it('maps member add, pause, unpause and remove, and applies them to the membership', () => {
    const membership = new QueueMembership();
    const events = mapped('queue-members.jsonl').filter(isMemberEvent);
    expect(events.map((event) => [event.type, event.paused])).toEqual([
      ['member-added', false],
      ['member-paused', true],
      ['member-paused', false],
      ['member-removed', false],
    ]);
    events.slice(0, 2).forEach((event) => membership.apply(event));
    expect(membership.get('hotline-zh', 'PJSIP/1001')).toMatchObject({ paused: true, memberName: 'op1001' });
    events.slice(2).forEach((event) => membership.apply(event));
    expect(membership.all()).toEqual([]);
  });

  it('ignores the QueueStatus list (read by the action) and events the domain does not use', () => {
    const all = fixture('queue-members.jsonl');
    const list = all.filter((message) => message.actionid);
    expect(list.map((message) => message.event)).toEqual(['QueueParams', 'QueueMember', 'QueueStatusComplete']);
    expect(list.map(mapAmiEvent)).toEqual([null, null, null]);
    expect(all.filter((message) => message.event === 'DeviceStateChange').map(mapAmiEvent).every((event) => event === null)).toBe(true);
  });

  it('reads a QueueStatus member entry (Location, Name) like a member event (Interface, MemberName)', () => {
    const entry = fixture('queue-members.jsonl').find((message) => message.event === 'QueueMember')!;
    expect(queueMemberFrom(entry)).toMatchObject({ queue: 'hotline-zh', agentInterface: 'PJSIP/1001', memberName: 'op1001', paused: false });
  });
});
