import { COMMON_HELP, UsageError } from './args.ts';
import { withCommandContext } from './command-context.ts';

export const RETRY_HELP = `Usage: sitrep retry --queue fetch|items|articles [options]

Moves every failed job of the queue (in every shard) back to waiting (a fresh set of attempts each).

${COMMON_HELP}`;

const RETRYABLE_QUEUES = ['fetch', 'items', 'articles'] as const;

/** `sitrep retry --queue Q`: retries the queue's failed jobs and says how many. */
export async function runRetryCommand(values: Record<string, unknown>): Promise<number> {
  const name = values.queue;
  if (typeof name !== 'string' || !(RETRYABLE_QUEUES as readonly string[]).includes(name)) {
    throw new UsageError(`--queue: give one of ${RETRYABLE_QUEUES.join(', ')}`);
  }
  return withCommandContext(values, async (context) => {
    let failed = 0;
    for (const shard of context.queues.shards) {
      const queue = name === 'fetch' ? shard.fetch : name === 'items' ? shard.items : shard.articles;
      const count = await queue.getFailedCount();
      if (count > 0) await queue.retryJobs({ state: 'failed', count: 1_000 });
      failed += count;
    }
    process.stdout.write(`${name}: ${failed} failed job${failed === 1 ? '' : 's'} moved back to waiting\n`);
    return 0;
  });
}
