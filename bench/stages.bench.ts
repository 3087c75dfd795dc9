// Per-stage throughput over the e2e bench's fixture items (bench/helpers/bench-feeds.ts, same feeds, items and
// seed), so a regression points at its stage: parse (decode + parseFeed), extract, language detection, tag,
// dedup signature, dedup in memory, dedup on Redis (sequential and BENCH_IN_FLIGHT in flight), record
// build + validate, and the NDJSON and Redis Stream sinks (BENCH_IN_FLIGHT in flight). Redis stages run against
// a private redis-server on one auto-pipelined connection, as the items worker's shared connection is.
// Items/s and MB/s per stage, MB counting the stage's own input (named per stage in the JSON `input`).
// Each stage cycles over the items for BENCH_SECONDS after a short warm-up; stateful stages (dedup, sinks)
// start a fresh index / key prefix on each pass so every check and write is a first one.
// Env: BENCH_FEEDS (200), BENCH_ITEMS (50), BENCH_SEED (42), BENCH_SECONDS (1.5), BENCH_IN_FLIGHT (20).
// The last stdout line is the JSON result.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { buildBenchFeeds } from './helpers/bench-feeds.ts';
import { envNumber, loadAverage, startBenchRedis, type BenchRedis } from './helpers/bench-env.ts';
import { canonicalizeUrl, decodeBody, parseFeed } from '../src/fetch/index.ts';
import { collectItemJobs } from '../src/pipeline/poll-feed.ts';
import { prepareItem, type PreparedItem } from '../src/pipeline/process-item.ts';
import { extractItem, resolveLanguage } from '../src/extract/index.ts';
import { tagFields } from '../src/tag/index.ts';
import { computeSignature, MemoryDedupIndex, simhash64, type DedupCheck } from '../src/dedup/index.ts';
import { RedisDedupIndex } from '../src/dedup/redis-dedup-index.ts';
import { buildRecord, sourceDomain, validateRecord } from '../src/record/index.ts';
import { NdjsonSink, RedisStreamSink, type RecordSink } from '../src/sinks/index.ts';
import { settingsSchema } from '../src/config/schema.ts';
import { RedisKeys, type ItemJobData } from '../src/queue/names.ts';
import type { SitrepRecord } from '../src/model/index.ts';

const FEEDS = envNumber('BENCH_FEEDS', 200);
const ITEMS = envNumber('BENCH_ITEMS', 50);
const SEED = envNumber('BENCH_SEED', 42);
const SECONDS = envNumber('BENCH_SECONDS', 1.5);
const IN_FLIGHT = envNumber('BENCH_IN_FLIGHT', 20);
const WARMUP_ITEMS = 300;
const CONTENT_TYPE = 'application/rss+xml; charset=utf-8';
// Product defaults (items.maxSnippetChars, dedup thresholds and windows, sink settings), as the worker gets them.
const settings = settingsSchema.parse({});
const markTtlSeconds = Math.max(2 * 86_400, 2 * settings.schedule.maxInterval);
const dedupOptions = {
  windowSeconds: settings.dedup.windowHours * 3_600,
  storyWindowHours: settings.dedup.storyWindowHours,
  thresholds: { nearJaccard: settings.dedup.nearJaccard, prefixContainment: settings.dedup.prefixContainment, storyJaccard: settings.dedup.storyJaccard },
};

interface StageSpec<T> {
  stage: string;
  /** What the MB/s figure counts. */
  input: string;
  units: readonly T[];
  /** Items per unit (a feed for parse, else 1) and input bytes per unit. */
  itemsOf?: (unit: T) => number;
  bytesOf: (unit: T) => number;
  /** pass: how many times the cycle has wrapped (-1 during warm-up), for stages that need fresh state per pass. */
  run: (unit: T, pass: number) => unknown;
  /** Absent: a synchronous loop. A number: that many calls in flight, each awaited (1 = sequential). */
  inFlight?: number;
  /** Reports the Redis server's CPU per item for this stage. */
  redis?: BenchRedis;
}

interface StageResult {
  stage: string;
  input: string;
  inFlight: number | null;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  mbPerSecond: number;
  microsPerItem: number;
  redisCpuMicrosPerItem?: number;
}

async function redisCpuSeconds(redis: BenchRedis): Promise<number> {
  const cpu = await redis.info('cpu');
  return Number(cpu.used_cpu_sys ?? 0) + Number(cpu.used_cpu_user ?? 0);
}

