import type { SitrepContext } from './context.ts';
import { feedStateFromHash } from '../feed-state/redis-feed-state-store.ts';
import type { FeedState } from '../model/index.ts';

export interface FeedStatus extends FeedState {
  id: string;
  url: string;
  intervalSeconds: number;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  prioritized: number;
}

/** Every configured feed's state, read in one pipelined round trip. */
export async function readFeedStatuses(context: SitrepContext): Promise<FeedStatus[]> {
  const feeds = context.config.feeds;
  if (feeds.length === 0) return [];
  const pipeline = context.redis.pipeline();
  for (const feed of feeds) pipeline.hgetall(context.keys.feedState(feed.id));
  const replies = (await pipeline.exec()) ?? [];
  return feeds.map((feed, index) => {
    const hash = (replies[index]?.[1] ?? {}) as Record<string, string>;
    return { id: feed.id, url: feed.url, intervalSeconds: feed.intervalSeconds, ...feedStateFromHash(hash) };
  });
}

export async function readQueueDepths(context: SitrepContext): Promise<Record<string, QueueDepth>> {
  const depths: Record<string, QueueDepth> = {};
  for (const queue of [context.queues.fetch, context.queues.items, context.queues.articles]) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    depths[queue.name] = {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      prioritized: counts.prioritized ?? 0,
    };
  }
  return depths;
}
