import { COMMON_HELP, UsageError } from './args.ts';
import { withCommandContext } from './command-context.ts';

export const RETRY_HELP = `Usage: sitrep retry --queue fetch|items|articles [options]

Moves every failed job of the queue back to waiting (a fresh set of attempts each).

${COMMON_HELP}`;

const RETRYABLE_QUEUES = ['fetch', 'items', 'articles'] as const;

/** `sitrep retry --queue Q`: retries the queue's failed jobs and says how many. */
export async function runRetryCommand(values: Record<string, unknown>): Promise<number> {
  const name = values.queue;
  if (typeof name !== 'string' || !(RETRYABLE_QUEUES as readonly string[]).includes(name)) {
    throw new UsageError(`--queue: give one of ${RETRYABLE_QUEUES.join(', ')}`);
  }
  return withCommandContext(values, async (context) => {
    const queue = name === 'fetch' ? context.queues.fetch : name === 'items' ? context.queues.items : context.queues.articles;
    const failed = await queue.getFailedCount();
    if (failed > 0) await queue.retryJobs({ state: 'failed', count: 1_000 });
    process.stdout.write(`${name}: ${failed} failed job${failed === 1 ? '' : 's'} moved back to waiting\n`);
    return 0;
  });
}
