// Shared plumbing for the end-to-end benchmarks: a private redis-server, INFO parsing,
// RSS sampling of a child process, percentiles and the machine's load average.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../../src/redis/embedded-redis.ts';

export interface BenchRedis {
  url: string;
  client: Redis;
  /** INFO <section> as a flat map. */
  info(section: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** A redis-server of the benchmark's own on a free loopback port (never 6379), AOF on as in production. */
export async function startBenchRedis(): Promise<BenchRedis> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-bench-redis-'));
  const server = await startEmbeddedRedis({ dataDir, appendOnly: true });
  const client = new Redis(server.url, { maxRetriesPerRequest: null });
  return {
    url: server.url,
    client,
    info: async (section) => parseInfo(await client.info(section)),
    close: async () => {
      client.disconnect();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return out;
}

/** INFO commandstats → one figure per command name: calls, or server CPU microseconds (time inside Lua scripts counts under EVALSHA too). */
export function commandStat(stats: Record<string, string>, field: 'calls' | 'usec'): Map<string, number> {
  const out = new Map<string, number>();
  const pattern = new RegExp(`(?:^|,)${field}=(\\d+)`);
  for (const [key, value] of Object.entries(stats)) {
    if (!key.startsWith('cmdstat_')) continue;
    const match = pattern.exec(value);
    if (match) out.set(key.slice('cmdstat_'.length), Number(match[1]));
  }
  return out;
}

/** INFO commandstats → calls per command name. */
export function commandCalls(stats: Record<string, string>): Map<string, number> {
  return commandStat(stats, 'calls');
}

/** Calls per command between two commandstats snapshots, largest first. */
export function diffCalls(before: Map<string, number>, after: Map<string, number>): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [name, count] of after) {
    const delta = count - (before.get(name) ?? 0);
    if (delta > 0) out.push([name, delta]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

export interface RssSampler {
  maxBytes(): number;
  lastBytes(): number;
  stop(): void;
}

/** Samples VmRSS of a process from /proc every intervalMs (Linux only; 0 elsewhere). */
export function sampleRss(pid: number, intervalMs = 200): RssSampler {
  let max = 0;
  let last = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) {
        last = Number(match[1]) * 1024;
        if (last > max) max = last;
      }
    } catch {
      // process gone
    }
  };
  read();
  const timer = setInterval(read, intervalMs);
  timer.unref();
  return { maxBytes: () => max, lastBytes: () => last, stop: () => clearInterval(timer) };
}

/** Nearest-rank percentile of an unsorted list (0 for an empty one). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(' ');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function mb(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Redis server CPU seconds so far (INFO cpu used_cpu_sys + used_cpu_user; forked children not included). */
export async function redisCpuSeconds(redis: BenchRedis): Promise<number> {
  const cpu = await redis.info('cpu');
  return Number(cpu.used_cpu_sys ?? 0) + Number(cpu.used_cpu_user ?? 0);
}

/**
 * NODE_OPTIONS for spawned sitrep processes: the heap limit production runs with (the Dockerfile's
 * --max-old-space-size=1024; docs/operations.md "Memory"), or V8's default with BENCH_WORKER_HEAP_MB=0.
 */
export function workerHeapEnv(extraNodeOptions = ''): { env: Record<string, string>; heapLimitMb: number | null } {
  const heapLimitMb = process.env.BENCH_WORKER_HEAP_MB === '0' ? null : envNumber('BENCH_WORKER_HEAP_MB', 1_024);
  const options = [process.env.NODE_OPTIONS ?? '', heapLimitMb ? `--max-old-space-size=${heapLimitMb}` : '', extraNodeOptions].filter(Boolean).join(' ');
  return { env: options ? { NODE_OPTIONS: options } : {}, heapLimitMb };
}
