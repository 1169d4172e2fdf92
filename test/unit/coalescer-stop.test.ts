// Stopping the coalescer with a send pending cancels it without upsetting the process's other timers: a
// Timeout handed to clearImmediate() once corrupted Node's count of pending immediates, after which a
// setImmediate callback (light-my-request delivering a request body, a batch yielding) could wait forever.
import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../src/realtime/coalescer.ts';

const immediateRuns = () =>
  Promise.race([new Promise<boolean>((resolve) => setImmediate(() => resolve(true))), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500))]);

describe('the coalescer, stopped with sends pending', () => {
  it('sends nothing afterwards, and setImmediate still runs', async () => {
    const sent: string[] = [];
    const delayed = new Coalescer(250, (key) => sent.push(key), () => 0, 20);
    const immediate = new Coalescer(250, (key) => sent.push(key), () => 0, 0);
    delayed.changed('kpis');
    immediate.changed('queue');
    delayed.stop();
    immediate.stop();
    expect(await immediateRuns()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sent).toEqual([]);
    expect(await immediateRuns()).toBe(true);
  });
});

describe('the coalescer over a long day', () => {
  it('forgets items sent longer than a window ago (each caller is an item: 10,000 callers, not 10,000 entries)', async () => {
    let now = 0;
    let sent = 0;
    const coalescer = new Coalescer(250, () => sent++, () => now, 0);
    for (let caller = 0; caller < 10_000; caller++) {
      coalescer.changed(`caller-${caller}`);
      if (caller % 100 === 99) {
        await new Promise((resolve) => setImmediate(resolve));
        now += 300;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toBe(10_000);
    expect(coalescer.remembered).toBeLessThanOrEqual(1_100);
    // an item seen again within its window still waits for the window to end
    coalescer.changed('caller-10000');
    await new Promise((resolve) => setImmediate(resolve));
    coalescer.changed('caller-10000');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toBe(10_001);
    coalescer.stop();
  });
});
