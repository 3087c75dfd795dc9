import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { FeedConfig } from '../model/index.ts';
import { JOB_POLL, type FetchJobData, type RedisKeys } from './names.ts';

export interface ReconcileResult {
  /** False when another process held the lock and did the work. */
  acquired: boolean;
  upserted: number;
  removed: string[];
}

const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * One job scheduler per feed (id = feed id, every = its interval, template data = the feed).
 * Schedulers of feeds no longer configured are removed. A short Redis lock makes concurrent
 * starts reconcile once; the others skip.
 */
export async function reconcileFeedSchedulers(
  queue: Queue<FetchJobData>,
  redis: Redis,
  keys: RedisKeys,
  feeds: FeedConfig[],
  options: { lockTtlMs?: number; token?: string } = {},
): Promise<ReconcileResult> {
  const token = options.token ?? `${process.pid}:${Date.now()}:${Math.random()}`;
  const locked = await redis.set(keys.reconcileLock(), token, 'PX', options.lockTtlMs ?? 30_000, 'NX');
  if (locked !== 'OK') return { acquired: false, upserted: 0, removed: [] };
  try {
    const wanted = new Map(feeds.map((feed) => [feed.id, feed]));
    const existing = await queue.getJobSchedulers(0, -1);
    const removed: string[] = [];
    for (const scheduler of existing) {
      const id = scheduler.key;
      if (!wanted.has(id)) {
        await queue.removeJobScheduler(id);
        // removeJobScheduler leaves a job that is already due (waiting); its id is deterministic.
        if (scheduler.next !== undefined) await queue.remove(`repeat:${id}:${scheduler.next}`);
        removed.push(id);
      }
    }
    for (const feed of feeds) {
      await queue.upsertJobScheduler(
        feed.id,
        { every: feed.intervalSeconds * 1_000 },
        { name: JOB_POLL, data: { feed } },
      );
    }
    const multi = redis.multi().del(keys.feeds());
    if (feeds.length > 0) multi.sadd(keys.feeds(), ...feeds.map((feed) => feed.id));
    await multi.exec();
    return { acquired: true, upserted: feeds.length, removed };
  } finally {
    await redis.eval(RELEASE_LOCK, 1, keys.reconcileLock(), token);
  }
}
