import type { Worker } from 'bullmq';
import type { SitrepContext } from './context.ts';
import { startApiServer, type ApiServer } from '../api/server.ts';
import { assertHttpExposureAllowed } from '../api/auth.ts';
import { createMetrics } from '../observability/metrics.ts';
import { instrumentWorkers } from '../observability/instrument-workers.ts';
import { ThroughputRecorder } from '../observability/throughput.ts';
import { ProcessStatsLog } from '../observability/process-stats.ts';
import { startFetchWorker } from '../../workers/fetch-worker.ts';
import { closeItemsWorkerShared, createItemsWorkerShared, startItemsWorker } from '../../workers/items-worker.ts';
import { allShards } from '../queue/shards.ts';
import { WorkerRegistration } from '../queue/worker-registry.ts';
import { checkQueueLayout } from '../queue/queue-layout.ts';
import { startArticleWorker } from '../../workers/article-worker.ts';
import { runScheduler } from '../../workers/scheduler.ts';
import type { QueueName } from '../queue/names.ts';

export interface ServiceOptions {
  queues: QueueName[];
  scheduler: boolean;
  api: boolean;
  /** Queue shards this process serves (default: all). */
  shards?: number[];
}

export interface RunningService {
  workers: Worker[];
  api: ApiServer | null;
  /** Stops taking jobs, waits up to drainTimeoutMs for active ones, closes everything. */
  close(drainTimeoutMs?: number): Promise<void>;
}

export async function startService(context: SitrepContext, options: ServiceOptions): Promise<RunningService> {
  const workers: Worker[] = [];
  const { http } = context.config.settings;
  // Refuse an exposed API before anything starts (ConfigError naming http.host: exit 2).
  if (options.api) assertHttpExposureAllowed(http);
  await checkQueueLayout(context);
  if (options.scheduler) await runScheduler(context);
  const shards = options.shards ?? allShards(context.queues.shards.length);
  // One set of sinks per process: appends to one file stay serialised whatever the shard.
  const itemsShared = options.queues.includes('items') ? createItemsWorkerShared(context) : null;
  for (const shard of shards) {
    if (itemsShared) workers.push(startItemsWorker(context, itemsShared, shard));
    // Article pages are a step of item processing: whoever serves items serves them too.
    if (itemsShared) workers.push(startArticleWorker(context, shard));
    if (options.queues.includes('fetch')) workers.push(startFetchWorker(context, shard));
  }
  const registration = workers.length > 0 ? new WorkerRegistration(context.redis, context.keys, options.queues, shards) : null;
  // Metrics are per process; the throughput counter (the page's chart) is shared in Redis.
  const metrics = createMetrics({ defaultMetrics: options.api });
  const throughput = options.queues.includes('items') ? new ThroughputRecorder(context.redis, context.keys) : null;
  instrumentWorkers(workers, metrics, throughput);
  const processStats = new ProcessStatsLog(context.logger);
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const api = options.api
    ? await startApiServer(context, { host: http.host, port: http.port, metrics, workersRunning: () => workers.every((worker) => worker.isRunning()) })
    : null;
  let closing: Promise<void> | null = null;
  return {
    workers,
    api,
    close: (drainTimeoutMs = 30_000) => {
      closing ??= (async () => {
        const drain = Promise.all(workers.map((worker) => worker.close()));
        const timedOut = await Promise.race([
          drain.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(true), drainTimeoutMs).unref()),
        ]);
        if (timedOut) {
          context.logger.warn({ drainTimeoutMs }, 'active jobs did not finish in time; closing workers (their jobs will be picked up as stalled)');
          await Promise.all(workers.map((worker) => worker.close(true)));
        }
        processStats.stop();
        if (itemsShared) await closeItemsWorkerShared(itemsShared).catch((err) => context.logger.warn({ err }, 'closing sinks failed'));
        await registration?.close();
        await throughput?.close().catch(() => {});
        await api?.close();
        await context.close();
      })();
      return closing;
    },
  };
}

/** Resolves on the first SIGINT/SIGTERM. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
