// bench:load reports the SIP datagrams the kernel dropped at a full receive buffer, per socket: the phones' SIPp
// responder, stalled on the saturated machine, dropped ACKs that way and those calls never hung up. Read from
// /proc on real sockets of a stopped process (as a stalled SIPp is): a small buffer drops what does not fit, a
// large one nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { udpDrops } from '../../scripts/bench-load/proc.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process holding two bound UDP sockets (receive buffers of 4 KiB and 4 MiB), then stopped: nothing reads them. */
async function stalledReceiver(): Promise<{ small: number; large: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const dgram = require('node:dgram');
       const small = dgram.createSocket({ type: 'udp4', recvBufferSize: 4096 });
       const large = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 2 ** 20 });
       small.bind(0, '127.0.0.1', () => large.bind(0, '127.0.0.1', () => console.log(small.address().port, large.address().port)));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const [small, large] = line.toString().trim().split(' ').map(Number) as [number, number];
  child.kill('SIGSTOP');
  return { small, large };
}

async function send(port: number, count: number): Promise<void> {
  const sender = createSocket('udp4');
  for (let i = 0; i < count; i++) await new Promise<void>((resolve, reject) => sender.send(Buffer.alloc(1_000), port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  sender.close();
}

it('counts, per port, what a socket not read with its buffer full dropped, and nothing where there was room', async () => {
  const { small, large } = await stalledReceiver();
  const before = udpDrops([small, large]);
  expect(before).toEqual([0, 0]);
  await send(small, 200);
  await send(large, 200);
  const [smallDrops, largeDrops, unbound] = udpDrops([small, large, 9]);
  // 4 KiB (doubled by the kernel) holds a few 1,000-byte datagrams: the rest are dropped
  expect(smallDrops).toBeGreaterThan(180);
  expect(smallDrops).toBeLessThan(200);
  expect(largeDrops).toBe(0);
  expect(unbound).toBe(0);
});
