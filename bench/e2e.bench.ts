// End to end: a loopback fixture server serves N feeds x M items, BENCH_WORKERS real `sitrep worker`
// processes (same run, config and Redis) drain them into the NDJSON and Redis Stream sinks. Per worker: max
// RSS, CPU seconds in the window, and the event-loop delay from its `process stats at stop` line (the
// histogram covers the process's life from service start to SIGTERM, idle start-up wait included; the line
// reports delay beyond the 10 ms sampling interval, so an idle loop reads 0). Also Redis CPU seconds in
// the window. Two references from the same run: the in-process pipeline (same stage functions, no queue, no
// Redis) and the BullMQ no-op ceiling (same queue settings).
// Env: BENCH_FEEDS (200), BENCH_ITEMS (50), BENCH_SEED (42), BENCH_WORKERS (1 or 2), BENCH_CPU_PROF_DIR
// (profile the workers). The last stdout line is the JSON result.
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { startBenchFeedSet } from './helpers/bench-feeds.ts';
import { commandStat, envNumber, loadAverage, mb, percentile, redisCpuSeconds, sampleRss, sleep, startBenchRedis, workerHeapEnv } from './helpers/bench-env.ts';
import { watchWorker, type StoppedWorker } from './helpers/worker-process.ts';
import { createSitrepRun } from '../test/faults/helpers/sitrep-process.ts';
import { decodeBody, parseFeed } from '../src/fetch/index.ts';
import { collectItemJobs } from '../src/pipeline/poll-feed.ts';
import { prepareItem } from '../src/pipeline/process-item.ts';
import { MemoryDedupIndex } from '../src/dedup/memory-dedup-index.ts';
import { buildRecord, sourceDomain, validateRecord } from '../src/record/index.ts';
import { settingsSchema } from '../src/config/schema.ts';
import { defaultJobOptions } from '../src/queue/queues.ts';
import { JOB_ITEM, JOB_POLL, QUEUE_FETCH, QUEUE_ITEMS, type FetchJobData, type ItemJobData } from '../src/queue/names.ts';
import type { FeedConfig } from '../src/model/index.ts';

const FEEDS = envNumber('BENCH_FEEDS', 200);
const ITEMS = envNumber('BENCH_ITEMS', 50);
const SEED = envNumber('BENCH_SEED', 42);
const STALL_TIMEOUT_MS = envNumber('BENCH_STALL_MS', 30_000);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
const WORKERS = envNumber('BENCH_WORKERS', 1);
if (WORKERS !== 1 && WORKERS !== 2) throw new Error(`BENCH_WORKERS must be 1 or 2, got ${WORKERS}`);

const benchSettings = {
  fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 1_000 },
  log: { level: 'info' },
};
// The product defaults everywhere else (items.concurrency, jobs.*, sinks, replay).
const settings = settingsSchema.parse(benchSettings);

const loadAtStart = loadAverage();
const feedSet = await startBenchFeedSet({ feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED });
const redis = await startBenchRedis();
const total = feedSet.totalItems;
console.log(`e2e: ${FEEDS} feeds x ${ITEMS} items = ${total} items (${feedSet.duplicates} cross-feed copies), ${mb(feedSet.totalBytes)} MB of feeds, ${WORKERS} worker process(es), load ${loadAtStart}`);

function feedConfigOf(feed: { id: string; url: string }): FeedConfig {
  return { id: feed.id, url: feed.url, intervalSeconds: 3_600, tags: [], fetchArticle: false };
}

