// The per-feed seen-set (src/feed-state/seen-items.ts: one sorted set per feed; a poll is filterUnseen =
// ZMSCORE, then markSeen = MULTI ZADD + ZREMRANGEBYSCORE) at 10k, 100k and 1M items (BENCH_SCALE_MAX caps),
// spread over feeds of BENCH_SCALE_PER_FEED (50) items: 1M = 20,000 feeds x 50. The sets are filled through
// the product's markSeen on a private redis-server (AOF on, as in production); at each size:
//   - per-poll latency, one poll in flight: 50 ids of one random feed (40 seen + 10 new), filterUnseen and
//     markSeen timed apiece and together; then with BENCH_SCALE_IN_FLIGHT (50, fetch.concurrency's default)
//     polls in flight on the one connection. Polls go round-robin over the feeds in random order, few enough
//     per feed that a set stays under zset-max-listpack-entries, and their new ids are removed again untimed
//     after each pass, so sets keep their size and encoding from one size to the next (Redis never converts a
//     skiplist back to a listpack). Real feeds keep every id listed within the 30-day window, so their sets
//     hold more than one feed page: BENCH_SCALE_PER_FEED=500 shows the skiplist encoding's cost.
//   - Redis bytes per item: INFO used_memory delta since the empty server / items; and MEMORY USAGE of
//     sampled keys / their items (the keys alone, without the keyspace's own overhead).
// The dedup index at 1M is measured by bench/dedup.bench.ts (`npm run bench:dedup`; figures in docs/dedup.md),
// not repeated here. The last stdout line is the JSON result.
import { performance } from 'node:perf_hooks';
import { envNumber, loadAverage, mb, percentile, redisCpuSeconds, startBenchRedis } from './helpers/bench-env.ts';
import { seededRandom } from './helpers/bench-feeds.ts';
import { RedisSeenItemsStore } from '../src/feed-state/seen-items.ts';
import { recordIdFor } from '../src/fetch/index.ts';
import { RedisKeys } from '../src/queue/names.ts';
import { createRedisConnection } from '../src/redis/connection.ts';

const SCALE_MAX = envNumber('BENCH_SCALE_MAX', 1_000_000);
const PER_FEED = envNumber('BENCH_SCALE_PER_FEED', 50);
const CHECKS = envNumber('BENCH_SCALE_CHECKS', 2_000);
const IN_FLIGHT = envNumber('BENCH_SCALE_IN_FLIGHT', 50);
const POLL_IDS = 50;
const NEW_PER_POLL = 10;
const FILL_IN_FLIGHT = 32;
const MEMORY_SAMPLE_KEYS = 200;
// The product default (settings.feeds.seenWindowDays 30): fill scores fall inside it, so markSeen trims nothing.
const WINDOW_MS = 30 * 86_400_000;

const sizes = [10_000, 100_000, 1_000_000].filter((size) => size <= SCALE_MAX);
if (sizes.length === 0) sizes.push(SCALE_MAX);

const loadAtStart = loadAverage();
const redis = await startBenchRedis();
const connection = createRedisConnection(redis.url);
const keys = new RedisKeys('bench');
const store = new RedisSeenItemsStore(connection, keys, WINDOW_MS);
const random = seededRandom(7);
const feedIdOf = (feed: number) => `feed-${feed}`;
const itemIdOf = (feed: number, item: number) => recordIdFor(feedIdOf(feed), `https://feed-${feed}.example/news/${item}`);
console.log(`scale (seen-set): sizes ${sizes.join(', ')} items, ${PER_FEED} items per feed, up to ${CHECKS} polls of ${POLL_IDS} ids (${POLL_IDS - NEW_PER_POLL} seen + ${NEW_PER_POLL} new) per size; load ${loadAtStart}`);

interface Spread { p50: number; p99: number; max: number }
const spread = (values: number[]): Spread => ({
  p50: Number(percentile(values, 50).toFixed(3)), p99: Number(percentile(values, 99).toFixed(3)), max: Number(percentile(values, 100).toFixed(3)),
});

