import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';

export interface ThroughputOptions {
  /** Local counts are sent to Redis this often (one pipelined round trip), not per record. */
  flushEveryMs?: number;
  /** Per-minute keys expire after this (the page shows the last hour). */
  ttlSeconds?: number;
  now?: () => number;
}

export interface ThroughputPoint {
  /** Start of the minute, ISO. */
  at: string;
  count: number;
}

const MINUTE_MS = 60_000;

/** Counts records written per UTC minute in Redis (shared by every worker process), batched locally. */
export class ThroughputRecorder {
  private pending = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly ttlSeconds: number;
  private readonly now: () => number;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, options: ThroughputOptions = {}) {
    this.ttlSeconds = options.ttlSeconds ?? 3 * 3_600;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => void this.flush().catch(() => {}), options.flushEveryMs ?? 1_000);
    this.timer.unref();
  }

  record(count = 1): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    this.pending.set(minute, (this.pending.get(minute) ?? 0) + count);
  }

  /** Sends the pending counts; on a Redis error they are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      // On a cluster every minute key carries one hash tag (RedisKeys.throughputMinute): one slot, so a pipeline is allowed.
      const pipeline = this.redis.pipeline();
      for (const [minute, count] of batch) {
        const key = this.keys.throughputMinute(minute);
        pipeline.incrby(key, count).expire(key, this.ttlSeconds);
      }
      try {
        const replies = await pipeline.exec();
        if (replies?.some(([err]) => err)) throw new Error('throughput flush failed');
      } catch {
        for (const [minute, count] of batch) this.pending.set(minute, (this.pending.get(minute) ?? 0) + count);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/** Records written per minute for the last `minutes` minutes (oldest first, the current minute last); one MGET. */
export async function readThroughput(redis: Redis, keys: RedisKeys, minutes: number, nowMs = Date.now()): Promise<ThroughputPoint[]> {
  const current = Math.floor(nowMs / MINUTE_MS);
  const wanted: number[] = [];
  for (let minute = current - minutes + 1; minute <= current; minute += 1) wanted.push(minute);
  const values = await redis.mget(...wanted.map((minute) => keys.throughputMinute(minute)));
  return wanted.map((minute, index) => ({ at: new Date(minute * MINUTE_MS).toISOString(), count: Number(values[index] ?? 0) || 0 }));
}
