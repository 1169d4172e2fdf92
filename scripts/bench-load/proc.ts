// CPU seconds and resident memory of a process, read from /proc (Asterisk runs in a chroot, but its pid
// is the host's).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // CLK_TCK on Linux

/** utime + stime of a process (its threads included), in seconds. */
export const cpuSeconds = (pid: number): number => cpuSecondsOf(`/proc/${pid}/stat`);

function cpuSecondsOf(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // fields after the command name, which may contain spaces: state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** CPU seconds of a process's main thread and of all its other threads (GC, JIT, libuv's pool). */
export function threadCpuSeconds(pid: number): { main: number; others: number } {
  let others = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) if (Number(task) !== pid) others += cpuSecondsOf(`/proc/${pid}/task/${task}/stat`);
  return { main: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`), others };
}

/**
 * The main thread's scheduler figures (/proc/…/schedstat, nanoseconds): time run on a CPU, and time spent
 * runnable but waiting for one (what Asterisk, SIPp and the clients beside it cost the server in latency).
 */
export function mainThreadSchedule(pid: number | 'self'): { runSeconds: number; waitSeconds: number } {
  const thread = pid === 'self' ? process.pid : pid;
  const [run, wait] = readFileSync(`/proc/${thread}/task/${thread}/schedstat`, 'utf8').split(' ').map(Number);
  return { runSeconds: (run ?? NaN) / 1e9, waitSeconds: (wait ?? NaN) / 1e9 };
}

/** glibc's arenas are mapped 64 MB-aligned (HEAP_MAX_SIZE on 64-bit), their used part read-write. */
const ARENA_ALIGNMENT = 64 * 2 ** 20;

/**
 * Resident bytes of what malloc holds (/proc/…/smaps): the main thread's heap ([heap], grown by brk) and the
 * arenas glibc gives other threads (anonymous read-write mappings at a 64 MB boundary) — native memory the
 * allocator keeps after a peak shows here, not in V8's figures.
 */
export function mallocResidentBytes(pid: number | 'self'): { mainHeap: number; arenas: number } {
  let mainHeap = 0;
  let arenas = 0;
  let into: 'mainHeap' | 'arenas' | undefined;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const [, start, permissions, name] = mapping;
      if (name === '[heap]') into = 'mainHeap';
      // the start fits a double exactly: user-space addresses are below 2^47
      else if (name === '' && permissions === 'rw-p' && parseInt(start!, 16) % ARENA_ALIGNMENT === 0) into = 'arenas';
      else into = undefined;
    } else if (into && line.startsWith('Rss:')) {
      const kib = Number(/Rss:\s+(\d+)/.exec(line)?.[1] ?? 0);
      if (into === 'mainHeap') mainHeap += kib * 1024;
      else arenas += kib * 1024;
    }
  }
  return { mainHeap, arenas };
}

/**
 * Datagrams the kernel dropped at each UDP socket bound to one of these ports because its receive buffer was
 * full (/proc/net/udp and udp6, the `drops` column, counted since the socket opened), summed per port.
 */
export function udpDrops(ports: readonly number[]): number[] {
  const drops = ports.map(() => 0);
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const port = parseInt(fields[1]?.split(':')[1] ?? '', 16);
      const at = ports.indexOf(port);
      if (at >= 0) drops[at]! += Number(fields.at(-1) ?? 0);
    }
  }
  return drops;
}
