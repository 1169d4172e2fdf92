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
