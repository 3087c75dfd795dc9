import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { ApiDeps } from '../api-deps.ts';

export const ADMIN_BASE_PATH = '/admin/queues';

/** bull-board at /admin/queues for the fetch, items and articles queues (retry and clean from the page). */
export async function registerAdminRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { queues } = deps.context;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_BASE_PATH);
  createBullBoard({
    // bull-board is typed against its own bullmq copy; the runtime API is the same.
    queues: [queues.fetch, queues.items, queues.articles].map((queue) => new BullMQAdapter(queue as never)),
    serverAdapter,
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: ADMIN_BASE_PATH });
}