// --- reference 1: the in-process pipeline over the same items (parse timed separately) ---
const parseStart = performance.now();
const itemJobs: ItemJobData[] = [];
const fetchedAt = new Date().toISOString();
for (const feed of feedSet.feeds) {
  const decoded = decodeBody(Buffer.from(feed.body), 'application/rss+xml; charset=utf-8');
  const parsed = await parseFeed(decoded.text, 'application/rss+xml; charset=utf-8');
  if (!parsed.ok) throw new Error(`${feed.id}: ${parsed.reason}`);
  itemJobs.push(...collectItemJobs(feedConfigOf(feed), parsed.feed, fetchedAt));
}
const parseSeconds = (performance.now() - parseStart) / 1000;
const dedup = new MemoryDedupIndex();
let inProcessDuplicates = 0;
const pipelineStart = performance.now();
for (const job of itemJobs) {
  const prepared = prepareItem(job, settings.items.maxSnippetChars);
  const verdict = dedup.checkAndInsertSync({
    recordId: job.recordId, contentHash: prepared.contentHash, sourceDomain: sourceDomain(prepared.url ?? job.feed.url),
    signature: prepared.dedupSignature, publishedAt: job.item.published ?? job.fetchedAt,
  });
  if (verdict.duplicateOf !== null) inProcessDuplicates++;
  validateRecord(buildRecord({
    id: job.recordId, feed: { id: job.feed.id, url: job.feed.url, title: job.feed.title }, sourceName: job.feed.title,
    url: prepared.url, guid: job.item.guid, title: prepared.title, snippet: prepared.snippet, truncated: prepared.truncated,
    language: prepared.language, publishedAt: job.item.published, fetchedAt: job.fetchedAt,
    dedup: { contentHash: prepared.contentHash, fingerprint: prepared.fingerprint, duplicateOf: verdict.duplicateOf, cluster: verdict.cluster, story: verdict.story, sources: verdict.sources },
    entities: prepared.entities, versions: { sitrep: '0', tagger: '0' },
  }));
}
const pipelineSeconds = (performance.now() - pipelineStart) / 1000;
const inProcess = {
  itemsPerSecond: Math.round(itemJobs.length / pipelineSeconds),
  parseItemsPerSecond: Math.round(itemJobs.length / parseSeconds),
  withParseItemsPerSecond: Math.round(itemJobs.length / (pipelineSeconds + parseSeconds)),
  duplicates: inProcessDuplicates,
  load: loadAverage(),
};
console.log(`  in-process: ${inProcess.itemsPerSecond} items/s (prepare+dedup+record), parse ${inProcess.parseItemsPerSecond} items/s, both ${inProcess.withParseItemsPerSecond} items/s; ${inProcessDuplicates} duplicates; load ${inProcess.load}`);

