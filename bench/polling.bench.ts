// Polling at scale: BENCH_FEEDS (10,000) feeds on one loopback fixture server; after a priming round
// (200s with bodies), every feed answers 304 to the conditional request after 50 ms (BENCH_DELAY_MS).
// One `sitrep worker --queues fetch` process polls each feed once; reports polls/s and Redis commands
// per unchanged poll (INFO commandstats delta while the queue drains). Round trips two ways: server read events
// per poll (INFO stats total_reads_processed: one per batch Redis read off a socket, so commands that
// auto-pipelining sent in one write count once), and commands sent per poll under MONITOR (each counted).
// Redis 7.0's CLIENT LIST has no per-client read or command counts (tot-cmds came later), so reads are the
// server's total, less the bench's own known calls. Reads also merge separate client writes that reach a busy
// Redis together, so the client side is counted too: the poller's socket writes per Redis connection
// (helpers/redis-writes-preload.mjs), named from CLIENT LIST. The last stdout line is the JSON result.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { startBenchFeedSet } from './helpers/bench-feeds.ts';
import { commandCalls, diffCalls, envNumber, loadAverage, mb, sampleRss, sleep, startBenchRedis, workerHeapEnv } from './helpers/bench-env.ts';
import { clientLabels, diffWrites, redisWritesEnv, redisWritesReader } from './helpers/redis-writes.ts';
import { createSitrepRun } from '../test/faults/helpers/sitrep-process.ts';
import { JOB_POLL, QUEUE_FETCH, type FetchJobData } from '../src/queue/names.ts';

const FEEDS = envNumber('BENCH_FEEDS', 10_000);
const DELAY_MS = envNumber('BENCH_DELAY_MS', 50);
const MONITOR_FEEDS = Math.min(FEEDS, envNumber('BENCH_MONITOR_FEEDS', 500));
const TIMEOUT_MS = envNumber('BENCH_TIMEOUT_MS', 180_000);
const FETCH_CONCURRENCY = envNumber('BENCH_FETCH_CONCURRENCY', 50);

const benchSettings = {
  fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 10_000, concurrency: FETCH_CONCURRENCY },
  log: { level: 'info' },
};

const loadAtStart = loadAverage();
// One small item per feed: this case measures the poll, not item processing.
const feedSet = await startBenchFeedSet({ feeds: FEEDS, itemsPerFeed: 1, duplicateShare: 0 });
const redis = await startBenchRedis();
console.log(`polling: ${FEEDS} feeds, ${DELAY_MS} ms added latency on the measured round, fetch.concurrency ${FETCH_CONCURRENCY}, load ${loadAtStart}`);
const run = await createSitrepRun({
  redisUrl: redis.url,
  feeds: feedSet.feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: 3_600 })),
  settings: benchSettings,
});
const writesFile = path.join(run.dir, 'redis-writes.json');
// The production heap limit (as e2e), with the socket-write counter preloaded next to it.
const heap = workerHeapEnv();
const worker = run.spawn(['worker', '--queues', 'fetch'], { env: { SITREP_ALLOW_PRIVATE_NETWORKS: '1', ...redisWritesEnv(redis.url, writesFile, heap.env.NODE_OPTIONS) }, name: 'bench-poller' });
const writes = redisWritesReader(worker.child.pid!, writesFile);
const jobs = feedSet.feeds.map((feed) => ({
  name: JOB_POLL,
  data: { feed: { id: feed.id, url: feed.url, intervalSeconds: 3_600, tags: [], fetchArticle: false } },
  opts: { attempts: 1 },
}));
const totalHits = () => feedSet.feeds.reduce((sum, feed) => sum + feedSet.server.hits(feed.path), 0);

async function waitForHits(target: number): Promise<boolean> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (totalHits() < target) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Waits until no job is left; returns how many job-count calls (one Redis command each) it made. */
async function waitForDrain(queue: Queue<FetchJobData>): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (let calls = 1; ; calls++) {
    const counts = await queue.getJobCounts('wait', 'active', 'prioritized', 'delayed');
    if (Object.values(counts).every((n) => n === 0) || Date.now() > deadline) return calls;
    await sleep(20);
  }
}

/** Read events Redis has processed on all connections (each counts its own INFO's read too). */
async function readsProcessed(): Promise<number> {
  return Number((await redis.info('stats')).total_reads_processed);
}

