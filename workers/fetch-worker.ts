import { DelayedError, Worker } from 'bullmq';
import type { SitrepContext } from '../src/app/context.ts';
import { fetchFeed, type FetchOutcome } from '../src/fetch/http-fetcher.ts';
import { buildFetchSettings } from '../src/app/fetch-settings.ts';
import { redactUrl } from '../src/observability/logger.ts';
import { describeFetch } from '../src/observability/instrument-workers.ts';
import { RedisFeedStateStore, RedisSeenItemsStore } from '../src/feed-state/index.ts';
import { pollFeed } from '../src/pipeline/index.ts';
import { pollPolicyFor } from '../src/feed-health/backoff-policy.ts';
import { RedisHostPoliteness } from '../src/politeness/host-politeness.ts';
import { JOB_ARTICLE, JOB_ITEM, QUEUE_FETCH, type FetchJobData, type FetchJobResult } from '../src/queue/names.ts';
import { workerLockOptions } from '../src/queue/worker-options.ts';

/** Thin entry point: one BullMQ worker on one shard's fetch queue, each job one poll of one feed. */
export function startFetchWorker(context: SitrepContext, shard = 0): Worker<FetchJobData, FetchJobResult> {
  const { settings } = context.config;
  const { prefix } = context.queues.shards[shard]!;
  const state = new RedisFeedStateStore(context.redis, context.keys);
  const seen = new RedisSeenItemsStore(context.redis, context.keys, settings.dedup.seenWindowDays * 86_400_000);
  const log = context.logger.child({ stage: 'fetch', ...(context.queues.shards.length > 1 ? { shard } : {}) });
  const fetchSettings = buildFetchSettings(settings);
  // A slot outlives the longest possible fetch, so only a crashed worker's slot ever expires.
  const politeness = new RedisHostPoliteness(context.redis, context.keys, {
    minGapMs: settings.fetch.hostMinGapMs,
    maxConcurrent: settings.fetch.hostMaxConcurrent,
    slotTtlMs: settings.fetch.totalTimeoutMs + 5_000,
  });
  const worker = new Worker<FetchJobData, FetchJobResult>(
    QUEUE_FETCH,
    async (job, token) => {
      const { feed } = job.data;
      // The response status and error kind feed the poll metrics (src/observability/instrument-workers.ts).
      let fetched: FetchOutcome | null = null;
      const result = await pollFeed(feed, {
        scheduled: job.repeatJobKey !== undefined || (job.id ?? '').startsWith('repeat:'),
        policy: pollPolicyFor(feed.intervalSeconds, settings.schedule),
        acquireHost: (url) => politeness.acquire(url),
        fetchFeed: async (options) => (fetched = await fetchFeed(options)),
        state,
        seen,
        enqueueItems: async (jobs) => {
          // The feed's own shard, even if this poll arrived on another (a job left from before a rebalance).
          await context.queues.forFeed(feed.id).items.addBulk(jobs.map((data) => ({ name: JOB_ITEM, data, opts: { jobId: data.recordId } })));
        },
        enqueueArticles: async (jobs) => {
          await context.queues.forFeed(feed.id).articles.addBulk(jobs.map((data) => ({ name: JOB_ARTICLE, data, opts: { jobId: data.recordId } })));
        },
        fetchSettings,
      });
      if (result.skipReason === 'host-busy' && result.deferUntilMs !== undefined && token !== undefined) {
        // Waiting for the host is not a failure: the job goes back to delayed and keeps its attempts.
        await job.moveToDelayed(result.deferUntilMs, token);
        throw new DelayedError();
      }
      if (result.redirectedTo !== undefined) log.info({ feedId: feed.id, from: redactUrl(feed.url), to: redactUrl(result.redirectedTo) }, 'feed moved permanently; polling the new URL from now on');
      const line = { feedId: feed.id, jobId: job.id, outcome: result.outcome, items: result.items, newItems: result.newItems, nextPollAt: result.nextPollAt, skipReason: result.skipReason };
      if (result.outcome === 'error') log.warn({ ...line, error: result.error }, 'feed poll failed');
      else log.info(line, 'feed polled');
      const { enqueued: _enqueued, ...summary } = result;
      return { ...summary, ...describeFetch(fetched, result.outcome) };
    },
    { ...workerLockOptions(settings), connection: context.newConnection(), prefix, concurrency: settings.fetch.concurrency },
  );
  worker.on('failed', (job, err) => log.error({ feedId: job?.data.feed.id, jobId: job?.id, err }, 'fetch job failed'));
  worker.on('error', (err) => log.error({ err }, 'fetch worker error'));
  return worker;
}