// --- the real thing: BENCH_WORKERS sitrep worker processes (fetch + items each) ---
const run = await createSitrepRun({
  redisUrl: redis.url,
  feeds: feedSet.feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: 3_600 })),
  settings: benchSettings,
});
// --cpu-prof is refused in NODE_OPTIONS: an inspector-based preload does the same.
const heap = workerHeapEnv(CPU_PROF_DIR ? `--import ${new URL('./helpers/cpu-profile-preload.mjs', import.meta.url).href}` : '');
const env: Record<string, string> = { SITREP_ALLOW_PRIVATE_NETWORKS: '1', ...heap.env };
if (CPU_PROF_DIR) env.BENCH_CPU_PROF_DIR = CPU_PROF_DIR;
console.log(`  worker heap limit: ${heap.heapLimitMb === null ? 'V8 default' : `${heap.heapLimitMb} MB`} (BENCH_WORKER_HEAP_MB; 1024 as in the Dockerfile, 0 for V8's default)`);
const workers = Array.from({ length: WORKERS }, (_, index) => watchWorker(run.spawn(['worker'], { env, name: `bench-worker-${index + 1}` })));
let e2e: Record<string, unknown> = {};
let noop: Record<string, unknown> = {};
try {
  await Promise.all(workers.map((worker) => worker.process.waitForOutput(/queues \[/, 60_000)));
  const rss = workers.map((worker) => sampleRss(worker.process.child.pid!));
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const fetchQueue = new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix: run.prefix });
  const streamKey = `${run.prefix}:records`;
  for (const worker of workers) worker.markCpu();
  const redisCpuStart = await redisCpuSeconds(redis);
  const statsStart = await redis.info('commandstats');
  const startMs = Date.now();
  await fetchQueue.addBulk(feedSet.feeds.map((feed) => ({ name: JOB_POLL, data: { feed: feedConfigOf(feed) }, opts: { attempts: 1, removeOnComplete: 1_000 } })));
  let last = -1;
  let lastChangeMs = Date.now();
  const progress: number[] = [];
  for (;;) {
    const length = await redis.client.xlen(streamKey);
    if (length >= total) break;
    if (length !== last) {
      last = length;
      lastChangeMs = Date.now();
    } else if (Date.now() - lastChangeMs > STALL_TIMEOUT_MS) {
      for (const worker of workers) console.log(`  stalled at ${length}/${total} records; ${worker.process.name} log tail:\n${worker.process.output().slice(-1_500)}`);
      break;
    }
    if (progress.length < 600) progress.push(length);
    await sleep(250);
  }
  const redisCpu = Number((await redisCpuSeconds(redis) - redisCpuStart).toFixed(2));
  const statsEnd = await redis.info('commandstats');
  const latencies: number[] = [];
  let lastMs = 0;
  let duplicates = 0;
  let cursor = '-';
  for (;;) {
    const entries = await redis.client.xrange(streamKey, cursor, '+', 'COUNT', 5_000);
    for (const [id, fields] of entries) {
      const idMs = Number(id.slice(0, id.indexOf('-')));
      const json = fields[fields.indexOf('record') + 1];
      if (json === undefined) continue;
      const record = JSON.parse(json) as { fetchedAt: string; dedup: { duplicateOf: string | null } };
      if (record.dedup.duplicateOf !== null) duplicates++;
      latencies.push(idMs - Date.parse(record.fetchedAt));
      if (idMs > lastMs) lastMs = idMs;
    }
    if (entries.length < 5_000) break;
    cursor = `(${entries[entries.length - 1]![0]}`;
  }
  for (const sampler of rss) sampler.stop();
  const memory = await redis.info('memory');
  const wallSeconds = (lastMs - startMs) / 1000;
  await fetchQueue.close();
  const stopped: StoppedWorker[] = await Promise.all(workers.map((worker) => worker.stop()));
  const workerRssMb = rss.map((sampler) => mb(sampler.maxBytes()));
  const loopP99 = stopped.map((worker) => worker.stopStats?.eventLoopDelayMs.p99 ?? null);
  const loopMax = stopped.map((worker) => worker.stopStats?.eventLoopDelayMs.max ?? null);
  const workerCpu = stopped.map((worker) => worker.cpuSeconds);
  e2e = {
    workers: WORKERS,
    records: latencies.length,
    wallSeconds: Number(wallSeconds.toFixed(2)),
    itemsPerSecond: Math.round(latencies.length / wallSeconds),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    duplicates,
    // Largest over the workers; per worker in the arrays below (worker order).
    workerMaxRssMb: Math.max(...workerRssMb),
    workerMaxRssMbPerWorker: workerRssMb,
    eventLoopDelayP99Ms: maxOf(loopP99),
    eventLoopDelayMaxMs: maxOf(loopMax),
    eventLoopDelayP99MsPerWorker: loopP99,
    eventLoopDelayMaxMsPerWorker: loopMax,
    eventLoopDelayP50MsPerWorker: stopped.map((worker) => worker.stopStats?.eventLoopDelayMs.p50 ?? null),
    workerRssAtStopMbPerWorker: stopped.map((worker) => worker.stopStats?.rssMb ?? null),
    // From the start of the enqueue to just before SIGTERM (the tail after the last record is idle).
    workerCpuSecondsPerWorker: workerCpu,
    workerCpuSecondsPer1kItems: workerCpu.every((cpu) => cpu !== null) && latencies.length > 0
      ? Number(((workerCpu as number[]).reduce((sum, cpu) => sum + cpu, 0) / latencies.length * 1000).toFixed(3)) : null,
    redisCpuSeconds: redisCpu,
    // Server time per command name per record (Lua-internal commands also count inside EVALSHA).
    redisTopCommands: redisTopCommands(statsStart, statsEnd, latencies.length),
    redisUsedMemoryMb: mb(Number(memory.used_memory ?? 0)),
    load: loadAverage(),
  };
  console.log(`  e2e (${WORKERS} worker${WORKERS > 1 ? 's' : ''}): ${e2e.records} records in ${e2e.wallSeconds} s = ${e2e.itemsPerSecond} items/s; fetch->record p50 ${e2e.latencyP50Ms} ms p99 ${e2e.latencyP99Ms} ms (at saturation); ` +
    `${duplicates} duplicates; redis used_memory ${e2e.redisUsedMemoryMb} MB; load ${e2e.load}`);
  stopped.forEach((worker, index) => {
    console.log(`    ${worker.name}: max RSS ${workerRssMb[index]} MB; event-loop delay p50 ${worker.stopStats?.eventLoopDelayMs.p50 ?? '?'} ms p99 ${loopP99[index] ?? '?'} ms max ${loopMax[index] ?? '?'} ms; ` +
      `CPU ${workerCpu[index] ?? '?'} s in the window; exit ${typeof worker.exit === 'string' ? worker.exit : worker.exit.signal ?? worker.exit.code}`);
  });
  console.log(`    worker CPU per 1,000 items ${e2e.workerCpuSecondsPer1kItems ?? '?'} s; redis CPU ${redisCpu} s in the window (${(redisCpu / wallSeconds).toFixed(2)} of a core)`);
  console.log(`    redis per record: ${(e2e.redisTopCommands as Array<{ command: string; calls: number; usec: number }>).map((row) => `${row.command} ${row.calls} calls ${row.usec} us`).join(', ')}`);

  // --- reference 2: BullMQ no-op ceiling, same queue settings and concurrency, same payloads ---
  const noopPrefix = `${run.prefix}-noop`;
  const itemsQueue = new Queue<ItemJobData>(QUEUE_ITEMS, { connection, prefix: noopPrefix, defaultJobOptions: defaultJobOptions(settings) });
  for (let offset = 0; offset < itemJobs.length; offset += 1_000) {
    await itemsQueue.addBulk(itemJobs.slice(offset, offset + 1_000).map((data) => ({ name: JOB_ITEM, data, opts: { jobId: data.recordId } })));
  }
  let done = 0;
  let resolveDone: () => void = () => undefined;
  const drained = new Promise<void>((resolve) => { resolveDone = resolve; });
  const noopRedisCpuStart = await redisCpuSeconds(redis);
  const noopStart = performance.now();
  const noopWorker = new Worker<ItemJobData>(QUEUE_ITEMS, async () => undefined, {
    connection, prefix: noopPrefix, concurrency: settings.items.concurrency,
    lockDuration: settings.jobs.lockDurationMs, stalledInterval: settings.jobs.stalledIntervalMs, maxStalledCount: settings.jobs.maxStalledCount,
  });
  noopWorker.on('completed', () => {
    if (++done >= itemJobs.length) resolveDone();
  });
  await Promise.race([drained, sleep(120_000)]);
  const noopSeconds = (performance.now() - noopStart) / 1000;
  const noopRedisCpu = await redisCpuSeconds(redis) - noopRedisCpuStart;
  await noopWorker.close();
  await itemsQueue.close();
  noop = { jobs: done, seconds: Number(noopSeconds.toFixed(2)), jobsPerSecond: Math.round(done / noopSeconds), concurrency: settings.items.concurrency, redisCpuUsPerJob: Math.round(noopRedisCpu / Math.max(1, done) * 1e6), load: loadAverage() };
  console.log(`  no-op ceiling: ${done} jobs in ${noop.seconds} s = ${noop.jobsPerSecond} jobs/s (concurrency ${settings.items.concurrency}, in the bench process), redis CPU ${noop.redisCpuUsPerJob} us/job; load ${noop.load}`);
} finally {
  await run.cleanup();
  await redis.close();
  await feedSet.close();
}

