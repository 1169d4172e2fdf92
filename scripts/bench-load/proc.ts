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
