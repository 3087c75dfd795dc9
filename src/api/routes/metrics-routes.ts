import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { feedStateFromHash } from '../../feed-state/redis-feed-state-store.ts';
import type { FeedHealthSample } from '../../observability/metrics.ts';

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
  const queues = [context.queues.fetch, context.queues.items, context.queues.articles];
  metrics.attachScrapeSources({
    readQueueCounts: async () => {
      const counts = await within(Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'))), 'queue counts');
      return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index] ?? {}]));
    },
    readFeeds: async (): Promise<FeedHealthSample[]> => {
      const feeds = context.config.feeds;
      if (feeds.length === 0) return [];
      const pipeline = context.redis.pipeline();
      for (const feed of feeds) pipeline.hmget(context.keys.feedState(feed.id), 'status', 'lastSuccessAt');
      const replies = (await within(pipeline.exec(), 'feed states')) ?? [];
      return feeds.map((feed, index) => {
        const [status, lastSuccessAt] = (replies[index]?.[1] ?? []) as Array<string | null>;
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
