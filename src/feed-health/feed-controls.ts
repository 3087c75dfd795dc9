import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';

/** Sets or clears the operator's disabled flag in the feed's state hash (the poll gate reads it). */
export async function setFeedDisabled(redis: Redis, keys: RedisKeys, feedId: string, disabled: boolean): Promise<void> {
  const key = keys.feedState(feedId);
  if (disabled) await redis.hset(key, { disabled: '1', disabledAt: new Date().toISOString() });
  else await redis.hdel(key, 'disabled', 'disabledAt');
}
