import type { Redis } from 'ioredis';
import type { FeedState } from '../model/index.ts';
import type { RedisKeys } from '../queue/names.ts';
import type { FeedFailure, FeedSchedule, FeedStateStore, FeedSuccess } from './feed-state-store.ts';

function scheduleFields(schedule: FeedSchedule | undefined): Record<string, string | number> {
  return schedule === undefined ? {} : { nextPollAt: schedule.nextPollAt, backoffLevel: schedule.backoffLevel, quietPolls: schedule.quietPolls };
}

/** Hash field: ISO time of the feed's first poll (kept once set); the API's items/day average starts there. */
export const FIRST_POLLED_AT = 'firstPolledAt';

export function feedStateFromHash(hash: Record<string, string>): FeedState {
  const state: FeedState = {
    consecutiveFailures: Number(hash.consecutiveFailures ?? 0),
    itemCount: Number(hash.itemCount ?? 0),
    status: hash.status === 'ok' || hash.status === 'failing' ? hash.status : 'unknown',
  };
  for (const field of ['etag', 'lastModified', 'bodyHash', 'title', 'lastAttemptAt', 'lastSuccessAt', 'lastError', 'lastErrorKind', 'nextPollAt', 'urlOverride'] as const) {
    const value = hash[field];
    if (value) state[field] = value;
  }
  if (hash.disabled === '1') state.disabled = true;
  for (const field of ['backoffLevel', 'quietPolls'] as const) {
    const value = Number(hash[field]);
    if (hash[field] !== undefined && Number.isFinite(value)) state[field] = value;
  }
  return state;
}

/** Feed state in one Redis hash per feed; each update is one MULTI round trip. */
export class RedisFeedStateStore implements FeedStateStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async get(feedId: string): Promise<FeedState> {
    return feedStateFromHash(await this.redis.hgetall(this.keys.feedState(feedId)));
  }

  async recordNotModified(feedId: string, at: string, schedule?: FeedSchedule): Promise<void> {
    const key = this.keys.feedState(feedId);
    await this.redis.multi().hset(key, {
      lastAttemptAt: at, lastSuccessAt: at, consecutiveFailures: 0, status: 'ok', lastPollOutcome: 'not-modified',
      ...scheduleFields(schedule),
    }).hsetnx(key, FIRST_POLLED_AT, at).exec();
  }

  async recordSuccess(feedId: string, success: FeedSuccess): Promise<void> {
    const key = this.keys.feedState(feedId);
    const fields: Record<string, string | number> = {
      lastAttemptAt: success.at, lastSuccessAt: success.at, consecutiveFailures: 0, status: 'ok',
      lastPollOutcome: success.newItems > 0 ? 'new-items' : 'no-new-items',
      ...scheduleFields(success.schedule),
    };
    if (success.urlOverride) fields.urlOverride = success.urlOverride;
    if (success.bodyHash) fields.bodyHash = success.bodyHash;
    if (success.title) fields.title = success.title;
    const clear: string[] = [];
    for (const [field, value] of [['etag', success.etag], ['lastModified', success.lastModified]] as const) {
      if (value) fields[field] = value;
      else if (value === null) clear.push(field);
    }
    const multi = this.redis.multi().hset(key, fields).hsetnx(key, FIRST_POLLED_AT, success.at);
    if (clear.length > 0) multi.hdel(key, ...clear);
    if (success.newItems > 0) multi.hincrby(key, 'itemCount', success.newItems);
    await multi.exec();
  }

  async recordFailure(feedId: string, failure: FeedFailure): Promise<void> {
    const key = this.keys.feedState(feedId);
    await this.redis.multi()
      .hset(key, { lastAttemptAt: failure.at, lastError: failure.message, lastErrorKind: failure.kind, lastErrorAt: failure.at, status: 'failing', lastPollOutcome: 'error', ...scheduleFields(failure.schedule) })
      .hincrby(key, 'consecutiveFailures', 1)
      .hsetnx(key, FIRST_POLLED_AT, failure.at)
      .exec();
  }
}
