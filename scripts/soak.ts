// npm run soak [-- --minutes 10 --feeds 500 --interval 5]
// Runs the real service in-process against a loopback fault server: most feeds healthy and growing, a mix of faults
// (5xx, 429, resets, hangs, trickles, gzip bombs, truncated XML ...). Samples RSS, heap and Redis used_memory every
// 10 s, event-loop lag (p99) throughout, and at the end checks that every served item became exactly one record.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createContext } from '../src/app/context.ts';
import { startService } from '../src/app/service.ts';
import { settingsSchema, type SitrepConfig } from '../src/config/index.ts';
import { recordIdFor } from '../src/fetch/index.ts';
import { startEmbeddedRedis } from '../src/redis/embedded-redis.ts';
import type { FeedConfig } from '../src/model/index.ts';
import { FAULT_HANDLERS, startFaultServer, type ServedItem } from '../test/faults/helpers/fault-server.ts';
import { readNdjsonRecords, readStreamIds } from '../test/helpers/sink-records.ts';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    feeds: { type: 'string', default: '500' },
    interval: { type: 'string', default: '5' },
  },
});
const minutes = Number(flags.minutes);
const feedCount = Math.max(1, Math.floor(Number(flags.feeds)));
const intervalSeconds = Math.max(1, Math.floor(Number(flags.interval)));
const SAMPLE_EVERY_MS = 10_000;
// One feed in ten is hostile; the heavy faults (body caps, hangs) are rarer than the cheap ones.
const FAULT_MIX = ['/status/500', '/status/503', '/status/429', '/status/404', '/reset', '/hang', '/trickle', '/truncated', '/redirect-loop', '/gzip-bomb', '/wrong-charset', '/json-wrong-types'];

