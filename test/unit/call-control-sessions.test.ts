// The operators' sessions followed from channel events, and the mirror of channels and bridges under them.
import { describe, expect, it } from 'vitest';
import { ChannelMirror, extensionOfChannel } from '../../src/calls/call-control-channels.ts';
import { OperatorCalls } from '../../src/calls/call-control-sessions.ts';

describe('operators’ call sessions', () => {
  it('reads a session’s case number once, however many channel events arrive', () => {
    let reads = 0;
    const calls = new OperatorCalls({
      dialOutByOperatorUniqueid: () => undefined,
      inboundCall: (uniqueid) => (uniqueid === 'citizen-1' ? { callId: 7, caseId: 42 } : undefined),
      caseNumber: (caseId) => {
        reads++;
        return caseId === 42 ? '261121000017' : null;
      },
    });
    calls.mirror.apply({ type: 'channel-new', uniqueid: 'citizen-1', name: 'PJSIP/anonymous-00000001', state: 'up', callerNumber: '13800138000' });
    calls.mirror.apply({ type: 'channel-new', uniqueid: 'operator-1', name: 'PJSIP/1001-00000002', state: 'up', callerNumber: '1001' });
    calls.mirror.apply({ type: 'bridge-enter', uniqueid: 'citizen-1', name: 'PJSIP/anonymous-00000001', bridgeId: 'b1' });
    calls.mirror.apply({ type: 'bridge-enter', uniqueid: 'operator-1', name: 'PJSIP/1001-00000002', bridgeId: 'b1' });
    calls.reconcile();
    const session = calls.session('1001')!;
    for (let event = 0; event < 50; event++) expect(calls.stateOf(session)).toMatchObject({ caseNumber: '261121000017', citizen: '13800138000', state: 'talking' });
    expect(reads).toBe(1);
  });
});

describe('the mirror of channels and bridges', () => {
  it('knows an operator’s phone by any extension an account may have (3–6 digits), and nothing else', () => {
    expect(['PJSIP/1001-0000002a', 'PJSIP/1250-00000001', 'PJSIP/301-0000000b', 'PJSIP/880012-000000ff'].map(extensionOfChannel)).toEqual(['1001', '1250', '301', '880012']);
    expect(['PJSIP/anonymous-00000001', 'PJSIP/hotline-trunk-00000002', 'Local/hold@hotline-callback-00000003;2', 'PJSIP/12-00000004', 'PJSIP/1234567-00000005'].map(extensionOfChannel)).toEqual([
      undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  const newChannel = (mirror: ChannelMirror, uniqueid: string, name: string, state: 'ringing' | 'up' = 'up') =>
    mirror.apply({ type: 'channel-new', uniqueid, name, state, callerNumber: '' });

  it('finds an operator’s channel and a bridge’s members through its indexes, as the events left them', () => {
    const mirror = new ChannelMirror();
    newChannel(mirror, 'a', 'PJSIP/anonymous-00000001');
    newChannel(mirror, 'ring', 'PJSIP/1002-00000002', 'ringing');
    newChannel(mirror, 'talk', 'PJSIP/1002-00000003');
    newChannel(mirror, 'x', 'PJSIP/anonymous-00000004');
    expect([...mirror.extensions()]).toEqual(['1002']);
    expect(mirror.operatorChannel('1002')?.uniqueid).toBe('talk');
    mirror.apply({ type: 'bridge-enter', uniqueid: 'x', name: 'PJSIP/anonymous-00000004', bridgeId: 'b' });
    mirror.apply({ type: 'bridge-enter', uniqueid: 'ring', name: 'PJSIP/1002-00000002', bridgeId: 'b' });
    mirror.apply({ type: 'bridge-enter', uniqueid: 'a', name: 'PJSIP/anonymous-00000001', bridgeId: 'b' });
    expect(mirror.operatorChannel('1002')?.uniqueid).toBe('ring'); // bridged beats answered
    // members in the order the channels appeared, not the order they entered
    expect(mirror.bridgeMembers('b', 'ring').map((c) => c.uniqueid)).toEqual(['a', 'x']);
    mirror.apply({ type: 'bridge-leave', uniqueid: 'a', name: 'PJSIP/anonymous-00000001', bridgeId: 'b' });
    mirror.apply({ type: 'channel-renamed', uniqueid: 'ring', name: 'PJSIP/1003-00000002' });
    expect(mirror.operatorChannel('1002')?.uniqueid).toBe('talk');
    expect(mirror.operatorChannel('1003')?.uniqueid).toBe('ring');
    mirror.apply({ type: 'channel-gone', uniqueid: 'talk', name: 'PJSIP/1002-00000003', cause: 16 });
    mirror.apply({ type: 'channel-gone', uniqueid: 'x', name: 'PJSIP/anonymous-00000004', cause: 16 });
    expect([...mirror.extensions()]).toEqual(['1003']);
    expect(mirror.bridgeMembers('b').map((c) => c.uniqueid)).toEqual(['ring']);
  });

  it('is what Asterisk lists after a reconnect, indexes included', () => {
    const mirror = new ChannelMirror();
    newChannel(mirror, 'old', 'PJSIP/1001-00000001');
    mirror.replace([
      { uniqueid: 'c', name: 'PJSIP/anonymous-0000000a', state: 'up', callerNumber: '13800138000', bridgeId: 'b1' },
      { uniqueid: 'o', name: 'PJSIP/1004-0000000b', state: 'up', callerNumber: '1004', bridgeId: 'b1' },
    ]);
    expect([...mirror.extensions()]).toEqual(['1004']);
    expect(mirror.bridgeMembers('b1', 'o').map((c) => c.callerNumber)).toEqual(['13800138000']);
    expect(mirror.operatorChannel('1001')).toBeUndefined();
  });
});
