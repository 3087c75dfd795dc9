import type { SitrepContext } from '../src/app/context.ts';
import { reconcileFeedSchedulers, type ReconcileResult } from '../src/queue/schedule-feeds.ts';

/** Thin entry point: makes the fetch queue's job schedulers match the configured feeds. */
export async function runScheduler(context: SitrepContext): Promise<ReconcileResult> {
  const result = await reconcileFeedSchedulers(context.queues.fetch, context.redis, context.keys, context.config.feeds);
  const log = context.logger.child({ stage: 'scheduler' });
  if (result.acquired) log.info({ feeds: result.upserted, removed: result.removed }, 'feed schedulers reconciled');
  else log.info('another process is reconciling feed schedulers; skipped');
  return result;
}
