import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { readFeedViews } from '../feed-views.ts';

/** GET /api/feeds: each configured feed's state, next poll and items/day. */
export function registerFeedRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/feeds', async () => ({ feeds: await readFeedViews(deps.context) }));
}