let newSerial = 0;
/** One poll's ids: POLL_IDS - NEW_PER_POLL seen ids of the feed, then NEW_PER_POLL never-seen ones. */
function pollOf(feed: number): { feedId: string; ids: string[]; fresh: string[] } {
  const seen = Math.min(POLL_IDS - NEW_PER_POLL, PER_FEED);
  const first = Math.floor(random() * (PER_FEED - seen + 1));
  const ids = Array.from({ length: seen }, (_, k) => itemIdOf(feed, first + k));
  const fresh = Array.from({ length: NEW_PER_POLL }, () => recordIdFor(feedIdOf(feed), `new-${++newSerial}`));
  return { feedId: feedIdOf(feed), ids: [...ids, ...fresh], fresh };
}

let wrongVerdicts = 0;
async function timedPoll(poll: { feedId: string; ids: string[]; fresh: string[] }): Promise<{ filterMs: number; markMs: number }> {
  const t0 = performance.now();
  const unseen = await store.filterUnseen(poll.feedId, poll.ids);
  const t1 = performance.now();
  await store.markSeen(poll.feedId, poll.ids, Date.now());
  const t2 = performance.now();
  if (unseen.length !== poll.fresh.length || unseen.some((id, index) => id !== poll.fresh[index])) wrongVerdicts++;
  return { filterMs: t1 - t0, markMs: t2 - t1 };
}

