import type { SitrepContext } from '../app/context.ts';
import { ConfigError } from '../errors.ts';
import { queueLayout, type QueueLayout } from './queues.ts';

export function parseLayout(text: string | null): QueueLayout | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<QueueLayout>;
    return typeof value.shards === 'number' ? { shards: value.shards, cluster: value.cluster === true } : null;
  } catch {
    return null;
  }
}

export async function readStoredLayout(context: SitrepContext): Promise<QueueLayout | null> {
  return parseLayout(await context.redis.get(context.keys.layout()));
}

export async function writeStoredLayout(context: SitrepContext, layout: QueueLayout): Promise<void> {
  await context.redis.set(context.keys.layout(), JSON.stringify(layout));
}

/**
 * The shard count decides where a feed's jobs live, so processes must agree on it. The first process stores
 * the layout; a process configured for another shard count refuses to start (exit 2) until `sitrep rebalance`
 * has moved the jobs, instead of leaving them stranded in queues nobody serves.
 */
export async function checkQueueLayout(context: SitrepContext): Promise<void> {
  const wanted = queueLayout(context.config.settings);
  const stored = await readStoredLayout(context);
  if (stored === null) {
    await context.redis.set(context.keys.layout(), JSON.stringify(wanted), 'NX');
    const now = await readStoredLayout(context);
    if (now && now.shards !== wanted.shards) throw layoutMismatch(now, wanted);
    return;
  }
  if (stored.shards !== wanted.shards) throw layoutMismatch(stored, wanted);
}

function layoutMismatch(stored: QueueLayout, wanted: QueueLayout): ConfigError {
  return new ConfigError(
    `shards: the configuration says ${wanted.shards}, but the queues in Redis are laid out for ${stored.shards}. ` +
      `Stop every sitrep worker, then run \`sitrep rebalance\` to move the waiting jobs to the new shards (docs/scaling.md).`,
  );
}
