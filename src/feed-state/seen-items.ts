import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';

/** Port: which of a feed's record ids were enqueued before (within the seen window). */
export interface SeenItemsStore {
  /** Ids not seen before, in input order. */
  filterUnseen(feedId: string, recordIds: string[]): Promise<string[]>;
  /** Marks ids as seen now (refreshing ones still in the feed) and forgets ids unseen for the window. */
  markSeen(feedId: string, recordIds: string[], nowMs: number): Promise<void>;
}

/**
 * One sorted set per feed, scored by the last poll that listed the item. Items stay as long as
 * the feed lists them, so the set is bounded by what a feed shows within the window.
 */
export class RedisSeenItemsStore implements SeenItemsStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly windowMs: number) {}

  async filterUnseen(feedId: string, recordIds: string[]): Promise<string[]> {
    if (recordIds.length === 0) return [];
    const scores = await this.redis.zmscore(this.keys.seen(feedId), ...recordIds);
    return recordIds.filter((_, index) => scores[index] === null);
  }

  async markSeen(feedId: string, recordIds: string[], nowMs: number): Promise<void> {
    const key = this.keys.seen(feedId);
    const multi = this.redis.multi();
    if (recordIds.length > 0) {
      const args: Array<string | number> = [];
      for (const id of recordIds) args.push(nowMs, id);
      multi.zadd(key, ...args);
    }
    multi.zremrangebyscore(key, '-inf', nowMs - this.windowMs);
    await multi.exec();
  }
}
