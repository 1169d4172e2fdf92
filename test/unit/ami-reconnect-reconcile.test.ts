// After an AMI reconnect, what Asterisk lists settles what the server missed: calls it no longer has end,
// operator legs whose call has no pop get their ring (and answer) applied.
import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../src/live/live-model.ts';
import { hangupsOfLostCalls } from '../../src/pbx/ami-lost-calls.ts';
import { missedRings } from '../../src/pbx/ami-missed-rings.ts';

type Channel = LiveSnapshot['channels'][number];
const channel = (fields: Partial<Channel> & Pick<Channel, 'name' | 'uniqueid'>): Channel => ({
  linkedid: fields.uniqueid,
  caller: '',
  application: '',
  applicationData: '',
  bridged: false,
  seconds: 0,
  lang: null,
  intent: null,
  callbackId: null,
  ...fields,
});
const caller = channel({ name: 'PJSIP/anonymous-00000001', uniqueid: '100.1', caller: '13800138000', application: 'Queue', applicationData: 'hotline-en,rtb(hotline-operator-leg^s^1),,,300', lang: 'en', intent: 'report', bridged: true });
const snapshot = (...channels: Channel[]): LiveSnapshot => ({ members: [], entries: [], channels });

describe('calls lost while the server could not hear Asterisk', () => {
  it('ends the open calls Asterisk no longer lists, and only those', () => {
    const hangups = hangupsOfLostCalls([{ uniqueid: '100.1', linkedid: '100.1' }, { uniqueid: '99.7', linkedid: '99.7' }], snapshot(caller));
    expect(hangups).toEqual([{ event: 'Hangup', uniqueid: '99.7', linkedid: '99.7', cause: '0', causetxt: 'lost while the server could not hear Asterisk' }]);
  });
});

describe('rings the server did not hear', () => {
  const answered = channel({ name: 'PJSIP/1001-00000002', uniqueid: '100.2', linkedid: '100.1', application: 'AppQueue', applicationData: '(Outgoing Line)', bridged: true });
  const ringing = channel({ name: 'PJSIP/1002-00000003', uniqueid: '100.3', linkedid: '100.1', application: 'AppQueue', applicationData: '(Outgoing Line)' });

  it('gives an answered operator leg with no pop its ring and its answer, with what the caller’s channel says', () => {
    expect(missedRings(snapshot(caller, answered), ['hotline-zh', 'hotline-en'], () => undefined)).toEqual([
      { type: 'agent-called', uniqueid: '100.1', linkedid: '100.1', caller: '13800138000', queue: 'hotline-en', lang: 'en', intent: 'report', callbackId: undefined, agentInterface: 'PJSIP/1001', memberName: '' },
      expect.objectContaining({ type: 'agent-connected', uniqueid: '100.1', agentInterface: 'PJSIP/1001', holdSeconds: undefined }),
    ]);
  });

  it('gives a ringing leg its ring only, and nothing to a leg whose call already popped', () => {
    const rings = missedRings(snapshot(caller, answered, ringing), ['hotline-en'], (agentInterface) => (agentInterface === 'PJSIP/1001' ? '100.1' : undefined));
    expect(rings.map((ring) => [ring.type, ring.agentInterface])).toEqual([['agent-called', 'PJSIP/1002']]);
  });

  it('leaves legs of other lines’ queues and calls that are not queue calls alone', () => {
    const otherLine = { ...caller, applicationData: 'site-other,r' };
    expect(missedRings(snapshot(otherLine, answered), ['hotline-en'], () => undefined)).toEqual([]);
    const dialled = channel({ name: 'PJSIP/1003-00000004', uniqueid: '100.4', linkedid: '100.1', application: 'Dial', bridged: true });
    expect(missedRings(snapshot(caller, dialled), ['hotline-en'], () => undefined)).toEqual([]);
  });
});