async function measure<T>(spec: StageSpec<T>): Promise<StageResult> {
  const { units, run } = spec;
  const itemsOf = spec.itemsOf ?? (() => 1);
  const unitItems = units.map(itemsOf);
  const unitBytes = units.map(spec.bytesOf);
  const passOf = (k: number) => Math.floor(k / units.length);
  for (let k = 0, warmItems = 0; k < units.length && warmItems < WARMUP_ITEMS; k++) {
    await run(units[k]!, -1);
    warmItems += unitItems[k]!;
  }
  const cpuBefore = spec.redis ? await redisCpuSeconds(spec.redis) : 0;
  let done = 0;
  let items = 0;
  let bytes = 0;
  const count = (k: number) => {
    const index = k % units.length;
    items += unitItems[index]!;
    bytes += unitBytes[index]!;
    done++;
  };
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  if (spec.inFlight === undefined) {
    // Check the clock every few units only: the fastest stages take about a microsecond per item.
    while (performance.now() < deadline) {
      for (let batch = 0; batch < 16; batch++) {
        const k = done;
        run(units[k % units.length]!, passOf(k));
        count(k);
      }
    }
  } else {
    let next = 0;
    const lane = async () => {
      while (performance.now() < deadline) {
        const k = next++;
        await run(units[k % units.length]!, passOf(k));
        count(k);
      }
    };
    await Promise.all(Array.from({ length: spec.inFlight }, lane));
  }
  const seconds = (performance.now() - start) / 1000;
  const result: StageResult = {
    stage: spec.stage,
    input: spec.input,
    inFlight: spec.inFlight ?? null,
    items,
    seconds: Number(seconds.toFixed(3)),
    itemsPerSecond: Math.round(items / seconds),
    mbPerSecond: Number((bytes / seconds / 1e6).toFixed(2)),
    microsPerItem: Number(((seconds * 1e6) / items).toFixed(1)),
  };
  if (spec.redis) result.redisCpuMicrosPerItem = Number((((await redisCpuSeconds(spec.redis)) - cpuBefore) * 1e6 / items).toFixed(1));
  const redisPart = result.redisCpuMicrosPerItem === undefined ? '' : `, redis-server ${result.redisCpuMicrosPerItem} µs CPU/item`;
  const label = spec.inFlight !== undefined && spec.inFlight > 1 ? `${spec.stage} x${spec.inFlight}` : spec.stage;
  console.log(`  ${label.padEnd(26)} ${String(result.itemsPerSecond).padStart(9)} items/s ${result.mbPerSecond.toFixed(2).padStart(8)} MB/s ` +
    `${result.microsPerItem.toFixed(1).padStart(8)} µs/item  (${spec.input}${redisPart})`);
  return result;
}

/** One state per pass, made on first use: a pass-scoped dedup index or key prefix. */
function perPass<S>(make: (pass: number) => S): (pass: number) => S {
  const states = new Map<number, S>();
  return (pass) => {
    let state = states.get(pass);
    if (state === undefined) {
      state = make(pass);
      states.set(pass, state);
      // Keep the previous pass too (calls in flight may still finish it), not all of them: a memory index
      // per pass would otherwise pile up and tax the later passes with GC.
      for (const old of states.keys()) if (old < pass - 1) states.delete(old);
    }
    return state;
  };
}

const byteLength = (text: string | null | undefined) => (text ? Buffer.byteLength(text) : 0);

