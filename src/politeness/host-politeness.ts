import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';

export interface HostPolitenessSettings {
  /** Minimum gap between fetch starts to one host (0: no gap). */
  minGapMs: number;
  /** Fetches to one host at once, across all workers. */
  maxConcurrent: number;
  /** How long a slot is held at most: a crashed worker's slot frees itself after this. */
  slotTtlMs: number;
}

export type HostSlot =
  | { acquired: true; release(): Promise<void> }
  | { acquired: false; retryInMs: number; reason: 'gap' | 'concurrency' };

// KEYS: last-start string, slots zset (token -> expiry ms). ARGV: gapMs, maxConcurrent, token, slotTtlMs.
// Redis TIME keeps every worker on one clock. Returns {1, 0} or {0, waitMs, reason}.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap = tonumber(ARGV[1])
local maxc = tonumber(ARGV[2])
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= maxc then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local wait = math.min(tonumber(first[2]) - now, math.max(gap, 500))
  return {0, math.max(wait, 1), 'concurrency'}
end
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if gap > 0 and now - last < gap then
  return {0, last + gap - now, 'gap'}
end
redis.call('SET', KEYS[1], now, 'PX', math.max(gap, 1000))
redis.call('ZADD', KEYS[2], now + ttl, ARGV[3])
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, 0, 'ok'}
`;

/** The politeness key of a URL: host and port, lower case; null for an unparseable URL (no gate then). */
export function politenessHost(url: string): string | null {
  try {
    const host = new URL(url).host.toLowerCase();
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

/** Cross-worker per-host gate: one Lua script checks gap and concurrency and takes a slot atomically. */
type PolitenessRedis = Redis & {
  sitrepHostAcquire(lastStartKey: string, slotsKey: string, minGapMs: number, maxConcurrent: number, token: string, slotTtlMs: number): Promise<[number, number, string]>;
};

export class RedisHostPoliteness {
  private readonly redis: PolitenessRedis;

  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly settings: HostPolitenessSettings) {
    // A defined command goes as EVALSHA: the script text is not sent on every poll.
    if (!('sitrepHostAcquire' in redis)) redis.defineCommand('sitrepHostAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    this.redis = redis as PolitenessRedis;
  }

  /** Takes a fetch slot for the URL's host, or says how long to wait. */
  async acquire(url: string): Promise<HostSlot> {
    const host = politenessHost(url);
    if (host === null) return { acquired: true, release: async () => {} };
    const token = randomUUID();
    const slots = this.keys.hostSlots(host);
    const reply = await this.redis.sitrepHostAcquire(
      this.keys.hostLastStart(host), slots,
      Math.max(0, Math.floor(this.settings.minGapMs)), Math.max(1, Math.floor(this.settings.maxConcurrent)), token,
      Math.max(1_000, Math.floor(this.settings.slotTtlMs)),
    );
    if (reply[0] === 1) {
      let released = false;
      return {
        acquired: true,
        release: async () => {
          if (released) return;
          released = true;
          await this.redis.zrem(slots, token);
        },
      };
    }
    return { acquired: false, retryInMs: Math.max(1, Number(reply[1])), reason: reply[2] === 'gap' ? 'gap' : 'concurrency' };
  }
}
