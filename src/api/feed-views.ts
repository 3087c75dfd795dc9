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

/** Every configured feed's state, scheduler next run and averages: one pipelined read plus one scheduler listing. */
export async function readFeedViews(context: SitrepContext, nowMs = Date.now()): Promise<FeedView[]> {
  const feeds = context.config.feeds;
  if (feeds.length === 0) return [];
  const pipeline = context.redis.pipeline();
  for (const feed of feeds) pipeline.hgetall(context.keys.feedState(feed.id));
  const [replies, schedulers] = await Promise.all([pipeline.exec(), context.queues.fetch.getJobSchedulers(0, -1)]);
  const nextById = new Map<string, number>();
  for (const scheduler of schedulers) {
    if (typeof scheduler.next === 'number') nextById.set(scheduler.key, scheduler.next);
  }
  return feeds.map((feed, index) => {
    const hash = (replies?.[index]?.[1] ?? {}) as Record<string, string>;
    const state = feedStateFromHash(hash);
    const firstPolledAt = hash[FIRST_POLLED_AT] || null;
    const next = nextById.get(feed.id);
    const nextScheduledAt = next === undefined ? null : new Date(next).toISOString();
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

/** Configured feed ids that have no job scheduler on the fetch queue (readiness). */
export async function findFeedsWithoutScheduler(context: SitrepContext): Promise<string[]> {
  const schedulers = await context.queues.fetch.getJobSchedulers(0, -1);
  const present = new Set(schedulers.map((scheduler) => scheduler.key));
  return context.config.feeds.filter((feed) => !present.has(feed.id)).map((feed) => feed.id);
}
