// The operators' sessions followed from channel events: what each desk is shown, and what it costs.
import { describe, expect, it } from 'vitest';
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
