// The rebuild after an AMI (re)connect is retried while that connection lasts: Asterisk takes manager logins
// before app_queue is loaded, so QueueStatus can be an unknown command for a moment after a restart.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { ATTEMPTS, retryWhileConnected } from '../../src/wiring/retry-while-connected.ts';

function flakyStep(failures: number) {
  let calls = 0;
  return {
    calls: () => calls,
    step: async () => {
      calls++;
      if (calls <= failures) throw new Error('AMI QueueStatus: Invalid/unknown command: QueueStatus');
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a step retried while the connection lasts', () => {
  it('runs again each second until it succeeds, then stops', async () => {
    const { calls, step } = flakyStep(2);
    retryWhileConnected(step, () => true, createLogger('silent'), 'rebuild').connected();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls()).toBe(3);
  });

  it('gives up after its attempts, and when the connection is lost; a new connection starts over', async () => {
    let connected = true;
    const { calls, step } = flakyStep(Number.MAX_SAFE_INTEGER);
    const retries = retryWhileConnected(step, () => connected, createLogger('silent'), 'rebuild');
    retries.connected();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls()).toBe(ATTEMPTS);
    retries.connected();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(calls()).toBe(ATTEMPTS + 3);
    connected = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls()).toBe(ATTEMPTS + 3);
  });

  it('leaves the old connection’s tries behind when a new one starts', async () => {
    const { calls, step } = flakyStep(Number.MAX_SAFE_INTEGER);
    const retries = retryWhileConnected(step, () => true, createLogger('silent'), 'rebuild');
    retries.connected();
    retries.connected();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(3_000);
    // one chain of tries, one a second: not two
    expect(calls()).toBe(5);
  });
});
