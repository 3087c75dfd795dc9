import { Worker } from 'bullmq';
import type { SitrepContext } from '../src/app/context.ts';
import { resolveDataPath } from '../src/app/context.ts';
import { RedisDedupIndex } from '../src/dedup/redis-dedup-index.ts';
import { processItem } from '../src/pipeline/index.ts';
import { QUEUE_ITEMS, type ItemJobData } from '../src/queue/names.ts';
import { workerLockOptions } from '../src/queue/worker-options.ts';
import { countEntities } from '../src/observability/instrument-workers.ts';
import { NdjsonSink, RedisStreamSink, type RecordSink } from '../src/sinks/index.ts';
import { PostgresSink } from '../src/sinks/postgres-sink.ts';
import { RawItemStore } from '../src/replay/raw-item-store.ts';

export interface ItemJobResult {
  duplicateOf: string | null;
  written: Record<string, boolean>;
  /** For metrics: whether the record is a copy of an earlier one, and entities tagged per kind. */
  duplicate?: boolean;
  entities?: Record<string, number>;
}

/** Sink marks only need to outlive retries and re-enqueues after a crash (bounded by the max poll interval). */
function sinkMarkTtlSeconds(context: SitrepContext): number {
  return Math.max(2 * 86_400, 2 * context.config.settings.schedule.maxInterval);
}

export function createSinks(context: SitrepContext): RecordSink[] {
  const { settings } = context.config;
  const ttl = sinkMarkTtlSeconds(context);
  const sinks: RecordSink[] = [];
  if (settings.sinks.ndjson.enabled) {
    sinks.push(new NdjsonSink(context.redis, context.keys, resolveDataPath(settings.dataDir, settings.sinks.ndjson.dir), ttl));
  }
  if (settings.sinks.redisStream.enabled) {
    sinks.push(new RedisStreamSink(context.redis, context.keys, settings.sinks.redisStream.maxLen, ttl));
  }
  if (settings.sinks.postgres.enabled && settings.sinks.postgres.url) {
    sinks.push(new PostgresSink({ url: settings.sinks.postgres.url }));
  }
  return sinks;
}

/** The dedup index as configured (the items worker and `sitrep replay` share it). */
export function createDedupIndex(context: SitrepContext): RedisDedupIndex {
  const { settings } = context.config;
  return new RedisDedupIndex(context.redis, context.keys, {
    windowSeconds: settings.dedup.windowHours * 3_600,
    storyWindowHours: settings.dedup.storyWindowHours,
    thresholds: { nearJaccard: settings.dedup.nearJaccard, prefixContainment: settings.dedup.prefixContainment, storyJaccard: settings.dedup.storyJaccard },
  });
}

/** Where processed items are kept for `sitrep replay` (null when replay.keepRawDays is 0). */
export function createRawItemStore(context: SitrepContext): RawItemStore | null {
  const { settings } = context.config;
  return settings.replay.keepRawDays > 0 ? new RawItemStore(resolveDataPath(settings.dataDir, 'raw'), settings.replay.keepRawDays) : null;
}

/** What the items workers of one process share: sinks (one appender per file), the dedup index, the raw store. */
export interface ItemsWorkerShared {
  sinks: RecordSink[];
  dedup: RedisDedupIndex;
  rawStore: RawItemStore | null;
}

export function createItemsWorkerShared(context: SitrepContext, sinks: RecordSink[] = createSinks(context)): ItemsWorkerShared {
  return { sinks, dedup: createDedupIndex(context), rawStore: createRawItemStore(context) };
}

export async function closeItemsWorkerShared(shared: ItemsWorkerShared): Promise<void> {
  await Promise.all(shared.sinks.map((sink) => sink.close()));
  await shared.rawStore?.close().catch(() => undefined);
}

/** Thin entry point: one BullMQ worker on one shard's items queue, each job one item → one record. */
export function startItemsWorker(
  context: SitrepContext,
  shared?: ItemsWorkerShared | RecordSink[],
  shard = 0,
): Worker<ItemJobData, ItemJobResult> {
  const { settings } = context.config;
  // Given sinks (or none): this worker owns them and closes them with itself; a shared set is the caller's to close.
  const ownsShared = shared === undefined || Array.isArray(shared);
  const { sinks, dedup, rawStore } = ownsShared ? createItemsWorkerShared(context, shared) : shared;
  const { prefix } = context.queues.shards[shard]!;
  const log = context.logger.child({ stage: 'items' });
  const worker = new Worker<ItemJobData, ItemJobResult>(
    QUEUE_ITEMS,
    async (job) => {
      const { record, written } = await processItem(job.data, { dedup, sinks, maxSnippetChars: settings.items.maxSnippetChars });
      log.debug({ feedId: job.data.feed.id, jobId: job.id, recordId: record.id, duplicateOf: record.dedup.duplicateOf }, 'record written');
      // Kept for `sitrep replay`; a retried job may store twice (replay skips repeats). Not worth failing the job over.
      await rawStore?.append(job.data).catch((err: unknown) => log.warn({ recordId: record.id, err }, 'storing the raw item for replay failed'));
      return { duplicateOf: record.dedup.duplicateOf, written, duplicate: record.dedup.duplicateOf !== null, entities: countEntities(record.entities) };
    },
    { ...workerLockOptions(settings), connection: context.newConnection(), prefix, concurrency: settings.items.concurrency },
  );
  worker.on('failed', (job, err) => log.error({ feedId: job?.data.feed.id, jobId: job?.id, attempt: job?.attemptsMade, err }, 'item job failed'));
  worker.on('error', (err) => log.error({ err }, 'items worker error'));
  if (ownsShared) worker.on('closed', () => void closeItemsWorkerShared({ sinks, dedup, rawStore }).catch((err) => log.warn({ err }, 'closing sinks failed')));
  return worker;
}