function shuffled(count: number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

async function measurePolls(feedCount: number, inFlight: number, maxPollsPerFeed: number, feedOf: (feed: number) => number = (feed) => feed) {
  const order = shuffled(feedCount);
  const count = Math.min(CHECKS, feedCount * maxPollsPerFeed);
  const polls = Array.from({ length: count }, (_, index) => pollOf(feedOf(order[index % feedCount]!)));
  const filter: number[] = [];
  const mark: number[] = [];
  const both: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < polls.length) {
      const { filterMs, markMs } = await timedPoll(polls[next++]!);
      filter.push(filterMs);
      mark.push(markMs);
      both.push(filterMs + markMs);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  // Untimed: the new ids leave again, so the sets keep PER_FEED items.
  const cleanup = connection.pipeline();
  for (const poll of polls) cleanup.zrem(keys.seen(poll.feedId), ...poll.fresh);
  await cleanup.exec();
  return { inFlight, polls: count, pollsPerSecond: Math.round(count / seconds), filterUnseenMs: spread(filter), markSeenMs: spread(mark), pollMs: spread(both) };
}

const results: Array<Record<string, unknown>> = [];
try {
  await connection.ping();
  const listpackEntries = Number((await connection.config('GET', 'zset-max-listpack-entries') as string[])[1] ?? 128);
  // Polls one feed may take in a pass and stay a listpack (one when it is a skiplist from the start).
  const maxPollsPerFeed = PER_FEED < listpackEntries ? Math.max(1, Math.floor((listpackEntries - PER_FEED) / NEW_PER_POLL)) : CHECKS;
  // Warm-up (JIT, connection) on feeds of their own, deleted before the empty-server memory reading.
  const WARM_FEEDS = 100;
  const warmFeed = (feed: number) => 10_000_000 + feed;
  for (let feed = 0; feed < WARM_FEEDS; feed++) {
    await store.markSeen(feedIdOf(warmFeed(feed)), Array.from({ length: PER_FEED }, (_, item) => itemIdOf(warmFeed(feed), item)), Date.now());
  }
  await measurePolls(WARM_FEEDS, 1, maxPollsPerFeed, warmFeed);
  await measurePolls(WARM_FEEDS, IN_FLIGHT, maxPollsPerFeed, warmFeed);
  await connection.del(...Array.from({ length: WARM_FEEDS }, (_, feed) => keys.seen(feedIdOf(warmFeed(feed)))));
  wrongVerdicts = 0;
  const emptyMemory = Number((await redis.info('memory')).used_memory ?? 0);
  let feedsFilled = 0;
  const started = performance.now();
  for (const size of sizes) {
    const feedCount = Math.ceil(size / PER_FEED);
    const itemsBefore = feedsFilled * PER_FEED;
    const fillStart = performance.now();
    const cpuStart = await redisCpuSeconds(redis);
    const nowMs = Date.now();
    let nextFeed = feedsFilled;
    await Promise.all(Array.from({ length: FILL_IN_FLIGHT }, async () => {
      while (nextFeed < feedCount) {
        const feed = nextFeed++;
        // Last seen somewhere in the past 29 days: inside the window.
        await store.markSeen(feedIdOf(feed), Array.from({ length: PER_FEED }, (_, item) => itemIdOf(feed, item)), nowMs - Math.floor(random() * 29 * 86_400_000));
      }
    }));
    feedsFilled = feedCount;
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const fillRedisCpu = Number((await redisCpuSeconds(redis) - cpuStart).toFixed(2));
    const items = feedCount * PER_FEED;
    const memory = await redis.info('memory');
    const usedMemory = Number(memory.used_memory ?? 0);
    let sampledBytes = 0;
    let sampledItems = 0;
    for (let k = 0; k < Math.min(MEMORY_SAMPLE_KEYS, feedCount); k++) {
      const key = keys.seen(feedIdOf(Math.floor(random() * feedCount)));
      sampledBytes += Number(await connection.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      sampledItems += await connection.zcard(key);
    }
    const encoding = await connection.object('ENCODING', keys.seen(feedIdOf(0)));
    const serial = await measurePolls(feedCount, 1, maxPollsPerFeed);
    const concurrent = await measurePolls(feedCount, IN_FLIGHT, maxPollsPerFeed);
    const result = {
      items,
      feeds: feedCount,
      fillSeconds: Number(fillSeconds.toFixed(1)),
      fillItemsPerSecond: Math.round((items - itemsBefore) / fillSeconds),
      fillRedisCpuSeconds: fillRedisCpu,
      redisUsedMemoryMb: mb(usedMemory),
      bytesPerItem: Math.round((usedMemory - emptyMemory) / items),
      keyBytesPerItem: Math.round(sampledBytes / sampledItems),
      encoding,
      serial,
      concurrent,
      load: loadAverage(),
    };
    results.push(result);
    console.log(`  ${items} items / ${feedCount} feeds: filled in ${result.fillSeconds} s (${result.fillItemsPerSecond} items/s, redis CPU ${fillRedisCpu} s); ` +
      `used_memory ${result.redisUsedMemoryMb} MB = ${result.bytesPerItem} B/item (keys alone ${result.keyBytesPerItem} B/item, ${encoding}); load ${result.load}`);
    for (const run of [serial, concurrent]) {
      console.log(`    ${run.inFlight} in flight: filterUnseen p50 ${run.filterUnseenMs.p50} p99 ${run.filterUnseenMs.p99} ms; markSeen p50 ${run.markSeenMs.p50} p99 ${run.markSeenMs.p99} ms; ` +
        `poll p50 ${run.pollMs.p50} p99 ${run.pollMs.p99} max ${run.pollMs.max} ms; ${run.pollsPerSecond} polls/s`);
    }
  }
  console.log(`  wrong filterUnseen verdicts: ${wrongVerdicts}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log('  dedup index at scale: see bench/dedup.bench.ts (npm run bench:dedup; figures in docs/dedup.md)');
} finally {
  connection.disconnect();
  await redis.close();
}
console.log(JSON.stringify({ case: 'scale', node: process.version, itemsPerFeed: PER_FEED, pollIds: POLL_IDS, newPerPoll: NEW_PER_POLL, checks: CHECKS, loadAtStart, wrongVerdicts, seenSet: results, dedup: 'bench/dedup.bench.ts' }));
process.exit(wrongVerdicts > 0 ? 1 : 0);
