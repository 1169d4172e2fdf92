// The server under load, as its own process (so /proc counts its CPU apart from the benchmark's clients):
// the real composition root, configured from the environment like `hotline serve`. It answers the
// benchmark over IPC with what only the process itself can see: event-loop delay, the IVR's key → prompt
// samples (Asterisk's timestamps), and its memory.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';

export type ChildRequest = { type: 'sample' } | { type: 'reset' } | { type: 'stop' };
export interface ChildSample {
  type: 'sample';
  loopDelayMs: { p50: number; p99: number; max: number };
  dtmfToPromptMs: number[];
  rssBytes: number;
  heapUsedBytes: number;
}

const config = loadConfig(process.env);
const hotline = await createHotline(config, createLogger(config.logLevel));
const port = await hotline.start();
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
// Every key → prompt sample since the last request (the server keeps only its last 1,000).
let dtmfToPromptMs: number[] = [];
const samples = hotline.dtmfToPromptMs;
const push = samples.push.bind(samples);
samples.push = (...values: number[]) => {
  dtmfToPromptMs.push(...values);
  return push(...values);
};
process.send!({ type: 'ready', port });
process.on('message', async (request: ChildRequest) => {
  if (request.type === 'reset') {
    loop.reset();
    dtmfToPromptMs = [];
  } else if (request.type === 'sample') {
    const ms = (ns: number) => ns / 1e6;
    const sample: ChildSample = {
      type: 'sample',
      loopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      dtmfToPromptMs,
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
    dtmfToPromptMs = [];
    process.send!(sample);
  } else if (request.type === 'stop') {
    await hotline.stop();
    // a normal exit, so that --cpu-prof writes its profile
    process.exit(0);
  }
});