const e2eRate = Number(e2e.itemsPerSecond ?? 0);
const ratios = {
  pipelineOverNoopCeiling: Number((e2eRate / Number(noop.jobsPerSecond || 1)).toFixed(3)),
  pipelineOverInProcess: Number((e2eRate / inProcess.itemsPerSecond).toFixed(3)),
};
console.log(`  pipeline / no-op ceiling: ${ratios.pipelineOverNoopCeiling}`);
console.log(`  pipeline / in-process:    ${ratios.pipelineOverInProcess}`);
console.log(JSON.stringify({ case: 'e2e', node: process.version, feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED, workers: WORKERS, workerHeapLimitMb: heap.heapLimitMb, loadAtStart, inProcess, e2e, noop, ratios }));
process.exit(0);

/** The busiest commands between two INFO commandstats snapshots, per record: calls and server microseconds. */
function redisTopCommands(before: Record<string, string>, after: Record<string, string>, records: number) {
  const delta = (field: 'calls' | 'usec') => {
    const start = commandStat(before, field);
    return new Map([...commandStat(after, field)].map(([command, value]) => [command, (value - (start.get(command) ?? 0)) / records]));
  };
  const calls = delta('calls');
  const usec = delta('usec');
  return [...usec.keys()]
    .map((command) => ({ command, calls: Number((calls.get(command) ?? 0).toFixed(2)), usec: Number(usec.get(command)!.toFixed(1)) }))
    .filter((row) => row.usec > 0)
    .sort((a, b) => b.usec - a.usec)
    .slice(0, 8);
}

function maxOf(values: Array<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length > 0 ? Math.max(...known) : null;
}
