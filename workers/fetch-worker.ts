import { Worker } from 'bullmq';
import type { SitrepContext } from '../src/app/context.ts';
import { fetchFeed } from '../src/fetch/http-fetcher.ts';
import { RedisFeedStateStore, RedisSeenItemsStore } from '../src/feed-state/index.ts';
import { pollFeed } from '../src/pipeline/index.ts';
import { JOB_ARTICLE, JOB_ITEM, QUEUE_FETCH, type FetchJobData, type FetchJobResult } from '../src/queue/names.ts';

/** Thin entry point: one BullMQ worker on the fetch queue, each job one poll of one feed. */
export function startFetchWorker(context: SitrepContext): Worker<FetchJobData, FetchJobResult> {
  const { settings } = context.config;
  const state = new RedisFeedStateStore(context.redis, context.keys);
  const seen = new RedisSeenItemsStore(context.redis, context.keys, settings.dedup.seenWindowDays * 86_400_000);
  const log = context.logger.child({ stage: 'fetch' });
  const worker = new Worker<FetchJobData, FetchJobResult>(
    QUEUE_FETCH,
    async (job) => {
      const { feed } = job.data;
      const result = await pollFeed(feed, {
        fetchFeed,
        state,
        seen,
        enqueueItems: async (jobs) => {
          await context.queues.items.addBulk(jobs.map((data) => ({ name: JOB_ITEM, data, opts: { jobId: data.recordId } })));
        },
        enqueueArticles: async (jobs) => {
          await context.queues.articles.addBulk(jobs.map((data) => ({ name: JOB_ARTICLE, data, opts: { jobId: data.recordId } })));
        },
        fetchSettings: {
          connectTimeoutMs: settings.fetch.connectTimeoutMs,
          totalTimeoutMs: settings.fetch.totalTimeoutMs,
          maxBodyBytes: settings.fetch.maxBodyBytes,
          maxRedirects: settings.fetch.maxRedirects,
          userAgent: settings.fetch.userAgent,
        },
      });
      const line = { feedId: feed.id, jobId: job.id, outcome: result.outcome, items: result.items, newItems: result.newItems };
      if (result.outcome === 'error') log.warn({ ...line, error: result.error }, 'feed poll failed');
      else log.info(line, 'feed polled');
      const { enqueued: _enqueued, ...summary } = result;
      return summary;
    },
    { connection: context.newConnection(), prefix: settings.redis.prefix, concurrency: settings.fetch.concurrency },
  );
  worker.on('failed', (job, err) => log.error({ feedId: job?.data.feed.id, jobId: job?.id, err }, 'fetch job failed'));
  worker.on('error', (err) => log.error({ err }, 'fetch worker error'));
  return worker;
}
