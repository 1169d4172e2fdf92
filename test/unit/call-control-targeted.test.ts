// Call control reconciles, on each channel event, only the operators that event can concern (its phone, the
// phones bridged with it before and after, the sessions naming it). Every desk state must come out exactly as
// reconciling every operator on every event would: checked event by event on recorded real queue calls and on
// scripted hold, consult, three-way, blind-transfer and click-to-call sequences, several calls interleaved.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChannelEvent, TransferTarget } from '../../src/calls/call-control-model.ts';
import { DIAL_OUT_CHANNEL_PREFIX, OperatorCalls } from '../../src/calls/call-control-sessions.ts';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { mapCallControlEvent } from '../../src/pbx/ami-call-control-events.ts';

const records = {
  dialOutByOperatorUniqueid: (uniqueid: string) => (uniqueid.startsWith(DIAL_OUT_CHANNEL_PREFIX) ? { id: 9, number: '13900000009', caseId: 5 } : undefined),
  inboundCall: (uniqueid: string) => ({ callId: uniqueid.length, caseId: uniqueid.endsWith('1') ? 11 : null }),
  caseNumber: (caseId: number) => `2611220000${caseId}`,
};

/** Step: an event, or an action of the desk (a consult begun) that the service follows with a full pass. */
type Step = ChannelEvent | { consult: string; target: TransferTarget };

function compare(steps: Step[]): number {
  const full = new OperatorCalls(records);
  const targeted = new OperatorCalls(records);
  const states = (calls: OperatorCalls, extensions: Set<string>) =>
    Object.fromEntries([...extensions].sort().map((extension) => [extension, calls.session(extension) ? calls.stateOf(calls.session(extension)!) : null]));
  let compared = 0;
  for (const step of steps) {
    if ('consult' in step) {
      for (const calls of [full, targeted]) {
        calls.session(step.consult)!.consult = step.target;
        calls.reconcile();
      }
    } else {
      full.mirror.apply(step);
      full.reconcile();
      const touched = targeted.affected(step);
      targeted.mirror.apply(step);
      targeted.affected(step, touched);
      targeted.reconcile(touched);
    }
    const extensions = new Set([...full.extensions(), ...targeted.extensions(), ...full.mirror.extensions()]);
    expect(states(targeted, extensions), JSON.stringify(step)).toEqual(states(full, extensions));
    compared += extensions.size;
  }
  return compared;
}

const up = (uniqueid: string, name: string, callerNumber = ''): ChannelEvent => ({ type: 'channel-new', uniqueid, name, state: 'up', callerNumber });
const ringing = (uniqueid: string, name: string): ChannelEvent => ({ type: 'channel-new', uniqueid, name, state: 'ringing', callerNumber: '' });
const answered = (uniqueid: string, name: string): ChannelEvent => ({ type: 'channel-state', uniqueid, name, state: 'up', callerNumber: '' });
const enter = (uniqueid: string, name: string, bridgeId: string): ChannelEvent => ({ type: 'bridge-enter', uniqueid, name, bridgeId });
const leave = (uniqueid: string, name: string, bridgeId: string): ChannelEvent => ({ type: 'bridge-leave', uniqueid, name, bridgeId });
const gone = (uniqueid: string, name: string): ChannelEvent => ({ type: 'channel-gone', uniqueid, name, cause: 16 });
const moh = (uniqueid: string, name: string, on: boolean): ChannelEvent => ({ type: on ? 'moh-start' : 'moh-stop', uniqueid, name });

