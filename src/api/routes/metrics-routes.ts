import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { feedStateFromHash } from '../../feed-state/redis-feed-state-store.ts';
import { QUEUE_STATES, type FeedHealthSample, type ShardQueueCounts } from '../../observability/metrics.ts';

// A scrape must answer while Redis is down: each Redis read gives up after this long.
const SCRAPE_READ_TIMEOUT_MS = 1_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${SCRAPE_READ_TIMEOUT_MS} ms`)), SCRAPE_READ_TIMEOUT_MS); }),
  ]).finally(() => clearTimeout(timer));
}

/** GET /metrics: this process's counters plus gauges read from Redis and BullMQ at scrape time. */
export function registerMetricsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { context, metrics } = deps;
  const queues = context.queues.shards.flatMap((shard) => [shard.fetch, shard.items, shard.articles].map((queue) => ({ shard: shard.shard, queue })));
  metrics.attachScrapeSources({
    readQueueCounts: async (): Promise<ShardQueueCounts[]> => {
      const counts = await within(Promise.all(queues.map(({ queue }) => queue.getJobCounts(...QUEUE_STATES))), 'queue counts');
      return queues.map(({ shard, queue }, index) => ({ queue: queue.name, shard, counts: counts[index] ?? {} }));
    },
    readFeeds: async (): Promise<FeedHealthSample[]> => {
      const feeds = context.config.feeds;
      if (feeds.length === 0) return [];
      // One HMGET per feed, not a pipeline: on a cluster the feed state keys are in different slots.
      const replies = await within(Promise.all(feeds.map((feed) => context.redis.hmget(context.keys.feedState(feed.id), 'status', 'lastSuccessAt'))), 'feed states');
      return feeds.map((feed, index) => {
        const [status, lastSuccessAt] = replies[index] ?? [];
        const state = feedStateFromHash({ ...(status ? { status } : {}), ...(lastSuccessAt ? { lastSuccessAt } : {}) });
        return { id: feed.id, status: state.status, ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}) };
      });
    },
    pingRedis: async () => {
      const started = process.hrtime.bigint();
      await within(context.redis.ping(), 'ping');
      return Number(process.hrtime.bigint() - started) / 1e9;
    },
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}