// --- fixture items, each stage's input computed once (untimed) ---
const loadAtStart = loadAverage();
const { feeds, duplicates } = buildBenchFeeds({ feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED });
const bodies = feeds.map((feed) => ({ id: feed.id, url: feed.url, bytes: Buffer.from(feed.body), items: ITEMS }));
const fetchedAt = new Date().toISOString();
const jobs: ItemJobData[] = [];
for (const feed of feeds) {
  const parsed = await parseFeed(decodeBody(Buffer.from(feed.body), CONTENT_TYPE).text, CONTENT_TYPE);
  if (!parsed.ok) throw new Error(`${feed.id}: ${parsed.reason}`);
  jobs.push(...collectItemJobs({ id: feed.id, url: feed.url, intervalSeconds: 3_600, tags: [], fetchArticle: false }, parsed.feed, fetchedAt));
}
const maxSnippetChars = settings.items.maxSnippetChars;
const extracted = jobs.map((job) => extractItem(job.item, { maxSnippetChars }));
const languageTexts = extracted.map((item) => `${item.title}. ${item.snippet}`);
const prepared: PreparedItem[] = jobs.map((job) => prepareItem(job, maxSnippetChars));
const checks: DedupCheck[] = jobs.map((job, index) => {
  const item = prepared[index]!;
  return { recordId: job.recordId, contentHash: item.contentHash, sourceDomain: sourceDomain(item.url ?? job.feed.url), signature: item.dedupSignature, publishedAt: job.item.published ?? job.fetchedAt };
});
// Verdicts from one in-memory pass, so records carry realistic dedup fields.
const verdictIndex = new MemoryDedupIndex(dedupOptions);
const verdicts = checks.map((check) => verdictIndex.checkAndInsertSync(check));
const copiesFound = verdicts.filter((verdict) => verdict.duplicateOf !== null).length;
const buildInputOf = (index: number) => {
  const job = jobs[index]!;
  const item = prepared[index]!;
  const verdict = verdicts[index]!;
  return {
    id: job.recordId, feed: { id: job.feed.id, url: job.feed.url, title: job.feed.title }, sourceName: job.feed.title,
    url: item.url, guid: job.item.guid, title: item.title, snippet: item.snippet, truncated: item.truncated,
    language: item.language, publishedAt: job.item.published, fetchedAt: job.fetchedAt,
    dedup: { contentHash: item.contentHash, fingerprint: item.fingerprint, duplicateOf: verdict.duplicateOf, cluster: verdict.cluster, story: verdict.story, sources: verdict.sources },
    entities: item.entities, versions: { sitrep: '0', tagger: '0' },
  };
};
const buildInputs = jobs.map((_, index) => buildInputOf(index));
const records: SitrepRecord[] = buildInputs.map((input) => validateRecord(buildRecord(input)));
const recordBytes = records.map((record) => Buffer.byteLength(JSON.stringify(record)));
const indexes = jobs.map((_, index) => index);
const comparisonBytes = prepared.map((item) => byteLength(item.snippet || item.title));
const rawItemBytes = jobs.map((job) => byteLength(job.item.title) + byteLength(job.item.summary) + byteLength(job.item.content));
const feedBytes = bodies.reduce((sum, body) => sum + body.bytes.length, 0);

console.log(`stages: ${FEEDS} feeds x ${ITEMS} items = ${jobs.length} items (${duplicates} cross-feed copies in the fixture, ${copiesFound} found by the memory index), ` +
  `${(feedBytes / 1e6).toFixed(1)} MB of feeds, ${SECONDS} s per stage, ${IN_FLIGHT} in flight; load ${loadAtStart}`);

