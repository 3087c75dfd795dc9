// Sharded queues end to end (issue 9): the e2e case (BENCH_FEEDS x BENCH_ITEMS fixture feeds, one enqueued poll
// per feed, BENCH_WORKERS `sitrep worker` processes serving every shard, NDJSON + Redis Stream sinks) run once
// per case of BENCH_CASES (default cluster:1,cluster:2,cluster:3,single:1): `cluster:N` = a fresh private
// 3-master Redis Cluster with `shards: N`, `single:N` = a fresh private redis-server with `shards: N`. Per case:
// items/s, worker CPU per 1,000 items, and per master the CPU seconds and commands executed in the window
// and the run's keys by group (queue shards, feed state, seen sets, dedup index, record stream...).
// BENCH_SPLIT=1 gives each worker its own shards (--shards) instead of all of them. Every case has its own
// Redis, so the Redis prefix is the product default `sitrep` (BENCH_PREFIX): which master a hash-tagged group
// lands on depends on the prefix, and the default's placement is the one worth seeing.
// Env: BENCH_FEEDS (120), BENCH_ITEMS (50), BENCH_SEED (42), BENCH_WORKERS (1 or 2), BENCH_CASES, BENCH_SPLIT.
// The last stdout line is the JSON result.
import { Queue } from 'bullmq';
import { startBenchFeedSet } from './helpers/bench-feeds.ts';
import { envNumber, loadAverage, mb, percentile, sleep } from './helpers/bench-env.ts';
import { diffSnapshots, startBenchTarget, type TargetKind } from './helpers/bench-target.ts';
import { watchWorker, type StoppedWorker } from './helpers/worker-process.ts';
import { createSitrepRun } from '../test/faults/helpers/sitrep-process.ts';
import { allShards, shardOfFeed } from '../src/queue/shards.ts';
import { JOB_POLL, QUEUE_FETCH, type FetchJobData } from '../src/queue/names.ts';
import type { FeedConfig } from '../src/model/index.ts';

const FEEDS = envNumber('BENCH_FEEDS', 120);
const ITEMS = envNumber('BENCH_ITEMS', 50);
const SEED = envNumber('BENCH_SEED', 42);
const WORKERS = envNumber('BENCH_WORKERS', 1);
const STALL_TIMEOUT_MS = envNumber('BENCH_STALL_MS', 30_000);
const SPLIT = process.env.BENCH_SPLIT === '1';
const PREFIX = process.env.BENCH_PREFIX ?? 'sitrep';
if (WORKERS !== 1 && WORKERS !== 2) throw new Error(`BENCH_WORKERS must be 1 or 2, got ${WORKERS}`);
const CASES = (process.env.BENCH_CASES ?? 'cluster:1,cluster:2,cluster:3,single:1').split(',').map((text) => {
  const match = /^(single|cluster):(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`BENCH_CASES: "${text}" is not single:N or cluster:N`);
  return { kind: match[1] as TargetKind, shards: Number(match[2]) };
});

const benchSettings = {
  fetch: { allowPrivateNetworks: true, hostMinGapMs: 0, hostMaxConcurrent: 1_000 },
  log: { level: 'info' },
};

function feedConfigOf(feed: { id: string; url: string }): FeedConfig {
  return { id: feed.id, url: feed.url, intervalSeconds: 3_600, tags: [], fetchArticle: false };
}

const loadAtStart = loadAverage();
const feedSet = await startBenchFeedSet({ feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED });
const total = feedSet.totalItems;
console.log(`shards: ${FEEDS} feeds x ${ITEMS} items = ${total} items, ${WORKERS} worker process(es)${SPLIT ? ' (shards split between them)' : ' (each serving every shard)'}, cases ${CASES.map((c) => `${c.kind}:${c.shards}`).join(' ')}; load ${loadAtStart}`);

const results: Array<Record<string, unknown>> = [];
try {
  for (const testCase of CASES) {
    results.push(await runCase(testCase.kind, testCase.shards));
    await sleep(1_000);
  }
} finally {
  await feedSet.close();
}
console.log(JSON.stringify({ case: 'shards', node: process.version, prefix: PREFIX, feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED, workers: WORKERS, split: SPLIT, loadAtStart, results }));
process.exit(0);

