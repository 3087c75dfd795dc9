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

/** One shard's queue depths, keyed by queue name (fetch, items, articles). */
export interface ShardQueueDepths {
  shard: number;
  /** The shard's BullMQ prefix (`sitrep`, or `{sitrep:N}` when sharded or on a cluster). */
  prefix: string;
  queues: Record<string, QueueDepth>;
}

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;

/**
 * Every configured feed's state. One HGETALL per feed, not one pipeline: on a Redis Cluster the feed state
 * keys live in different slots and a cross-slot pipeline is refused. The connection auto-pipelines, so these
 * still leave as one write per node.
 */
export async function readFeedStatuses(context: SitrepContext): Promise<FeedStatus[]> {
  const feeds = context.config.feeds;
  const hashes = await Promise.all(feeds.map((feed) => context.redis.hgetall(context.keys.feedState(feed.id))));
  return feeds.map((feed, index) => ({
    id: feed.id,
    url: feed.url,
    intervalSeconds: feed.intervalSeconds,
    ...feedStateFromHash(hashes[index] ?? {}),
  }));
}

/** Job counts per queue of every shard (all shards read concurrently). */
export async function readShardQueueDepths(context: SitrepContext): Promise<ShardQueueDepths[]> {
  return Promise.all(context.queues.shards.map(async (shard) => {
    const queues = [shard.fetch, shard.items, shard.articles];
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...DEPTH_STATES)));
    const depths: Record<string, QueueDepth> = {};
    for (const [index, queue] of queues.entries()) depths[queue.name] = depthOf(counts[index] ?? {});
    return { shard: shard.shard, prefix: shard.prefix, queues: depths };
  }));
}

/** Per-queue totals over shards. */
export function sumQueueDepths(shards: ShardQueueDepths[]): Record<string, QueueDepth> {
  const totals: Record<string, QueueDepth> = {};
  for (const shard of shards) {
    for (const [name, depth] of Object.entries(shard.queues)) {
      const total = (totals[name] ??= depthOf({}));
      for (const state of DEPTH_STATES) total[state] += depth[state];
    }
  }
  return totals;
}

/** Job counts per queue, summed over every shard. */
export async function readQueueDepths(context: SitrepContext): Promise<Record<string, QueueDepth>> {
  return sumQueueDepths(await readShardQueueDepths(context));
}

function depthOf(counts: Partial<Record<string, number>>): QueueDepth {
  return {
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    prioritized: counts.prioritized ?? 0,
  };
}
