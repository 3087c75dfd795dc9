import type { SitrepContext } from '../src/app/context.ts';
import { reconcileShardSchedulers, type ReconcileResult } from '../src/queue/schedule-feeds.ts';
import { shardOfFeed } from '../src/queue/shards.ts';

/** Thin entry point: makes the fetch queues' job schedulers (one per feed, in its shard) match the configured feeds. */
export async function runScheduler(context: SitrepContext): Promise<ReconcileResult> {
  const { queues } = context;
  const result = await reconcileShardSchedulers(
    queues.shards.map((shard) => shard.fetch),
    (feedId) => shardOfFeed(feedId, queues.shards.length),
    context.redis,
    context.keys,
    context.config.feeds,
  );
  const log = context.logger.child({ stage: 'scheduler' });
  if (result.acquired) log.info({ feeds: result.upserted, removed: result.removed }, 'feed schedulers reconciled');
  else log.info('another process is reconciling feed schedulers; skipped');
  return result;
}
