import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis connection for BullMQ and sitrep's own keys. `maxRetriesPerRequest: null` is what BullMQ
 * workers require (blocking commands must not fail after N retries); reconnects back off up to 2 s
 * so a Redis restart is ridden out without a crash loop.
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    ...options,
  });
}
