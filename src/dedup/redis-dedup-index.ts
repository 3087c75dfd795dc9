import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';
import type { DedupCheck, DedupIndex, DedupVerdict } from './dedup-index.ts';

// One script call per item: atomic check-and-insert plus the cluster's source count.
const CHECK_AND_INSERT = `
local first = redis.call('GET', KEYS[1])
if not first then
  first = ARGV[1]
  redis.call('SET', KEYS[1], first, 'EX', ARGV[3])
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return { first, redis.call('SCARD', KEYS[2]) }
`;

type DedupRedis = Redis & {
  sitrepDedupCheck(exactKey: string, sourcesKey: string, recordId: string, source: string, ttlSeconds: number): Promise<[string, number]>;
};

/** Exact-duplicate index in Redis, bounded by a TTL window (keys expire windowSeconds after first sight). */
export class RedisDedupIndex implements DedupIndex {
  private readonly redis: DedupRedis;

  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly windowSeconds: number) {
    if (!('sitrepDedupCheck' in redis)) redis.defineCommand('sitrepDedupCheck', { numberOfKeys: 2, lua: CHECK_AND_INSERT });
    this.redis = redis as DedupRedis;
  }

  async checkAndInsert(check: DedupCheck): Promise<DedupVerdict> {
    const [first, sources] = await this.redis.sitrepDedupCheck(
      this.keys.exactDedup(check.contentHash),
      this.keys.clusterSources(check.contentHash),
      check.recordId,
      check.sourceDomain ?? '',
      Math.ceil(this.windowSeconds),
    );
    return { duplicateOf: first === check.recordId ? null : first, cluster: first, sources: Number(sources) };
  }
}
