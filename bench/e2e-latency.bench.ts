// Latency under a steady, paced load (not at saturation like e2e): the bench feeds (bench/helpers/bench-feeds.ts)
// on a loopback fixture server, one real `sitrep worker` process, and the bench enqueues one poll job every
// BENCH_ITEMS * 1000 / BENCH_RATE ms (absolute schedule, no drift) so new items arrive at BENCH_RATE items/s for
// BENCH_SECONDS, after BENCH_WARMUP_SECONDS at the same rate that are left out of the figures. Each feed is
// polled once, so every item is new.
//
// Latencies per record, all in ms on this machine's one clock:
//   fetch -> record:   XADD id ms of the record in the Redis Stream sink − record.fetchedAt. fetchedAt is taken by
//                      the poll right after the feed body has been received (before parse, seen-set and enqueue),
//                      so this is parse + item queue + tag/dedup/record + sink write; it is what e2e reports.
//   enqueue -> record: XADD id ms − the time the bench enqueued that feed's poll job, i.e. the above plus the wait
//                      in the fetch queue and the HTTP fetch itself.
//   enqueue -> fetched: the difference (fetch-queue wait + HTTP fetch).
// Achieved items/s: measured records / (the later of the end of the load window and the last measured record −
// the first measured enqueue): the offered rate when the worker keeps up, its drain rate when not. Backlog: items of the
// polls enqueued so far minus records in the stream, sampled every second and at the end of the load window.
// Event-loop delay: from the worker's `process stats at stop` line (its whole life, start-up and warm-up included;
// the line reports delay beyond the 10 ms sampling interval, so an idle loop reads 0).
// Env: BENCH_RATE (1000; 500 for the lower point), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2; 0 for none),
// BENCH_ITEMS (50 per feed), BENCH_SEED (42). The last stdout line is the JSON result.
import { Queue } from 'bullmq';
import { startBenchFeedSet } from './helpers/bench-feeds.ts';
import { envNumber, loadAverage, mb, percentile, redisCpuSeconds, sampleRss, sleep, startBenchRedis, workerHeapEnv } from './helpers/bench-env.ts';
import { watchWorker } from './helpers/worker-process.ts';
import { createSitrepRun } from '../test/faults/helpers/sitrep-process.ts';
import { JOB_POLL, QUEUE_FETCH, type FetchJobData } from '../src/queue/names.ts';

const RATE = envNumber('BENCH_RATE', 1_000);
const SECONDS = envNumber('BENCH_SECONDS', 10);
const WARMUP_SECONDS = process.env.BENCH_WARMUP_SECONDS === '0' ? 0 : envNumber('BENCH_WARMUP_SECONDS', 2);
const ITEMS = envNumber('BENCH_ITEMS', 50);
const SEED = envNumber('BENCH_SEED', 42);
const STALL_TIMEOUT_MS = envNumber('BENCH_STALL_MS', 30_000);

const benchSettings = {
  fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 1_000 },
  log: { level: 'info' },
};

const intervalMs = (ITEMS * 1000) / RATE;
const warmupPolls = Math.round((WARMUP_SECONDS * 1000) / intervalMs);
const measuredPolls = Math.max(1, Math.round((SECONDS * 1000) / intervalMs));
const loadAtStart = loadAverage();
const feedSet = await startBenchFeedSet({ feeds: warmupPolls + measuredPolls, itemsPerFeed: ITEMS, seed: SEED });
const redis = await startBenchRedis();
const total = feedSet.totalItems;
const measuredFeedIds = new Set(feedSet.feeds.slice(warmupPolls).map((feed) => feed.id));
console.log(`e2e-latency: ${RATE} items/s offered (one poll of ${ITEMS} items every ${intervalMs.toFixed(1)} ms) for ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; ` +
  `${feedSet.feeds.length} feeds, ${total} items (${feedSet.duplicates} cross-feed copies); load ${loadAtStart}`);

