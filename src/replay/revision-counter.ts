import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';

// An absent counter means the record is at revision 1, so the first replay yields 2.
const NEXT_REVISION = `
local revision = redis.call('INCR', KEYS[1])
if revision == 1 then revision = redis.call('INCR', KEYS[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return revision
`;

type CounterRedis = Redis & { sitrepNextRevision(key: string, ttlSeconds: number): Promise<number> };

/** Hands out the next provenance.revision of a record, shared by every process on the same Redis. */
export class RedisRevisionCounter {
  private readonly redis: CounterRedis;

  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly ttlSeconds: number) {
    if (!('sitrepNextRevision' in redis)) redis.defineCommand('sitrepNextRevision', { numberOfKeys: 1, lua: NEXT_REVISION });
    this.redis = redis as CounterRedis;
  }

  /** Bumps and returns the record's revision (2 on its first replay). */
  async next(recordId: string): Promise<number> {
    return Number(await this.redis.sitrepNextRevision(this.keys.recordRevision(recordId), Math.max(1, Math.ceil(this.ttlSeconds))));
  }
}