interface Sample {
  atS: number;
  rssMb: number;
  heapMb: number;
  redisMb: number;
  records: number;
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function main(): Promise<void> {
  if (!(minutes > 0)) throw new Error('--minutes must be positive');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-soak-'));
  const redis = await startEmbeddedRedis({ dataDir: path.join(dataDir, 'redis') });
  const server = await startFaultServer();
  const startedAt = Date.now();
  // Each healthy feed gains an item every ~20 s and lists its latest 10.
  const itemsFor = (index: number) => (): ServedItem[] => {
    const generation = Math.floor((Date.now() - startedAt) / 20_000 + (index % 20) / 20);
    const items: ServedItem[] = [];
    for (let k = Math.max(0, generation - 9); k <= generation; k++) {
      items.push({ guid: `f${index}-${k}`, title: `Feed ${index} story ${k}`, description: `Report ${k} from desk ${index}: officials in region ${index % 37} said on day ${k} that talks would continue.` });
    }
    return items;
  };
  const feeds: FeedConfig[] = [];
  const healthyPaths = new Map<string, string>();
  for (let i = 0; i < feedCount; i++) {
    const fault = i % 10 === 9 ? FAULT_MIX[Math.floor(i / 10) % FAULT_MIX.length] : undefined;
    if (fault !== undefined && FAULT_HANDLERS[fault] !== undefined) {
      feeds.push({ id: `soak-${i}`, url: `${server.url}${fault}?feed=${i}`, intervalSeconds, tags: [], fetchArticle: false });
      continue;
    }
    const feedPath = `/feeds/${i}.xml`;
    server.setFeed(feedPath, `Soak feed ${i}`, itemsFor(i));
    healthyPaths.set(feedPath, `soak-${i}`);
    feeds.push({ id: `soak-${i}`, url: `${server.url}${feedPath}`, intervalSeconds, tags: [], fetchArticle: false });
  }
  const settings = settingsSchema.parse({
    dataDir,
    redis: { url: redis.url, prefix: 'soak' },
    fetch: { allowPrivateNetworks: true, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, hostMinGapMs: 0, hostMaxConcurrent: 1_000 },
    schedule: { minInterval: 1 },
    log: { level: 'error' },
  });
  const config: SitrepConfig = { settings, feeds, configFile: '(soak)', feedsFile: '(soak)' };
  const context = await createContext(config, pino({ level: 'error' }));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const service = await startService(context, { queues: ['fetch', 'items'], scheduler: true, api: false });
  console.log(`soak: ${feedCount} feeds (${feedCount - healthyPaths.size} hostile), every ${intervalSeconds} s, for ${minutes} min`);

  const samples: Sample[] = [];
  const sample = async (): Promise<void> => {
    const info = await context.redis.info('memory');
    const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    const memory = process.memoryUsage();
    const records = await context.redis.xlen(context.keys.recordStream());
    const entry = { atS: Math.round((Date.now() - startedAt) / 1000), rssMb: mb(memory.rss), heapMb: mb(memory.heapUsed), redisMb: mb(used), records };
    samples.push(entry);
    console.log(`t=${entry.atS}s rss=${entry.rssMb}MB heap=${entry.heapMb}MB redis=${entry.redisMb}MB records=${records} lagP99=${(lag.percentile(99) / 1e6).toFixed(1)}ms`);
  };
  const endAt = startedAt + minutes * 60_000;
  while (Date.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_EVERY_MS, Math.max(0, endAt - Date.now()))));
    await sample();
  }

  // Stop polling, let the queued items finish, then compare sinks with what was served.
  await context.queues.fetch.pause();
  const drainDeadline = Date.now() + 60_000;
  while (Date.now() < drainDeadline) {
    const counts = await context.queues.items.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const fetchActive = (await context.queues.fetch.getJobCounts('active')).active ?? 0;
    if (fetchActive === 0 && Object.values(counts).every((count) => count === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  lag.disable();
  const expected = new Set<string>();
  for (const [feedPath, guids] of server.servedAll()) {
    const feedId = healthyPaths.get(feedPath);
    if (feedId !== undefined) for (const guid of guids) expected.add(recordIdFor(feedId, guid));
  }
  const records = await readNdjsonRecords(dataDir);
  const ndjsonIds = records.filter((record) => record.feed.id !== undefined && healthyPaths.has(new URL(record.feed.url).pathname)).map((record) => record.id);
  const streamIds = await readStreamIds(context);
  const missing = [...expected].filter((id) => !new Set(ndjsonIds).has(id));
  const unexpected = ndjsonIds.filter((id) => !expected.has(id));
  const third = Math.max(1, Math.floor(samples.length / 3));
  const firstRss = mean(samples.slice(0, third).map((s) => s.rssMb));
  const lastRss = mean(samples.slice(-third).map((s) => s.rssMb));
  const firstRedis = mean(samples.slice(0, third).map((s) => s.redisMb));
  const lastRedis = mean(samples.slice(-third).map((s) => s.redisMb));
  const report = {
    minutes,
    feeds: feedCount,
    hostileFeeds: feedCount - healthyPaths.size,
    itemsServed: expected.size,
    ndjsonRecords: records.length,
    ndjsonDuplicates: ndjsonIds.length - new Set(ndjsonIds).size,
    streamRecords: streamIds.length,
    streamDuplicates: streamIds.length - new Set(streamIds).size,
    missing: missing.length,
    unexpected: unexpected.length,
    eventLoopLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    rssMb: { firstThird: Math.round(firstRss), lastThird: Math.round(lastRss) },
    redisMb: { firstThird: Math.round(firstRedis * 10) / 10, lastThird: Math.round(lastRedis * 10) / 10 },
  };
  // Trend check: the last third may not sit more than 25 % (and 30 MB) above the first.
  const rssGrowing = lastRss > firstRss * 1.25 && lastRss - firstRss > 30;
  const ok = missing.length === 0 && unexpected.length === 0 && report.ndjsonDuplicates === 0 && report.streamDuplicates === 0 && !rssGrowing;
  console.log(JSON.stringify({ ...report, rssGrowing, ok }, null, 2));
  await service.close(10_000);
  await server.close();
  await redis.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
