import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Settings } from '../config/index.ts';
import { QUEUE_ARTICLES, QUEUE_FETCH, QUEUE_ITEMS, type ArticleJobData, type FetchJobData, type ItemJobData } from './names.ts';
import { allShards, shardOfFeed, shardPrefix } from './shards.ts';

/** One shard's queues: a feed's polls, its items and their article pages all live in the feed's shard. */
export interface ShardQueues {
  shard: number;
  /** BullMQ prefix of this shard's queues (`sitrep`, or `{sitrep:N}` when sharded or on a cluster). */
  prefix: string;
  fetch: Queue<FetchJobData>;
  items: Queue<ItemJobData>;
  articles: Queue<ArticleJobData>;
}

export interface SitrepQueues {
  /** Every shard, index = shard number. */
  shards: ShardQueues[];
  /** The shard that owns a feed (its polls, items and article pages). */
  forFeed(feedId: string): ShardQueues;
  /** Shard 0's queues: with one shard (the default) the only ones. */
  fetch: Queue<FetchJobData>;
  items: Queue<ItemJobData>;
  articles: Queue<ArticleJobData>;
  close(): Promise<void>;
}

/** Attempts per article-page job (transient failures only; see src/article/fetch-article.ts). */
export const ARTICLE_ATTEMPTS = 3;

/** Completed and failed jobs are removed by count and age, so Redis memory stays bounded over weeks. */
export function defaultJobOptions(settings: Settings): DefaultJobOptions {
  const jobs = settings.jobs;
  return {
    attempts: jobs.attempts,
    backoff: { type: 'exponential', delay: jobs.backoffMs },
    removeOnComplete: { count: jobs.keepCompletedCount, age: jobs.keepCompletedSeconds },
    removeOnFail: { count: jobs.keepFailedCount, age: jobs.keepFailedSeconds },
  };
}

export interface QueueLayout {
  shards: number;
  cluster: boolean;
}

export function queueLayout(settings: Settings): QueueLayout {
  return { shards: settings.shards, cluster: settings.redis.cluster !== null };
}

/** Per-queue job options (fetch: one attempt, the next scheduled poll is the retry; articles: a few). */
export function queueJobOptions(settings: Settings): { fetch: DefaultJobOptions; items: DefaultJobOptions; articles: DefaultJobOptions } {
  const common = defaultJobOptions(settings);
  return {
    fetch: { ...common, attempts: 1 },
    items: common,
    // A page that keeps failing is not worth many tries: after the last one the item goes on without it.
    articles: { ...common, attempts: Math.min(ARTICLE_ATTEMPTS, settings.jobs.attempts) },
  };
}

export function createShardQueues(connection: ConnectionOptions, settings: Settings, shard: number, layout: QueueLayout = queueLayout(settings)): ShardQueues {
  const prefix = shardPrefix(settings.redis.prefix, shard, layout);
  const options = queueJobOptions(settings);
  return {
    shard,
    prefix,
    fetch: new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix, defaultJobOptions: options.fetch }),
    items: new Queue<ItemJobData>(QUEUE_ITEMS, { connection, prefix, defaultJobOptions: options.items }),
    articles: new Queue<ArticleJobData>(QUEUE_ARTICLES, { connection, prefix, defaultJobOptions: options.articles }),
  };
}

export function closeShardQueues(queues: ShardQueues): Promise<void> {
  return Promise.all([queues.fetch.close(), queues.items.close(), queues.articles.close()]).then(() => undefined);
}

export function createQueues(connection: ConnectionOptions, settings: Settings): SitrepQueues {
  const layout = queueLayout(settings);
  const shards = allShards(layout.shards).map((shard) => createShardQueues(connection, settings, shard, layout));
  const first = shards[0]!;
  return {
    shards,
    forFeed: (feedId) => shards[shardOfFeed(feedId, layout.shards)]!,
    fetch: first.fetch,
    items: first.items,
    articles: first.articles,
    close: async () => {
      await Promise.all(shards.map(closeShardQueues));
    },
  };
}
