// Figures of a spawned `sitrep` service process that only it knows: its CPU time (from /proc) and the
// `process stats at stop` log line (event-loop delay, RSS, heap) it writes on SIGTERM.
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { ProcessStats } from '../../src/observability/process-stats.ts';
import type { SitrepProcess } from '../../test/faults/helpers/sitrep-process.ts';
import { sleep } from './bench-env.ts';

const STOP_MESSAGE = 'process stats at stop';
// USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on Linux for all mainstream architectures).
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, all its threads (Linux /proc; null when unavailable). */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Watches a child's stdout and stderr (pino writes to stderr) for the stop-stats line. Its own listener, so
 * the line is found even when the run helper's in-memory output is already full on a long run.
 */
export function watchStopStats(child: ChildProcess): { read(timeoutMs?: number): Promise<ProcessStats | null> } {
  let found: ProcessStats | null = null;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes(STOP_MESSAGE)) continue;
        try {
          const parsed = JSON.parse(line) as Partial<ProcessStats> & { msg?: string };
          if (parsed.msg === STOP_MESSAGE && parsed.eventLoopDelayMs) {
            found = { eventLoopDelayMs: parsed.eventLoopDelayMs, rssMb: Number(parsed.rssMb), heapUsedMb: Number(parsed.heapUsedMb) };
          }
        } catch {
          // not JSON
        }
      }
    });
  }
  return {
    // 'close' comes after the last stdio bytes, unlike 'exit'.
    read: async (timeoutMs = 20_000) => {
      await Promise.race([closed, sleep(timeoutMs)]);
      return found;
    },
  };
}

export interface StoppedWorker {
  name: string;
  /** CPU seconds used between the baseline sample and just before SIGTERM (null without /proc). */
  cpuSeconds: number | null;
  stopStats: ProcessStats | null;
  exit: { code: number | null; signal: NodeJS.Signals | null } | 'timeout';
}

/** A running sitrep process with its CPU baseline and stop-stats watcher attached. */
export interface WatchedWorker {
  process: SitrepProcess;
  /** Sets the CPU baseline (e.g. when the measured window starts). */
  markCpu(): void;
  /** CPU sample, SIGTERM, waits for the exit and the stop-stats line. */
  stop(timeoutMs?: number): Promise<StoppedWorker>;
}

export function watchWorker(worker: SitrepProcess): WatchedWorker {
  const stats = watchStopStats(worker.child);
  const pid = worker.child.pid!;
  let baseline = processCpuSeconds(pid);
  return {
    process: worker,
    markCpu: () => {
      baseline = processCpuSeconds(pid);
    },
    stop: async (timeoutMs = 20_000) => {
      const now = processCpuSeconds(pid);
      const cpuSeconds = now !== null && baseline !== null ? Number((now - baseline).toFixed(2)) : null;
      worker.kill('SIGTERM');
      const exit = await Promise.race([worker.exited, sleep(timeoutMs).then(() => 'timeout' as const)]);
      return { name: worker.name, cpuSeconds, stopStats: await stats.read(timeoutMs), exit };
    },
  };
}