const run = await createSitrepRun({
  redisUrl: redis.url,
  feeds: feedSet.feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: 3_600 })),
  settings: benchSettings,
});
const heap = workerHeapEnv();
const worker = watchWorker(run.spawn(['worker'], { env: { SITREP_ALLOW_PRIVATE_NETWORKS: '1', ...heap.env }, name: 'bench-worker' }));
let result: Record<string, unknown> = {};
try {
  await worker.process.waitForOutput(/queues \[/, 60_000);
  const rss = sampleRss(worker.process.child.pid!);
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const fetchQueue = new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix: run.prefix });
  await fetchQueue.waitUntilReady();
  const streamKey = `${run.prefix}:records`;
  const enqueuedAtMs = new Map<string, number>();
  let pollsEnqueued = 0;
  let redisCpuStart = 0;
  let measuredStartMs = 0;
  let maxPacingLagMs = 0;

  // Backlog once a second while the load runs: is the worker falling behind?
  const backlogSeries: number[] = [];
  let loadRunning = true;
  const backlogSampler = (async () => {
    while (loadRunning) {
      await sleep(1_000);
      if (!loadRunning) break;
      const enqueuedItems = pollsEnqueued * ITEMS;
      backlogSeries.push(enqueuedItems - (await redis.client.xlen(streamKey)));
    }
  })();

  const adds: Array<Promise<unknown>> = [];
  const scheduleStartMs = Date.now();
  for (const [index, feed] of feedSet.feeds.entries()) {
    const dueMs = scheduleStartMs + index * intervalMs;
    const waitMs = dueMs - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    if (index === warmupPolls) {
      worker.markCpu();
      redisCpuStart = await redisCpuSeconds(redis);
      measuredStartMs = Date.now();
    }
    const nowMs = Date.now();
    maxPacingLagMs = Math.max(maxPacingLagMs, nowMs - dueMs);
    enqueuedAtMs.set(feed.id, nowMs);
    // Not awaited: a slow add must not shift the schedule (it is absolute anyway).
    adds.push(fetchQueue.add(JOB_POLL, { feed: { id: feed.id, url: feed.url, intervalSeconds: 3_600, tags: [], fetchArticle: false } }, { attempts: 1, removeOnComplete: 1_000 }));
    pollsEnqueued++;
  }
  await Promise.all(adds);
  // End of the load window: one interval after the last enqueue.
  const loadEndMs = scheduleStartMs + feedSet.feeds.length * intervalMs;
  if (loadEndMs > Date.now()) await sleep(loadEndMs - Date.now());
  const backlogAtEnd = total - (await redis.client.xlen(streamKey));
  loadRunning = false;
  await backlogSampler;

  let last = -1;
  let lastChangeMs = Date.now();
  for (;;) {
    const length = await redis.client.xlen(streamKey);
    if (length >= total) break;
    if (length !== last) {
      last = length;
      lastChangeMs = Date.now();
    } else if (Date.now() - lastChangeMs > STALL_TIMEOUT_MS) {
      console.log(`  stalled at ${length}/${total} records; worker log tail:\n${worker.process.output().slice(-1_500)}`);
      break;
    }
    await sleep(20);
  }
  const redisCpu = Number((await redisCpuSeconds(redis) - redisCpuStart).toFixed(2));
  rss.stop();

  const fetchToRecord: number[] = [];
  const enqueueToRecord: number[] = [];
  const enqueueToFetched: number[] = [];
  let records = 0;
  let measuredRecords = 0;
  let lastMeasuredMs = 0;
  let cursor = '-';
  for (;;) {
    const entries = await redis.client.xrange(streamKey, cursor, '+', 'COUNT', 5_000);
    for (const [id, fields] of entries) {
      const json = fields[fields.indexOf('record') + 1];
      if (json === undefined) continue;
      records++;
      const record = JSON.parse(json) as { fetchedAt: string; feed: { id: string } };
      if (!measuredFeedIds.has(record.feed.id)) continue;
      const recordedMs = Number(id.slice(0, id.indexOf('-')));
      const fetchedMs = Date.parse(record.fetchedAt);
      const enqueuedMs = enqueuedAtMs.get(record.feed.id)!;
      measuredRecords++;
      fetchToRecord.push(recordedMs - fetchedMs);
      enqueueToRecord.push(recordedMs - enqueuedMs);
      enqueueToFetched.push(fetchedMs - enqueuedMs);
      if (recordedMs > lastMeasuredMs) lastMeasuredMs = recordedMs;
    }
    if (entries.length < 5_000) break;
    cursor = `(${entries[entries.length - 1]![0]}`;
  }
  await fetchQueue.close();
  const windowSeconds = (Math.max(loadEndMs, lastMeasuredMs) - measuredStartMs) / 1000;
  const stopped = await worker.stop();
  const spread = (values: number[]) => ({ p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: percentile(values, 100) });
  const achieved = Math.round(measuredRecords / windowSeconds);
  result = {
    offeredItemsPerSecond: RATE,
    pollIntervalMs: Number(intervalMs.toFixed(2)),
    measuredPolls,
    warmupPolls,
    records,
    measuredRecords,
    achievedItemsPerSecond: achieved,
    // Kept up: less than one second of arrivals still unrecorded when the load stopped.
    keptUp: backlogAtEnd < RATE,
    backlogItemsAtEnd: backlogAtEnd,
    backlogItemsPerSecond: backlogSeries,
    drainAfterLoadMs: Math.max(0, lastMeasuredMs - loadEndMs),
    maxPacingLagMs,
    fetchToRecordMs: spread(fetchToRecord),
    enqueueToRecordMs: spread(enqueueToRecord),
    enqueueToFetchedMs: spread(enqueueToFetched),
    latencyP50Ms: percentile(fetchToRecord, 50),
    latencyP99Ms: percentile(fetchToRecord, 99),
    targets: { p50Ms: 50, p99Ms: 500, atItemsPerSecond: 1_000 },
    workerMaxRssMb: mb(rss.maxBytes()),
    eventLoopDelayMs: stopped.stopStats?.eventLoopDelayMs ?? null,
    eventLoopDelayP99Ms: stopped.stopStats?.eventLoopDelayMs.p99 ?? null,
    workerCpuSeconds: stopped.cpuSeconds,
    workerCpuShareOfCore: stopped.cpuSeconds === null ? null : Number((stopped.cpuSeconds / windowSeconds).toFixed(2)),
    redisCpuSeconds: redisCpu,
    redisCpuShareOfCore: Number((redisCpu / windowSeconds).toFixed(2)),
    load: loadAverage(),
  };
  const line = (name: string, values: { p50: number; p90: number; p99: number; max: number }) => `${name} p50 ${values.p50} p90 ${values.p90} p99 ${values.p99} max ${values.max} ms`;
  console.log(`  achieved ${achieved} items/s (${measuredRecords} measured records in ${windowSeconds.toFixed(2)} s); backlog at end ${backlogAtEnd} items (${result.keptUp ? 'kept up' : 'fell behind'}), ` +
    `per second [${backlogSeries.join(', ')}]; last record ${result.drainAfterLoadMs} ms after the load window; pacing lag max ${maxPacingLagMs} ms`);
  console.log(`  ${line('fetch->record', result.fetchToRecordMs as never)}  (targets p50 <= 50, p99 <= 500 at 1,000 items/s)`);
  console.log(`  ${line('enqueue->record', result.enqueueToRecordMs as never)}`);
  console.log(`  ${line('enqueue->fetched', result.enqueueToFetchedMs as never)}`);
  console.log(`  worker max RSS ${result.workerMaxRssMb} MB; event-loop delay p50 ${stopped.stopStats?.eventLoopDelayMs.p50 ?? '?'} p99 ${result.eventLoopDelayP99Ms ?? '?'} max ${stopped.stopStats?.eventLoopDelayMs.max ?? '?'} ms (whole life); ` +
    `worker CPU ${stopped.cpuSeconds ?? '?'} s (${result.workerCpuShareOfCore ?? '?'} of a core); redis CPU ${redisCpu} s (${result.redisCpuShareOfCore} of a core); load ${result.load}`);
} finally {
  await run.cleanup();
  await redis.close();
  await feedSet.close();
}
console.log(JSON.stringify({ case: 'e2e-latency', node: process.version, rate: RATE, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, itemsPerFeed: ITEMS, seed: SEED, workerHeapLimitMb: heap.heapLimitMb, loadAtStart, ...result }));
process.exit(0);
