import type { SitrepContext } from '../app/context.ts';
import { FIRST_POLLED_AT, feedStateFromHash } from '../feed-state/redis-feed-state-store.ts';
import type { FeedState } from '../model/index.ts';

/** One feed as GET /api/feeds shows it. */
export interface FeedView extends FeedState {
  id: string;
  url: string;
  intervalSeconds: number;
  firstPolledAt: string | null;
  /** Items per day since the first poll (the first day counts as a whole day); null before the first poll. */
  avgItemsPerDay: number | null;
  /** When the scheduler next runs the feed's poll job (null: no scheduler). */
  nextScheduledAt: string | null;
  /** When the feed is next actually fetched: the later of the scheduler's next run and a backoff's nextPollAt. */
  nextPollDueAt: string | null;
}

const DAY_MS = 86_400_000;

/** Items per day from a lifetime count and the first poll time (pure). */
export function averageItemsPerDay(itemCount: number, firstPolledAt: string | null, nowMs: number): number | null {
  const firstMs = firstPolledAt ? Date.parse(firstPolledAt) : Number.NaN;
  if (!Number.isFinite(firstMs)) return null;
  const days = Math.max(1, (nowMs - firstMs) / DAY_MS);
  return Math.round((itemCount / days) * 100) / 100;
}

function laterOf(a: string | null, b: string | undefined): string | null {
  if (a === null) return b ?? null;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Each configured feed's scheduler `next` (ms), taken from the feed's own shard: a scheduler left in another
 * shard (a shard count changed without `sitrep rebalance`) is not the one serving it. Every shard is listed
 * concurrently.
 */
async function readSchedulerNextByFeed(context: SitrepContext): Promise<Map<string, number | undefined>> {
  const perShard = await Promise.all(context.queues.shards.map((shard) => shard.fetch.getJobSchedulers(0, -1)));
  const byShard = perShard.map((schedulers) => new Map(schedulers.map((scheduler) => [scheduler.key, scheduler.next])));
  const out = new Map<string, number | undefined>();
  for (const feed of context.config.feeds) {
    const own = byShard[context.queues.forFeed(feed.id).shard];
    if (own?.has(feed.id)) out.set(feed.id, own.get(feed.id));
  }
  return out;
}

/**
 * Every configured feed's state, scheduler next run and averages. One HGETALL per feed rather than a pipeline
 * (feed state keys are in different slots on a cluster); the connection auto-pipelines them anyway.
 */
export async function readFeedViews(context: SitrepContext, nowMs = Date.now()): Promise<FeedView[]> {
  const feeds = context.config.feeds;
  if (feeds.length === 0) return [];
  const [hashes, nextById] = await Promise.all([
    Promise.all(feeds.map((feed) => context.redis.hgetall(context.keys.feedState(feed.id)))),
    readSchedulerNextByFeed(context),
  ]);
  return feeds.map((feed, index) => {
    const hash = hashes[index] ?? {};
    const state = feedStateFromHash(hash);
    const firstPolledAt = hash[FIRST_POLLED_AT] || null;
    const next = nextById.get(feed.id);
    const nextScheduledAt = typeof next === 'number' ? new Date(next).toISOString() : null;
    return {
      id: feed.id,
      url: feed.url,
      intervalSeconds: feed.intervalSeconds,
      ...state,
      firstPolledAt,
      avgItemsPerDay: averageItemsPerDay(state.itemCount, firstPolledAt, nowMs),
      nextScheduledAt,
      nextPollDueAt: laterOf(nextScheduledAt, state.nextPollAt),
    };
  });
}

/** Configured feed ids that have no job scheduler on their own shard's fetch queue (readiness). */
export async function findFeedsWithoutScheduler(context: SitrepContext): Promise<string[]> {
  const nextById = await readSchedulerNextByFeed(context);
  return context.config.feeds.filter((feed) => !nextById.has(feed.id)).map((feed) => feed.id);
}
