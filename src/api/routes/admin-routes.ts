import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { ApiDeps } from '../api-deps.ts';
import type { ShardQueues } from '../../queue/queues.ts';

export const ADMIN_BASE_PATH = '/admin/queues';

/**
 * One adapter per queue per shard. bull-board keys queues by name (adapter prefix + queue name), so with
 * several shards each gets `shard-N:`; the ':' delimiter makes the page's menu group the queues by shard.
 * One shard keeps the plain names (fetch, items, articles).
 */
export function boardAdapters(shards: ShardQueues[]): BullMQAdapter[] {
  const sharded = shards.length > 1;
  return shards.flatMap((shard) => [shard.fetch, shard.items, shard.articles].map((queue) =>
    // bull-board is typed against its own bullmq copy; the runtime API is the same.
    new BullMQAdapter(queue as never, sharded
      ? { prefix: `shard-${shard.shard}:`, delimiter: ':', description: `shard ${shard.shard} of ${shards.length}, keys under ${shard.prefix}` }
      : {})));
}

/** bull-board at /admin/queues for every shard's fetch, items and articles queues (retry and clean from the page). */
export async function registerAdminRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_BASE_PATH);
  createBullBoard({ queues: boardAdapters(deps.context.queues.shards), serverAdapter });
  await app.register(serverAdapter.registerPlugin(), { prefix: ADMIN_BASE_PATH });
}
