import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { installProcessPolicy, UNCAUGHT_EXIT_CODE } from '../../src/process-policy.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { lines, log };
}

describe('the process policy', () => {
  it('logs an unhandled rejection with its error, counts it, and keeps running', () => {
    const { lines, log } = capture();
    const counted: string[] = [];
    const exits: number[] = [];
    const target = new EventEmitter();
    installProcessPolicy(target, { log, onUnhandled: (kind) => counted.push(kind), exit: (code) => exits.push(code) });
    target.emit('unhandledRejection', new Error('QueueStatus: list did not complete'), Promise.resolve());
    expect(counted).toEqual(['rejection']);
    expect(exits).toEqual([]);
    expect(lines[0]).toMatchObject({ level: 50, err: { message: 'QueueStatus: list did not complete' }, msg: expect.stringMatching(/unhandled promise rejection/) });
  });

  it('after an uncaught exception, stops cleanly (callers to the queues) and exits for a restart', async () => {
    const { lines, log } = capture();
    const steps: string[] = [];
    const target = new EventEmitter();
    const exited = new Promise<number>((resolve) =>
      installProcessPolicy(target, { log, stop: async () => void steps.push('stop'), exit: (code) => resolve(code) }),
    );
    target.emit('uncaughtException', new TypeError('boom in an emitter'), 'uncaughtException');
    expect(await exited).toBe(UNCAUGHT_EXIT_CODE);
    expect(steps).toEqual(['stop']);
    expect(lines[0]).toMatchObject({ level: 60, origin: 'uncaughtException', err: { type: 'TypeError', message: 'boom in an emitter' } });
  });

  it('exits even when the clean stop hangs', async () => {
    const { log } = capture();
    const target = new EventEmitter();
    const exited = new Promise<number>((resolve) =>
      installProcessPolicy(target, { log, stop: () => new Promise(() => {}), stopMs: 50, exit: (code) => resolve(code) }),
    );
    target.emit('uncaughtException', new Error('stuck'), 'uncaughtException');
    expect(await exited).toBe(UNCAUGHT_EXIT_CODE);
  });
});
