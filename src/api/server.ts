import { fastify, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { SitrepContext } from '../app/context.ts';
import { createMetrics, type SitrepMetrics } from '../observability/metrics.ts';
import type { ApiDeps } from './api-deps.ts';
import { assertHttpExposureAllowed, createAuthHook, type HttpAuthSettings } from './auth.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerFeedRoutes } from './routes/feed-routes.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerMetricsRoutes } from './routes/metrics-routes.ts';
import { registerRecordRoutes } from './routes/record-routes.ts';
import { registerWebRoutes } from './routes/web-routes.ts';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  /** Reports whether this process's workers are running (for /readyz). */
  workersRunning: () => boolean;
  /** This process's metrics (updated by instrumentWorkers); a fresh registry when absent. */
  metrics?: SitrepMetrics;
}

/** The fastify app with every route; not listening yet (tests may inject). */
export async function buildApiApp(context: SitrepContext, options: ApiServerOptions): Promise<FastifyInstance> {
  const auth: HttpAuthSettings = { ...context.config.settings.http, host: options.host };
  assertHttpExposureAllowed(auth);
  // fastify's own request log would be noise at info level; errors go to sitrep's logger without headers.
  const app = fastify({ logger: false, forceCloseConnections: true });
  const log = context.logger.child({ stage: 'api' });
  app.setErrorHandler((err, request, reply) => {
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    if (status >= 500) log.error({ err, method: request.method, path: request.url.split('?', 1)[0] }, 'api request failed');
    void reply.code(status).send({ error: status >= 500 ? 'internal error' : (err as Error).message });
  });
  const hook = createAuthHook(auth);
  if (hook) app.addHook('onRequest', hook);
  const deps: ApiDeps = { context, metrics: options.metrics ?? createMetrics(), workersRunning: options.workersRunning };
  registerHealthRoutes(app, deps);
  registerFeedRoutes(app, deps);
  registerRecordRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerWebRoutes(app);
  await registerAdminRoutes(app, deps);
  return app;
}

/** Health, API, metrics, queue dashboard and the page; loopback by default, credentials required beyond it. */
export async function startApiServer(context: SitrepContext, options: ApiServerOptions): Promise<ApiServer> {
  const app = await buildApiApp(context, options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => app.close(),
  };
}