async function runCase(kind: TargetKind, shards: number): Promise<Record<string, unknown>> {
  const target = await startBenchTarget(kind, shards);
  const run = await createSitrepRun({
    redisUrl: target.redisUrl,
    feeds: feedSet.feeds.map((feed) => ({ id: feed.id, url: feed.url, interval: 3_600 })),
    settings: target.settings(benchSettings),
  });
  const prefix = PREFIX;
  const keys = target.keys(prefix);
  const feedsPerShard = allShards(shards).map((shard) => feedSet.feeds.filter((feed) => shardOfFeed(feed.id, shards) === shard).length);
  // Where each single-slot group lives (on a single Redis, everything is on node 0).
  const placement = {
    queueShards: await Promise.all(allShards(shards).map((shard) => target.nodeOfKey(`${target.queuePrefix(prefix, shard)}:items:wait`))),
    dedupIndex: await target.nodeOfKey(`${keys.dedupIndexPrefix()}:x`),
    recordStream: await target.nodeOfKey(keys.recordStream()),
    throughput: await target.nodeOfKey(keys.throughputMinute(0)),
  };
  const env = { SITREP_ALLOW_PRIVATE_NETWORKS: '1', SITREP_REDIS_PREFIX: prefix, ...target.env };
  const shardArgs = (index: number): string[] => {
    if (!SPLIT || WORKERS === 1) return [];
    const mine = allShards(shards).filter((shard) => shard % WORKERS === index);
    return mine.length > 0 ? ['--shards', mine.join(',')] : [];
  };
  const workers = Array.from({ length: WORKERS }, (_, index) =>
    watchWorker(run.spawn(['worker', ...shardArgs(index)], { env, name: `${kind}-${shards}-worker-${index + 1}` })));
  const connection = target.connect();
  const fetchQueues = allShards(shards).map((shard) => new Queue<FetchJobData>(QUEUE_FETCH, { connection, prefix: target.queuePrefix(prefix, shard) }));
  try {
    await Promise.all(workers.map((worker) => worker.process.waitForOutput(/queues \[/, 60_000)));
    for (const worker of workers) worker.markCpu();
    const before = await target.snapshot();
    const startMs = Date.now();
    let xlenCalls = 0;
    for (const [shard, queue] of fetchQueues.entries()) {
      const mine = feedSet.feeds.filter((feed) => shardOfFeed(feed.id, shards) === shard);
      if (mine.length > 0) await queue.addBulk(mine.map((feed) => ({ name: JOB_POLL, data: { feed: feedConfigOf(feed) }, opts: { attempts: 1, removeOnComplete: 1_000 } })));
    }
    let last = -1;
    let lastChangeMs = Date.now();
    let stalled = false;
    for (;;) {
      xlenCalls++;
      const length = await connection.xlen(keys.recordStream());
      if (length >= total) break;
      if (length !== last) {
        last = length;
        lastChangeMs = Date.now();
      } else if (Date.now() - lastChangeMs > STALL_TIMEOUT_MS) {
        stalled = true;
        for (const worker of workers) console.log(`  stalled at ${length}/${total} records; ${worker.process.name} log tail:\n${worker.process.output().slice(-2_000)}`);
        break;
      }
      await sleep(250);
    }
    const after = await target.snapshot();
    const stopped: StoppedWorker[] = await Promise.all(workers.map((worker) => worker.stop()));
    // Record times from the stream ids (the XADD time), as bench/e2e.bench.ts does.
    const latencies: number[] = [];
    let lastMs = 0;
    let cursor = '-';
    for (;;) {
      const entries = await connection.xrange(keys.recordStream(), cursor, '+', 'COUNT', 5_000);
      for (const [id, fields] of entries) {
        const idMs = Number(id.slice(0, id.indexOf('-')));
        const json = fields[fields.indexOf('record') + 1];
        if (json === undefined) continue;
        latencies.push(idMs - Date.parse((JSON.parse(json) as { fetchedAt: string }).fetchedAt));
        if (idMs > lastMs) lastMs = idMs;
      }
      if (entries.length < 5_000) break;
      cursor = `(${entries[entries.length - 1]![0]}`;
    }
    const wallSeconds = (lastMs - startMs) / 1000;
    const deltas = diffSnapshots(before, after, { [placement.recordStream]: { xlen: xlenCalls } });
    const keyGroups = await target.keyGroupsPerNode(prefix);
    const memory = await Promise.all(target.nodes.map(async (node) => mb(Number(/used_memory:(\d+)/.exec(await node.admin.info('memory'))?.[1] ?? 0))));
    const workerCpu = stopped.map((worker) => worker.cpuSeconds);
    const workerCpuTotal = workerCpu.reduce<number>((sum, cpu) => sum + (cpu ?? 0), 0);
    const redisCpu = deltas.map((delta) => Number(delta.cpuSeconds.toFixed(2)));
    const result = {
      target: kind,
      shards,
      feedsPerShard,
      stalled,
      records: latencies.length,
      wallSeconds: Number(wallSeconds.toFixed(2)),
      itemsPerSecond: Math.round(latencies.length / wallSeconds),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      workerCpuSecondsPerWorker: workerCpu,
      workerCpuSecondsPer1kItems: Number((workerCpuTotal / latencies.length * 1000).toFixed(3)),
      workerEventLoopP99Ms: stopped.map((worker) => worker.stopStats?.eventLoopDelayMs.p99 ?? null),
      // Per master, aligned with `masters`.
      masters: target.nodes.map((node) => node.label),
      redisCpuSecondsPerMaster: redisCpu,
      redisCpuSecondsTotal: Number(redisCpu.reduce((sum, cpu) => sum + cpu, 0).toFixed(2)),
      redisCpuMsPer1kItemsPerMaster: redisCpu.map((cpu) => Number((cpu / latencies.length * 1e6).toFixed(0))),
      redisShareOfCorePerMaster: redisCpu.map((cpu) => Number((cpu / wallSeconds).toFixed(2))),
      commandsPerMaster: deltas.map((delta) => delta.calls),
      commandsPerItemPerMaster: deltas.map((delta) => Number((delta.calls / latencies.length).toFixed(2))),
      topCommandsPerMaster: deltas.map((delta) => Object.fromEntries(delta.commands.slice(0, 6).map(([name, stat]) => [name, stat.calls]))),
      keysPerMaster: keyGroups.map((groups) => Object.values(groups).reduce((sum, n) => sum + n, 0)),
      keyGroupsPerMaster: keyGroups,
      usedMemoryMbPerMaster: memory,
      placement,
      load: loadAverage(),
    };
    console.log(`  ${kind} shards=${shards} (feeds per shard ${feedsPerShard.join('/')}): ${result.records} records in ${result.wallSeconds} s = ${result.itemsPerSecond} items/s; ` +
      `fetch->record p50 ${result.latencyP50Ms} ms p99 ${result.latencyP99Ms} ms; worker CPU ${workerCpu.join('+')} s = ${result.workerCpuSecondsPer1kItems} s per 1k items; load ${result.load}`);
    target.nodes.forEach((node, index) => {
      const roles = [
        ...placement.queueShards.flatMap((owner, shard) => (owner === index ? [`queue shard ${shard}`] : [])),
        ...(placement.dedupIndex === index ? ['dedup index'] : []),
        ...(placement.recordStream === index ? ['record stream'] : []),
      ];
      console.log(`    ${node.label}${roles.length > 0 ? ` [${roles.join(', ')}]` : ''}: CPU ${redisCpu[index]} s (${result.redisShareOfCorePerMaster[index]} of a core, ${result.redisCpuMsPer1kItemsPerMaster[index]} ms per 1k items), ` +
        `${deltas[index]!.calls} commands (${result.commandsPerItemPerMaster[index]} per item), ${result.keysPerMaster[index]} keys ${JSON.stringify(keyGroups[index])}, ${memory[index]} MB`);
    });
    return result;
  } finally {
    await Promise.all(fetchQueues.map((queue) => queue.close()));
    await run.cleanup();
    await target.close();
  }
}
