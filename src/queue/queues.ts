import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Settings } from '../config/index.ts';
import { QUEUE_ARTICLES, QUEUE_FETCH, QUEUE_ITEMS, type ArticleJobData, type FetchJobData, type ItemJobData } from './names.ts';

export interface SitrepQueues {
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

export function createQueues(connection: ConnectionOptions, settings: Settings): SitrepQueues {
  const common = { connection, prefix: settings.redis.prefix, defaultJobOptions: defaultJobOptions(settings) };
  // A failed poll is recorded on the feed and the next scheduled poll is its retry.
  const fetch = new Queue<FetchJobData>(QUEUE_FETCH, { ...common, defaultJobOptions: { ...common.defaultJobOptions, attempts: 1 } });
  const items = new Queue<ItemJobData>(QUEUE_ITEMS, common);
  // A page that keeps failing is not worth many tries: after the last one the item goes on without it.
  const articles = new Queue<ArticleJobData>(QUEUE_ARTICLES, {
    ...common,
    defaultJobOptions: { ...common.defaultJobOptions, attempts: Math.min(ARTICLE_ATTEMPTS, settings.jobs.attempts) },
  });
  return {
    fetch,
    items,
    articles,
    close: async () => {
      await Promise.all([fetch.close(), items.close(), articles.close()]);
    },
  };
}
