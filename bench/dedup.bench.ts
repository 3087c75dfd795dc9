// Dedup index: N synthetic snippets (BENCH_ITEMS, default 1,000,000; one in ten a truncated or edited
// copy of an earlier one) through computeSignature + RedisDedupIndex on a private redis-server,
// with many checks in flight from one process (each one script call). Reports items/s, check
// latency p50/p99 over the first and the last 10k, Redis bytes per item (INFO used_memory; also at 10k and 100k,
// with the latency of the 10k checks before each size), the
// in-memory index's items/s, and a naive pairwise-Jaccard check over the first 10k as the reference.
// Timed: computeSignature + checkAndInsert per item (the index path; the in-memory figure also per CPU second); entities are inputs, tagged
// beforehand (here one fixed country set per place), so neither figure includes tagging.
// The last stdout line is the JSON result.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../src/redis/embedded-redis.ts';
import { computeSignature, MemoryDedupIndex, normalizeForComparison, type DedupSignature } from '../src/dedup/index.ts';
import { RedisDedupIndex } from '../src/dedup/redis-dedup-index.ts';
import { RedisKeys } from '../src/queue/names.ts';
import { emptyEntities, type Entities } from '../src/model/entities.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const IN_FLIGHT = 256;
const WINDOW = 10_000;
const NAIVE = Math.min(10_000, ITEMS);

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${(i * 2654435761 >>> 0).toString(36).slice(0, 3 + (i % 6))}`);
const PLACES = ['Kyiv', 'Kursk', 'Odesa', 'Gaza', 'Taipei', 'Warsaw', 'Tbilisi', 'Khartoum'];
const COUNTRIES = ['UA', 'RU', 'KP', 'IL', 'TW', 'PL', 'GE', 'SD'];
function word(): string {
  // Zipf-like: common words often, rare words rarely.
  return VOCAB[Math.floor(VOCAB.length * rand() ** 3)]!;
}
function makeText(i: number, previous: string[]): string {
  if (previous.length > 100 && i % 10 === 0) {
    const source = previous[Math.floor(rand() * previous.length)]!;
    const words = source.split(' ');
    if (i % 20 === 0) return `${words.slice(0, Math.ceil(words.length * 0.7)).join(' ')} ...`;
    words[Math.floor(rand() * words.length)] = word();
    return words.join(' ');
  }
  const n = 20 + Math.floor(rand() * 30);
  const words = [PLACES[i % PLACES.length]!];
  for (let k = 0; k < n; k++) words.push(k === 5 ? String(Math.floor(rand() * 5000)) : word());
  return words.join(' ');
}
function entitiesFor(i: number): Entities {
  return { ...emptyEntities(), countries: [{ iso2: COUNTRIES[i % COUNTRIES.length]!, name: 'x', mentions: [] }] };
}
// Tagging happens before dedup in the pipeline: not part of the timed path.
const ENTITIES: Entities[] = COUNTRIES.map((_, k) => entitiesFor(k));
function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
function usedMemory(info: string): number {
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-bench-dedup-'));
const server = await startEmbeddedRedis({ dataDir: dir, appendOnly: false });
// Auto-pipelining batches the concurrent EVALSHA calls into few round trips (one script call per item still).
const redis = new Redis(server.url, { enableAutoPipelining: true });
try {
  const texts: string[] = [];
  const recent: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const text = makeText(i, recent);
    texts.push(text);
    if (recent.length < 2_000) recent.push(text);
    else recent[i % 2_000] = text;
  }
  const index = new RedisDedupIndex(redis, new RedisKeys('bench'), { windowSeconds: 7 * 86_400 });
  const memBefore = usedMemory(await redis.info('memory'));
  const latencies = new Float64Array(ITEMS);
  let duplicates = 0;
  let next = 0;
  // Index size at 10k, 100k and 1M items: Redis memory sampled when that many checks have finished.
  const checkpoints = [10_000, 100_000, 1_000_000].filter((count) => count <= ITEMS);
  const memoryAt = new Map<number, Promise<string>>();
  let finished = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < ITEMS) {
      const i = next++;
      const signature = computeSignature(texts[i]!, ENTITIES[i % ENTITIES.length]);
      const t0 = performance.now();
      const verdict = await index.checkAndInsert({ recordId: i.toString(16).padStart(32, '0'), contentHash: signature.contentHash, sourceDomain: `s${i % 50}.example`, signature, publishedAt: null });
      latencies[i] = performance.now() - t0;
      if (verdict.duplicateOf !== null) duplicates++;
      if (checkpoints.includes(++finished)) memoryAt.set(finished, redis.info('memory'));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const memAfter = usedMemory(await redis.info('memory'));
  const first = [...latencies.subarray(0, WINDOW)].sort((a, b) => a - b);
  const last = [...latencies.subarray(Math.max(0, ITEMS - WINDOW))].sort((a, b) => a - b);
  const redisResult = {
    items: ITEMS, itemsPerSecond: Math.round(ITEMS / seconds), duplicatesFound: duplicates,
    p50MsFirst10k: +percentile(first, 0.5).toFixed(3), p99MsFirst10k: +percentile(first, 0.99).toFixed(3),
    p50MsLast10k: +percentile(last, 0.5).toFixed(3), p99MsLast10k: +percentile(last, 0.99).toFixed(3),
    bytesPerItem: Math.round((memAfter - memBefore) / ITEMS), inFlight: IN_FLIGHT,
  };
  console.log(`redis index: ${ITEMS} items in ${seconds.toFixed(1)} s = ${redisResult.itemsPerSecond} items/s, ${duplicates} duplicates, ${redisResult.bytesPerItem} B/item`);
  console.log(`  latency (${IN_FLIGHT} in flight) first 10k p50 ${redisResult.p50MsFirst10k} ms p99 ${redisResult.p99MsFirst10k} ms; last 10k p50 ${redisResult.p50MsLast10k} ms p99 ${redisResult.p99MsLast10k} ms`);
  // Per size: bytes per item so far, and check latency over the 10k items before that size.
  const scale = [];
  for (const count of checkpoints) {
    const window = [...latencies.subarray(Math.max(0, count - WINDOW), count)].sort((a, b) => a - b);
    const bytesPerItem = Math.round((usedMemory(await memoryAt.get(count)!) - memBefore) / count);
    scale.push({ items: count, bytesPerItem, p50Ms: +percentile(window, 0.5).toFixed(3), p99Ms: +percentile(window, 0.99).toFixed(3) });
    console.log(`  at ${count} items: ${bytesPerItem} B/item; the 10k checks before it p50 ${scale.at(-1)!.p50Ms} ms p99 ${scale.at(-1)!.p99Ms} ms`);
  }
  Object.assign(redisResult, { scale });

  // In-memory index, same algorithm (signatures included in the timing).
  const memoryItems = Math.min(ITEMS, 300_000);
  const memoryIndex = new MemoryDedupIndex();
  const signatures: DedupSignature[] = [];
  const memStart = performance.now();
  const memCpuStart = process.cpuUsage();
  for (let i = 0; i < memoryItems; i++) {
    const signature = computeSignature(texts[i]!, ENTITIES[i % ENTITIES.length]);
    if (i < NAIVE) signatures.push(signature);
    memoryIndex.checkAndInsertSync({ recordId: String(i), contentHash: signature.contentHash, sourceDomain: null, signature, publishedAt: null });
  }
  const memoryPerSecond = Math.round(memoryItems / ((performance.now() - memStart) / 1000));
  // Items per CPU second of this process (all threads, GC included): less sensitive to other load than wall time.
  const memCpu = process.cpuUsage(memCpuStart);
  const memoryPerCpuSecond = Math.round(memoryItems / ((memCpu.user + memCpu.system) / 1e6));
  console.log(`memory index: ${memoryItems} items, ${memoryPerSecond} items/s (${memoryPerCpuSecond} per CPU second)`);

  // Reference: exact pairwise word Jaccard of each of the first 10k against all before it.
  const sets = texts.slice(0, NAIVE).map((t) => [...new Set(normalizeForComparison(t).split(' '))].sort());
  const naiveStart = performance.now();
  let naivePairs = 0;
  let naiveDuplicates = 0;
  for (let i = 0; i < NAIVE; i++) {
    for (let j = 0; j < i; j++) {
      if (jaccard(sets[i]!, sets[j]!) >= 0.8) {
        naivePairs++;
        naiveDuplicates++;
        break;
      }
    }
  }
  const naiveSeconds = (performance.now() - naiveStart) / 1000;
  const indexDuplicates = (() => {
    const probe = new MemoryDedupIndex();
    let n = 0;
    for (let i = 0; i < NAIVE; i++) {
      const s = signatures[i]!;
      if (probe.checkAndInsertSync({ recordId: String(i), contentHash: s.contentHash, sourceDomain: null, signature: s }).duplicateOf !== null) n++;
    }
    return n;
  })();
  console.log(`naive pairwise Jaccard >= 0.8 over the first ${NAIVE}: ${Math.round(NAIVE / naiveSeconds)} items/s, ${naiveDuplicates} duplicates (index: ${indexDuplicates}, includes truncated copies)`);
  const loadAverage = os.loadavg().map((x) => +x.toFixed(2));
  console.log(`load average ${loadAverage.join(' ')} on ${os.cpus().length} cores`);
  console.log(JSON.stringify({ case: 'dedup', loadAverage, redis: redisResult, memory: { items: memoryItems, itemsPerSecond: memoryPerSecond, itemsPerCpuSecond: memoryPerCpuSecond }, naive: { items: NAIVE, itemsPerSecond: Math.round(NAIVE / naiveSeconds), duplicates: naiveDuplicates, indexDuplicates, pairsMatched: naivePairs } }));
} finally {
  await redis.quit();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

function jaccard(a: string[], b: string[]): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i]! < b[j]!) i++; else j++;
  }
  return inter / (a.length + b.length - inter);
}
