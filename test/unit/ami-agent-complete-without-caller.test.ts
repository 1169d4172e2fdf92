// AgentComplete without the caller's side: app_queue looks the caller's channel up when the call ends, and a
// caller whose channel is already gone (they hung up first, Asterisk busy) leaves only the operator's side
// (Dest…). Seen in the full test suite: the wrap-up started with no call id and the call's recording was not
// archived. The event here is a recorded real AgentComplete with the caller's fields taken off, as Asterisk
// builds it without the caller's snapshot.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { AmiEventRouter } from '../../src/pbx/ami-event-router.ts';
import { mapAmiEvent } from '../../src/pbx/ami-events.ts';
import type { QueueEvent } from '../../src/queues/queue-events.ts';

const recorded = readFileSync(new URL('../fixtures/ami/queue-call-answered.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as AmiMessage);
const connect = recorded.find((message) => message.event === 'AgentConnect')!;
const complete = recorded.find((message) => message.event === 'AgentComplete')!;
/** The event as Asterisk sends it when the caller's snapshot is gone: the operator's side (Dest…) and the queue's fields only. */
const CALLER_FIELDS = ['channel', 'channelstate', 'channelstatedesc', 'calleridnum', 'calleridname', 'connectedlinenum', 'connectedlinename', 'language', 'accountcode', 'context', 'exten', 'priority', 'uniqueid', 'linkedid', 'chanvariable'];
const withoutCaller = (message: AmiMessage, drop: string[] = []) =>
  Object.fromEntries(Object.entries(message).filter(([key]) => !CALLER_FIELDS.includes(key) && !drop.includes(key))) as AmiMessage;

const CALLER = { uniqueid: '1795254608.0', linkedid: '1795254608.0', caller: '13800138000', queue: 'hotline-zh', lang: 'zh' };

it('takes the caller from the operator’s channel: the call id it inherited, its connected line', () => {
  expect(mapAmiEvent(withoutCaller(complete))).toEqual({ type: 'agent-completed', agentInterface: 'PJSIP/1001', talkSeconds: 9, reason: 'caller', ...CALLER });
  // unchanged when the caller is there
  expect(mapAmiEvent(complete)).toEqual({ type: 'agent-completed', agentInterface: 'PJSIP/1001', talkSeconds: 9, reason: 'caller', ...CALLER });
});

it('takes the caller of the phone’s AgentConnect when the operator’s channel has no call id either', () => {
  const router = new AmiEventRouter(['hotline-zh', 'hotline-en'], createLogger('silent'));
  const seen: QueueEvent[] = [];
  router.subscribe('test', (event) => seen.push(event));
  router.route(connect);
  router.route(withoutCaller(complete, ['destchanvariable']));
  expect(seen.at(-1)).toEqual({ type: 'agent-completed', agentInterface: 'PJSIP/1001', talkSeconds: 9, reason: 'caller', ...CALLER });
  // that AgentConnect is used once: a second AgentComplete of the phone without a caller stays without one
  router.route(withoutCaller(complete, ['destchanvariable']));
  expect(seen.at(-1)).toMatchObject({ type: 'agent-completed', uniqueid: '' });
});