let result: Record<string, unknown> = {};
try {
  await worker.waitForOutput(/queues \[/, 60_000);
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const queue = new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix: run.prefix });
  // Priming round: every feed answers 200 once, so the state holds its validators.
  const primeStart = performance.now();
  for (let offset = 0; offset < jobs.length; offset += 1_000) await queue.addBulk(jobs.slice(offset, offset + 1_000));
  if (!(await waitForHits(FEEDS))) throw new Error(`priming stalled at ${totalHits()}/${FEEDS}`);
  await waitForDrain(queue);
  const primeSeconds = (performance.now() - primeStart) / 1000;
  console.log(`  priming round (200s, no delay): ${FEEDS} polls in ${primeSeconds.toFixed(1)} s; load ${loadAverage()}`);

  for (const feed of feedSet.feeds) feedSet.server.setRoute({ path: feed.path, body: feed.body, contentType: 'application/rss+xml; charset=utf-8', delayMs: DELAY_MS });
  // Queue paused while the bench enqueues, so the commandstats delta is the worker's alone.
  await queue.pause();
  for (let offset = 0; offset < jobs.length; offset += 1_000) await queue.addBulk(jobs.slice(offset, offset + 1_000));
  const rss = sampleRss(worker.child.pid!);
  const writesBefore = await writes.snapshot();
  const before = commandCalls(await redis.info('commandstats'));
  // Stats last before and first after the window: its reads then include only the bench's resume, drain
  // checks and closing INFO, subtracted below (one read each: they are sent one at a time).
  const beforeStats = await redis.info('stats');
  const start = performance.now();
  await queue.resume();
  if (!(await waitForHits(2 * FEEDS))) throw new Error(`measured round stalled at ${totalHits() - FEEDS}/${FEEDS}`);
  const drainCalls = await waitForDrain(queue);
  const seconds = (performance.now() - start) / 1000;
  const afterStats = await redis.info('stats');
  const after = commandCalls(await redis.info('commandstats'));
  const writesAfter = await writes.snapshot();
  const labels = clientLabels(String(await redis.client.call('CLIENT', 'LIST')));
  rss.stop();
  const writesByConnection = diffWrites(writesBefore, writesAfter);
  const clientWrites = writesByConnection.reduce((sum, [, w]) => sum + w.writes, 0);
  const benchReads = 1 + drainCalls + 1;
  const workerReads = Number(afterStats.total_reads_processed) - Number(beforeStats.total_reads_processed) - benchReads;
  // Our own INFO / job-count / pause calls are not the worker's.
  const own = new Set(['info', 'multi', 'exec']);
  const deltas = diffCalls(before, after);
  const workerCommands = deltas.filter(([name]) => !own.has(name)).reduce((sum, [, n]) => sum + n, 0);
  const totalCommands = Number(afterStats.total_commands_processed) - Number(beforeStats.total_commands_processed);
  const log = await readFile(path.join(run.dir, 'bench-poller.log'), 'utf8');
  const notModified = (log.match(/"outcome":"not-modified"/g) ?? []).length;
  result = {
    polls: FEEDS,
    seconds: Number(seconds.toFixed(2)),
    pollsPerSecond: Math.round(FEEDS / seconds),
    notModifiedPolls: notModified,
    // commandstats counts commands run inside Lua scripts too: this is Redis work per poll, not round trips.
    commandsPerPoll: Number((workerCommands / FEEDS).toFixed(2)),
    totalCommandsPerPollIncludingBench: Number((totalCommands / FEEDS).toFixed(2)),
    // Server read events per poll: the round trips the poller cost Redis, auto-pipelined batches counted once.
    readsPerPoll: Number((workerReads / FEEDS).toFixed(2)),
    benchReadsSubtracted: benchReads,
    // The poller's own sends: socket writes to Redis per poll, in all and per connection.
    clientWritesPerPoll: Number((clientWrites / FEEDS).toFixed(2)),
    clientWritesByConnection: writesByConnection.map(([port, w]) => ({
      connection: labels.get(port) ?? `port ${port} (closed)`, writesPerPoll: Number((w.writes / FEEDS).toFixed(3)), bytesPerPoll: Math.round(w.bytes / FEEDS),
    })),
    commands: Object.fromEntries(deltas.map(([name, n]) => [name, Number((n / FEEDS).toFixed(3))])),
    workerMaxRssMb: mb(rss.maxBytes()),
    load: loadAverage(),
  };
  console.log(`  measured round (304 after ${DELAY_MS} ms): ${FEEDS} polls in ${result.seconds} s = ${result.pollsPerSecond} polls/s (ceiling ${Math.round((FETCH_CONCURRENCY * 1000) / DELAY_MS)} at this concurrency); ${notModified} not-modified`);
  console.log(`  redis commands executed per poll (incl. inside Lua scripts): ${result.commandsPerPoll} (all commands incl. bench: ${result.totalCommandsPerPollIncludingBench}); per command: ${deltas.slice(0, 8).map(([name, n]) => `${name} ${(n / FEEDS).toFixed(2)}`).join(', ')}`);
  console.log(`  redis read events per poll (INFO total_reads_processed, all poller connections; ${benchReads} bench reads subtracted): ${result.readsPerPoll}`);
  console.log(`  poller socket writes to redis per poll: ${result.clientWritesPerPoll}; per connection: ` +
    `${writesByConnection.map(([port, w]) => `${labels.get(port) ?? `port ${port}`} ${(w.writes / FEEDS).toFixed(2)}`).join(', ')}`);
  console.log(`  poller max RSS ${result.workerMaxRssMb} MB; load ${result.load}`);

  // Round trips: MONITOR on a smaller round (it slows Redis down, so not during the timed one). Commands sent by
  // clients count, commands run inside Lua scripts do not, and a MULTI...EXEC block counts once.
  await queue.pause();
  await queue.addBulk(jobs.slice(0, MONITOR_FEEDS));
  const monitor = await redis.client.duplicate().monitor();
  let roundTrips = 0;
  const perCommand = new Map<string, number>();
  const inTransaction = new Set<string>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === 'lua') return;
    const name = (args[0] ?? '').toLowerCase();
    // The bench's own INFO snapshots around the round (the poller sends none once connected).
    if (name === 'info') return;
    if (name === 'exec' || name === 'discard') {
      inTransaction.delete(source);
      return;
    }
    if (inTransaction.has(source)) return;
    if (name === 'multi') inTransaction.add(source);
    roundTrips++;
    const label = name === 'evalsha' || name === 'eval' ? `${name}` : name;
    perCommand.set(label, (perCommand.get(label) ?? 0) + 1);
  });
  await sleep(200);
  const hitsBefore = totalHits();
  const monitorReadsBefore = await readsProcessed();
  const monitorWritesBefore = await writes.snapshot();
  await queue.resume();
  await waitForHits(hitsBefore + MONITOR_FEEDS);
  await sleep(1_000);
  // Same window as the MONITOR count, less the bench's resume and this INFO (MONITOR counts the resume too).
  const monitorReads = (await readsProcessed()) - monitorReadsBefore - 2;
  const monitorWrites = diffWrites(monitorWritesBefore, await writes.snapshot()).reduce((sum, [, w]) => sum + w.writes, 0);
  monitor.disconnect();
  result.monitorPolls = MONITOR_FEEDS;
  result.roundTripsPerPoll = Number((roundTrips / MONITOR_FEEDS).toFixed(2));
  result.monitorReadsPerPoll = Number((monitorReads / MONITOR_FEEDS).toFixed(2));
  result.monitorCommandsPerRead = Number((roundTrips / Math.max(1, monitorReads)).toFixed(2));
  result.monitorClientWritesPerPoll = Number((monitorWrites / MONITOR_FEEDS).toFixed(2));
  result.roundTripsByCommand = Object.fromEntries([...perCommand].sort((a, b) => b[1] - a[1]).map(([name, n]) => [name, Number((n / MONITOR_FEEDS).toFixed(3))]));
  console.log(`  round trips per unchanged poll (MONITOR, ${MONITOR_FEEDS} polls; MULTI/EXEC once, Lua-internal excluded, pipelined commands counted each): ${result.roundTripsPerPoll}: ` +
    `${[...perCommand].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, n]) => `${name} ${(n / MONITOR_FEEDS).toFixed(2)}`).join(', ')}`);
  console.log(`  same MONITOR round: poller socket writes ${result.monitorClientWritesPerPoll} per poll; redis read events ${result.monitorReadsPerPoll} per poll, ` +
    `${result.monitorCommandsPerRead} commands per read (MONITOR slows Redis, so more arrive per read than in the timed round)`);
  await queue.close();
} finally {
  await run.cleanup();
  await redis.close();
  await feedSet.close();
}
console.log(JSON.stringify({ case: 'polling', node: process.version, feeds: FEEDS, delayMs: DELAY_MS, fetchConcurrency: FETCH_CONCURRENCY, workerHeapLimitMb: heap.heapLimitMb, loadAtStart, ...result }));
process.exit(0);