/** A citizen answered by an operator: held and resumed, then a consult of a colleague, all three joined, the operator leaves. */
function consultCall(n: number, operator: string, colleague: string): Step[][] {
  const citizen = [`c${n}1`, `PJSIP/anonymous-0000${n}001`] as const;
  const phone = [`o${n}`, `PJSIP/${operator}-0000${n}002`] as const;
  const other = [`t${n}`, `PJSIP/${colleague}-0000${n}003`] as const;
  return [
    [up(...citizen, `1380000000${n}`), ringing(...phone), answered(...phone), enter(...citizen, `b${n}`), enter(...phone, `b${n}`)],
    [moh(...citizen, true), moh(...citizen, false)],
    [moh(...citizen, true), leave(...phone, `b${n}`), { consult: operator, target: { kind: 'operator', extension: colleague } }, enter(...phone, `k${n}`), ringing(...other), answered(...other), enter(...other, `k${n}`)],
    [leave(...other, `k${n}`), moh(...citizen, false), enter(...other, `b${n}`), leave(...phone, `k${n}`), enter(...phone, `b${n}`)],
    [leave(...phone, `b${n}`), gone(...phone)],
    [leave(...citizen, `b${n}`), gone(...citizen), leave(...other, `b${n}`), gone(...other)],
  ];
}

/** A citizen answered, then sent blind to a colleague: the operator's leg goes, the colleague's joins the citizen's bridge. */
function blindTransfer(n: number, operator: string, colleague: string): Step[][] {
  const citizen = [`c${n}1`, `PJSIP/anonymous-0000${n}101`] as const;
  const phone = [`o${n}`, `PJSIP/${operator}-0000${n}102`] as const;
  const other = [`t${n}`, `PJSIP/${colleague}-0000${n}103`] as const;
  return [
    [up(...citizen, `1390000000${n}`), ringing(...phone), answered(...phone), enter(...citizen, `b${n}`), enter(...phone, `b${n}`)],
    [leave(...phone, `b${n}`), gone(...phone), leave(...citizen, `b${n}`)],
    [ringing(...other), answered(...other), enter(...citizen, `x${n}`), enter(...other, `x${n}`)],
    [{ type: 'blind-transfer', success: true, result: 'Success', transfererUniqueid: phone[0], extension: `op${colleague}` }, leave(...other, `x${n}`), gone(...other), gone(...citizen)],
  ];
}

/** Click-to-call: the operator's phone first (our channel id), then the trunk, bridged; dial-end names both. */
function clickToCall(n: number, operator: string): Step[][] {
  const phone = [`${DIAL_OUT_CHANNEL_PREFIX}${n}`, `PJSIP/${operator}-0000${n}201`] as const;
  const trunk = [`k${n}1`, `PJSIP/hotline-trunk-0000${n}202`] as const;
  return [
    [ringing(...phone), { type: 'originate-response', uniqueid: phone[0], success: true, reason: '4' }, answered(...phone)],
    [ringing(...trunk), enter(...phone, `d${n}`), answered(...trunk), { type: 'dial-end', uniqueid: phone[0], destUniqueid: trunk[0], dialStatus: 'ANSWER' }, enter(...trunk, `d${n}`)],
    [moh(...trunk, true), moh(...trunk, false), leave(...trunk, `d${n}`), gone(...trunk), leave(...phone, `d${n}`), gone(...phone)],
  ];
}

/** Phases of several calls taken in turn, so that their events interleave. */
function interleave(...calls: Step[][][]): Step[] {
  const steps: Step[] = [];
  for (let phase = 0; calls.some((call) => phase < call.length); phase++) for (const call of calls) steps.push(...(call[phase] ?? []));
  return steps;
}

describe('call control reconciling only the operators an event concerns', () => {
  it('gives every desk the state a pass over every operator gives, on scripted calls interleaved', () => {
    const compared = compare(
      interleave(consultCall(1, '1001', '1002'), blindTransfer(2, '1003', '1004'), clickToCall(3, '1005'), consultCall(4, '1006', '1007'), clickToCall(5, '1008')),
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('gives every desk the state a pass over every operator gives, on recorded real queue calls', () => {
    for (const fixture of ['queue-call-answered.jsonl', 'queue-call-answered-en-via-ivr.jsonl', 'wall-three-callers.jsonl']) {
      const events = readFileSync(new URL(`../fixtures/ami/${fixture}`, import.meta.url), 'utf8')
        .trim()
        .split('\n')
        .flatMap((line) => mapCallControlEvent(JSON.parse(line) as AmiMessage) ?? []);
      expect(events.length, fixture).toBeGreaterThan(5);
      compare(events);
    }
  });
});
