import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { findFeedsWithoutScheduler } from '../feed-views.ts';

const READY_PING_TIMEOUT_MS = 1_000;

/** True when Redis answers PING within timeoutMs. */
function pingWithin(redis: { ping(): Promise<string> }, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    redis.ping().then((pong) => pong === 'PONG', () => false),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
  ]).finally(() => clearTimeout(timer));
}

/** /healthz (process alive) and /readyz (Redis reachable, workers running, every feed scheduled): 200 or 503. */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { context } = deps;
    // While Redis is down commands queue until it is back (workers need that), so a probe must not wait on them.
    const redis = await pingWithin(context.redis, READY_PING_TIMEOUT_MS);
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
