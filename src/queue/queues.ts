import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Settings } from '../config/index.ts';
import { QUEUE_FETCH, QUEUE_ITEMS, type FetchJobData, type ItemJobData } from './names.ts';

export interface SitrepQueues {
  fetch: Queue<FetchJobData>;
  items: Queue<ItemJobData>;
  close(): Promise<void>;
}

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
  return {
    fetch,
    items,
    close: async () => {
      await Promise.all([fetch.close(), items.close()]);
    },
  };
}
