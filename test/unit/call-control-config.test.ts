// Call control's configuration and allow-list: a bad HOTLINE_TRUNK or timeout fails the start naming the
// variable; the default list lets citizens' numbers, the service lines and the operators' phones through and
// nothing else; the AMI mapping keeps what confirms each action.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIAL_OUT_PATTERNS, dialOutAllowed, validateDialOutPatterns } from '../../src/calls/call-control-dial-out.ts';
import { ConfigError } from '../../src/config.ts';
import { mapCallControlEvent } from '../../src/pbx/ami-call-control-events.ts';
import { transferExtension } from '../../src/pbx/ami-call-control.ts';
import { testConfig } from '../helpers/test-config.ts';

describe('call control configuration', () => {
  it('defaults to the sandbox trunk and fails the start on a bad value, naming the variable', () => {
    expect(testConfig().callControl).toEqual({ trunk: 'hotline-trunk', confirmTimeoutMs: 8000 });
    expect(testConfig({ HOTLINE_TRUNK: 'carrier.example_1' }).callControl.trunk).toBe('carrier.example_1');
    expect(() => testConfig({ HOTLINE_TRUNK: 'PJSIP/trunk' })).toThrow(ConfigError);
    expect(() => testConfig({ HOTLINE_TRUNK: 'PJSIP/trunk' })).toThrow(/^HOTLINE_TRUNK: "PJSIP\/trunk" is not a PJSIP endpoint name/);
    expect(() => testConfig({ HOTLINE_CALL_CONTROL_TIMEOUT_MS: '50' })).toThrow(/^HOTLINE_CALL_CONTROL_TIMEOUT_MS: /);
  });
});

describe('the dial-out allow-list', () => {
  const allowed = (number: string) => dialOutAllowed(number, DEFAULT_DIAL_OUT_PATTERNS);
  it('lets citizens’ mobiles and landlines, the service and emergency lines and the operators’ phones through', () => {
    for (const number of ['13912345678', '19912345678', '01012345678', '0755123456', '12345', '12331', '12315', '110', '120', '119', '1001', '1020']) {
      expect(allowed(number), number).toBe(true);
    }
  });
  it('keeps everything else out, matching whole numbers only', () => {
    for (const number of ['12912345678', '1391234567', '139123456789', '0085212345678', '1100', '11', '1021', '95123', '900123456', '110;1', '']) {
      expect(allowed(number), number).toBe(false);
    }
  });
  it('refuses a list that does not compile or is too long, naming the pattern', () => {
    expect(() => validateDialOutPatterns({ patterns: ['(12'] })).toThrow(/patterns\/0 "\(12" is not a regular expression/);
    expect(() => validateDialOutPatterns({ patterns: Array.from({ length: 51 }, () => '110') })).toThrow(/1 to 50/);
    expect(validateDialOutPatterns({ patterns: ['110'] })).toEqual(['110']);
  });
});

describe('the AMI events that confirm call control', () => {
  it('maps a three-way, a blind transfer and music on hold', () => {
    expect(mapCallControlEvent({ event: 'AttendedTransfer', result: 'Success', desttype: 'Threeway', origtransfereruniqueid: 'a.1', secondtransfereruniqueid: 'a.1', destbridgeuniqueid: 'b' })).toEqual({
      type: 'attended-transfer',
      success: true,
      threeway: true,
      transfererUniqueids: ['a.1', 'a.1'],
      bridgeId: 'b',
    });
    expect(mapCallControlEvent({ event: 'BlindTransfer', result: 'Success', transfereruniqueid: 'a.1', extension: 'op1002' })).toMatchObject({ type: 'blind-transfer', success: true, extension: 'op1002' });
    expect(mapCallControlEvent({ event: 'MusicOnHoldStart', channel: 'PJSIP/anonymous-1', uniqueid: 'c.1', class: 'default' })).toEqual({ type: 'moh-start', uniqueid: 'c.1', name: 'PJSIP/anonymous-1' });
    expect(mapCallControlEvent({ event: 'QueueMemberStatus' })).toBeNull();
  });
  it('names each target by its [hotline-transfer] extension', () => {
    expect(transferExtension({ kind: 'operator', extension: '1002' })).toBe('op1002');
    expect(transferExtension({ kind: 'queue', queue: 'hotline-en' })).toBe('queue-en');
    expect(transferExtension({ kind: 'external', number: '12345' })).toBe('out12345');
  });
});
