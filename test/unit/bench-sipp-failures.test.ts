// bench:load names every call SIPp counted as failed: its Call-ID, caller number and why, read from SIPp's own
// call-debug and error files. The fixtures are real SIPp 3.6.1 output: callers whose operator's phone never
// hung up (a receive timeout after the answer) and a caller sent a message it did not expect.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { sippFailures } from '../../scripts/bench-load/sipp-failures.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/sipp/${name}`, import.meta.url));

it('names each call that timed out after the answer, with its number and the timeout', () => {
  expect(sippFailures(fixture('timeout.calldebug.txt'), fixture('timeout.errors.txt'))).toEqual([
    { callId: expect.stringMatching(/^1-\d+@127\.0\.0\.1$/), number: '13800000001', reason: 'receive timeout on message uac waits for bye:4 without label to jump to (ontimeout attribute)' },
    { callId: expect.stringMatching(/^2-\d+@127\.0\.0\.1$/), number: '13800000002', reason: 'receive timeout on message uac waits for bye:4 without label to jump to (ontimeout attribute)' },
  ]);
});

it('names a call aborted on an unexpected message, from the error file or, without it, the call-debug file', () => {
  const [failure, ...others] = sippFailures(fixture('unexpected.calldebug.txt'), fixture('unexpected.errors.txt'));
  expect(others).toEqual([]);
  expect(failure).toEqual({ callId: expect.stringMatching(/^1-\d+@/), number: '13800000001', reason: "while expecting '200' (index 1), received 'SIP/2.0 180 Ringing" });
  expect(sippFailures(fixture('unexpected.calldebug.txt'))).toEqual([{ callId: failure!.callId, number: '13800000001', reason: 'unexpected message: SIP/2.0 180 Ringing' }]);
});

it('finds no failures when SIPp wrote no call-debug file (no call was aborted)', () => {
  expect(sippFailures(fixture('absent.calldebug.txt'), fixture('timeout.errors.txt'))).toEqual([]);
});
