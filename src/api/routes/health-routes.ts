import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { findFeedsWithoutScheduler } from '../feed-views.ts';

/** /healthz (process alive) and /readyz (Redis reachable, workers running, every feed scheduled): 200 or 503. */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { context } = deps;
    const redis = await context.redis.ping().then((pong) => pong === 'PONG', () => false);
    const workers = deps.workersRunning();
    const unscheduled = redis ? await findFeedsWithoutScheduler(context).catch(() => null) : null;
    const scheduler = unscheduled !== null && unscheduled.length === 0;
    const ready = redis && workers && scheduler;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      redis,
      workers,
      scheduler,
      // A bounded list: enough to act on, small enough for a probe.
      ...(unscheduled && unscheduled.length > 0 ? { feedsWithoutScheduler: unscheduled.slice(0, 20) } : {}),
    });
  });
}