const redis = await startBenchRedis();
// The items worker's shared connection (src/app/context.ts): auto-pipelined.
const pipelined = new Redis(redis.url, { maxRetriesPerRequest: null, enableAutoPipelining: true });
const plain = new Redis(redis.url, { maxRetriesPerRequest: null });
const sinkDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-bench-stages-'));
const sinksToClose: RecordSink[] = [];
const results: StageResult[] = [];
try {
  results.push(await measure({
    stage: 'parse', input: 'feed bytes', units: bodies, itemsOf: (body) => body.items, bytesOf: (body) => body.bytes.length,
    inFlight: 1,
    run: (body) => parseFeed(decodeBody(body.bytes, CONTENT_TYPE).text, CONTENT_TYPE),
  }));
  results.push(await measure({
    stage: 'extract', input: 'raw title+summary+content', units: jobs, bytesOf: (job) => byteLength(job.item.title) + byteLength(job.item.summary) + byteLength(job.item.content),
    run: (job) => extractItem(job.item, { maxSnippetChars }),
  }));
  results.push(await measure({
    stage: 'language', input: 'title. snippet', units: languageTexts, bytesOf: byteLength,
    run: (text) => resolveLanguage(null, text),
  }));
  results.push(await measure({
    stage: 'tag', input: 'title+snippet', units: indexes, bytesOf: (i) => byteLength(extracted[i]!.title) + byteLength(extracted[i]!.snippet),
    run: (i) => tagFields({ title: extracted[i]!.title, snippet: extracted[i]!.snippet }, { published: jobs[i]!.item.published ?? jobs[i]!.fetchedAt, language: null }),
  }));
  results.push(await measure({
    stage: 'dedup-signature', input: 'comparison text', units: indexes, bytesOf: (i) => comparisonBytes[i]!,
    run: (i) => {
      const text = prepared[i]!.snippet || prepared[i]!.title;
      computeSignature(text, prepared[i]!.entities);
      simhash64(text);
    },
  }));
  // All of prepareItem (the stages above plus URL canonicalisation, below), for a sum check.
  results.push(await measure({
    stage: 'prepare', input: 'raw title+summary+content', units: indexes, bytesOf: (i) => rawItemBytes[i]!,
    run: (i) => prepareItem(jobs[i]!, maxSnippetChars),
  }));
  results.push(await measure({
    stage: 'url-canonicalize', input: 'link', units: jobs, bytesOf: (job) => byteLength(job.item.link),
    run: (job) => (job.item.link ? canonicalizeUrl(job.item.link, job.feed.url) : null),
  }));

  const memoryIndex = perPass(() => new MemoryDedupIndex(dedupOptions));
  results.push(await measure({
    stage: 'dedup-memory', input: 'comparison text', units: indexes, bytesOf: (i) => comparisonBytes[i]!,
    run: (i, pass) => memoryIndex(pass).checkAndInsertSync(checks[i]!),
  }));
  const redisIndex = (connection: Redis, label: string) => perPass((pass) => new RedisDedupIndex(connection, new RedisKeys(`stages-${label}-${pass}`), dedupOptions));
  const sequentialIndex = redisIndex(pipelined, 'seq');
  results.push(await measure({
    stage: 'dedup-redis', input: 'comparison text', units: indexes, bytesOf: (i) => comparisonBytes[i]!, inFlight: 1, redis,
    run: (i, pass) => sequentialIndex(pass).checkAndInsert(checks[i]!),
  }));
  const concurrentIndex = redisIndex(pipelined, 'pipelined');
  results.push(await measure({
    stage: 'dedup-redis-pipelined', input: 'comparison text', units: indexes, bytesOf: (i) => comparisonBytes[i]!, inFlight: IN_FLIGHT, redis,
    run: (i, pass) => concurrentIndex(pass).checkAndInsert(checks[i]!),
  }));
  // Reference: the same concurrency without auto-pipelining (one write per command).
  const plainIndex = redisIndex(plain, 'plain');
  results.push(await measure({
    stage: 'dedup-redis-plain', input: 'comparison text', units: indexes, bytesOf: (i) => comparisonBytes[i]!, inFlight: IN_FLIGHT, redis,
    run: (i, pass) => plainIndex(pass).checkAndInsert(checks[i]!),
  }));

  results.push(await measure({
    stage: 'record', input: 'record JSON', units: indexes, bytesOf: (i) => recordBytes[i]!,
    run: (i) => validateRecord(buildRecord(buildInputs[i]!)),
  }));
  const ndjsonSink = perPass((pass) => {
    const sink = new NdjsonSink(pipelined, new RedisKeys(`stages-ndjson-${pass}`), sinkDir, markTtlSeconds);
    sinksToClose.push(sink);
    return sink;
  });
  results.push(await measure({
    stage: 'sink-ndjson', input: 'record JSON', units: indexes, bytesOf: (i) => recordBytes[i]!, inFlight: IN_FLIGHT, redis,
    run: async (i, pass) => {
      if (!(await ndjsonSink(pass).write(records[i]!))) throw new Error(`ndjson sink skipped ${records[i]!.id} in pass ${pass}`);
    },
  }));
  const streamSink = perPass((pass) => new RedisStreamSink(pipelined, new RedisKeys(`stages-stream-${pass}`), settings.sinks.redisStream.maxLen, markTtlSeconds));
  results.push(await measure({
    stage: 'sink-stream', input: 'record JSON', units: indexes, bytesOf: (i) => recordBytes[i]!, inFlight: IN_FLIGHT, redis,
    run: async (i, pass) => {
      if (!(await streamSink(pass).write(records[i]!))) throw new Error(`stream sink skipped ${records[i]!.id} in pass ${pass}`);
    },
  }));
} finally {
  await Promise.all(sinksToClose.map((sink) => sink.close()));
  pipelined.disconnect();
  plain.disconnect();
  await redis.close();
  await rm(sinkDir, { recursive: true, force: true });
}
const loadAtEnd = loadAverage();
console.log(`  load ${loadAtEnd}`);
console.log(JSON.stringify({
  case: 'stages', node: process.version, feeds: FEEDS, itemsPerFeed: ITEMS, seed: SEED, items: jobs.length, feedBytes, secondsPerStage: SECONDS, inFlight: IN_FLIGHT,
  loadAtStart, loadAtEnd, results,
}));
process.exit(0);
