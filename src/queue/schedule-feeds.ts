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
  return reconcileShardSchedulers([queue], () => 0, redis, keys, feeds, options);
}

/**
 * The same over every shard's fetch queue: a feed's scheduler lives in its shard (shardOf), and a scheduler
 * found in any other shard (a feed removed, or moved by a new shard count) is removed.
 */
export async function reconcileShardSchedulers(
  fetchQueues: Array<Queue<FetchJobData>>,
  shardOf: (feedId: string) => number,
  redis: Redis,
  keys: RedisKeys,
  feeds: FeedConfig[],
  options: { lockTtlMs?: number; token?: string } = {},
): Promise<ReconcileResult> {
  const token = options.token ?? `${process.pid}:${Date.now()}:${Math.random()}`;
  const locked = await redis.set(keys.reconcileLock(), token, 'PX', options.lockTtlMs ?? 30_000, 'NX');
  if (locked !== 'OK') return { acquired: false, upserted: 0, removed: [] };
  try {
    const removed: string[] = [];
    for (const [shard, queue] of fetchQueues.entries()) {
      const wanted = new Set(feeds.filter((feed) => shardOf(feed.id) === shard).map((feed) => feed.id));
      const existing = await queue.getJobSchedulers(0, -1);
      for (const scheduler of existing) {
        const id = scheduler.key;
        if (wanted.has(id)) continue;
        await queue.removeJobScheduler(id);
        // removeJobScheduler leaves a job that is already due (waiting); its id is deterministic.
        if (scheduler.next !== undefined) await queue.remove(`repeat:${id}:${scheduler.next}`);
        removed.push(id);
      }
    }
    for (const feed of feeds) {
      await fetchQueues[shardOf(feed.id)]!.upsertJobScheduler(
        feed.id,
        { every: feed.intervalSeconds * 1_000 },
        { name: JOB_POLL, data: { feed } },
      );
    }
    const multi = redis.multi().del(keys.feeds());
    if (feeds.length > 0) multi.sadd(keys.feeds(), ...feeds.map((feed) => feed.id));
    await multi.exec();
    // A feed that moved shard is removed from the old one and upserted in the new: report only real removals.
    const configured = new Set(feeds.map((feed) => feed.id));
    return { acquired: true, upserted: feeds.length, removed: removed.filter((id) => !configured.has(id)) };
  } finally {
    await redis.eval(RELEASE_LOCK, 1, keys.reconcileLock(), token);
  }
}
