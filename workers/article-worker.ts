import { Worker } from 'bullmq';
import type { SitrepContext } from '../src/app/context.ts';
import { fetchFeed } from '../src/fetch/http-fetcher.ts';
import { buildFetchSettings } from '../src/app/fetch-settings.ts';
import { redactUrl } from '../src/observability/logger.ts';
import { createHostLimiter, runArticleJob, TransientArticleError, type ArticleJobResult } from '../src/article/index.ts';
import { JOB_ITEM, QUEUE_ARTICLES, type ArticleJobData } from '../src/queue/names.ts';
import { workerLockOptions } from '../src/queue/worker-options.ts';

// Politeness: pages of one site are fetched at most this many at a time per process.
const MAX_PAGES_PER_HOST = 2;

/** Thin entry point: one BullMQ worker on one shard's articles queue, each job one page fetch that then enqueues its item. */
export function startArticleWorker(context: SitrepContext, shard = 0): Worker<ArticleJobData, ArticleJobResult> {
  const { settings } = context.config;
  const { prefix } = context.queues.shards[shard]!;
  const log = context.logger.child({ stage: 'article' });
  const hostLimiter = createHostLimiter(MAX_PAGES_PER_HOST);
  const fetchSettings = buildFetchSettings(settings);
  const worker = new Worker<ArticleJobData, ArticleJobResult>(
    QUEUE_ARTICLES,
    async (job) => {
      const result = await runArticleJob(job.data, {
        fetchPage: fetchFeed,
        enqueueItem: async (data) => {
          await context.queues.forFeed(data.feed.id).items.add(JOB_ITEM, data, { jobId: data.recordId });
        },
        fetchSettings,
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        hostLimiter,
      });
      const line = { feedId: job.data.feed.id, jobId: job.id, pageUrl: result.pageUrl === null ? null : redactUrl(result.pageUrl) };
      if (result.outcome === 'no-article') log.warn({ ...line, reason: result.reason }, 'article page unavailable; item enqueued without it');
      else log.debug({ ...line, canonicalUrl: result.canonicalUrl === null ? null : redactUrl(result.canonicalUrl), encoding: result.encoding }, 'article page extracted');
      return result;
    },
    // Page fetches are I/O-bound like polls: share the fetch concurrency setting.
    { ...workerLockOptions(settings), connection: context.newConnection(), prefix, concurrency: settings.fetch.concurrency },
  );
  worker.on('failed', (job, err) => {
    const line = { feedId: job?.data.feed.id, jobId: job?.id, attempt: job?.attemptsMade };
    if (err instanceof TransientArticleError) log.info({ ...line, reason: err.message }, 'article page failed; will retry');
    else log.error({ ...line, err }, 'article job failed');
  });
  worker.on('error', (err) => log.error({ err }, 'article worker error'));
  return worker;
}
