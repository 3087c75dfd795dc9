import os from 'node:os';
import type { Redis } from 'ioredis';
import type { RedisKeys } from './names.ts';

/** One live worker process as `sitrep status` shows it. */
export interface WorkerEntry {
  id: string;
  host: string;
  pid: number;
  queues: string[];
  shards: number[];
  startedAt: string;
  seenAt: string;
}

const HEARTBEAT_MS = 10_000;
/** An entry not refreshed for this long is a process that died without saying so. */
export const WORKER_STALE_MS = 3 * HEARTBEAT_MS;

/**
 * Each worker process keeps its entry (queues, shards) fresh in one Redis hash, so `status` can say which
 * processes serve which shards and `rebalance` can refuse to run under live workers.
 */
export class WorkerRegistration {
  readonly entry: WorkerEntry;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, queues: string[], shards: number[], now: () => Date = () => new Date()) {
    const startedAt = now().toISOString();
    this.entry = { id: `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`, host: os.hostname(), pid: process.pid, queues, shards, startedAt, seenAt: startedAt };
    const beat = () => {
      this.entry.seenAt = now().toISOString();
      return this.redis.hset(this.keys.workers(), this.entry.id, JSON.stringify(this.entry)).catch(() => 0);
    };
    void beat();
    this.timer = setInterval(beat, HEARTBEAT_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(this.keys.workers(), this.entry.id).catch(() => 0);
  }
}

/** Live workers (stale entries are dropped from the hash on the way). */
export async function readWorkers(redis: Redis, keys: RedisKeys, nowMs = Date.now()): Promise<WorkerEntry[]> {
  const all = await redis.hgetall(keys.workers());
  const live: WorkerEntry[] = [];
  const stale: string[] = [];
  for (const [id, json] of Object.entries(all)) {
    try {
      const entry = JSON.parse(json) as WorkerEntry;
      if (nowMs - Date.parse(entry.seenAt) <= WORKER_STALE_MS) live.push(entry);
      else stale.push(id);
    } catch {
      stale.push(id);
    }
  }
  if (stale.length > 0) await redis.hdel(keys.workers(), ...stale);
  return live.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
