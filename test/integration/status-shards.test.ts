import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { pino } from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createContext, type SitrepContext } from '../../src/app/context.ts';
import { readFeedStatuses, readShardQueueDepths, type QueueDepth, type ShardQueueDepths } from '../../src/app/status.ts';
import { findFeedsWithoutScheduler, readFeedViews } from '../../src/api/feed-views.ts';
import { startApiServer, type ApiServer } from '../../src/api/server.ts';
import { settingsSchema } from '../../src/config/index.ts';
import { readThroughput, ThroughputRecorder } from '../../src/observability/throughput.ts';
import { reconcileShardSchedulers } from '../../src/queue/schedule-feeds.ts';
import { shardOfFeed, shardPrefix, shardTags } from '../../src/queue/shards.ts';
import { WorkerRegistration, readWorkers, type WorkerEntry } from '../../src/queue/worker-registry.ts';
import type { FeedConfig } from '../../src/model/index.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { startRedisCluster, type RedisCluster } from '../helpers/redis-cluster.ts';

const THREE_SHARDS = { shards: 3, cluster: false };
const THREE_CLUSTER = { shards: 3, cluster: true };

const BIN = path.resolve('bin/sitrep.js');
const SHARDS = 3;

/** Feed ids `wire-N`, the first `perShard` found on each shard, shard by shard. */
function feedIdsOnEveryShard(shards: number, perShard = 1): string[] {
  const ids: string[] = [];
  for (let shard = 0; shard < shards; shard++) {
    let found = 0;
    for (let n = 0; found < perShard; n++) {
      if (shardOfFeed(`wire-${n}`, shards) === shard) {
        ids.push(`wire-${n}`);
        found++;
      }
    }
  }
  return ids;
}

function feedsFor(ids: string[]): FeedConfig[] {
  return ids.map((id) => feedConfig(id, `https://${id}.example/feed.xml`));
}

async function writeFeedsFile(dir: string, feeds: FeedConfig[]): Promise<string> {
  const file = path.join(dir, 'feeds.yaml');
  await writeFile(file, `feeds:\n${feeds.map((feed) => `  - id: ${feed.id}\n    url: ${feed.url}\n`).join('')}`);
  return file;
}

function runSitrep(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

interface StatusReport {
  queues: Record<string, QueueDepth>;
  shards: ShardQueueDepths[];
  workers: WorkerEntry[];
  feeds: Array<{ id: string; status: string; itemCount: number }>;
}

const ZERO: QueueDepth = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0, prioritized: 0 };

async function waitForRegistration(context: SitrepContext, registration: WorkerRegistration): Promise<void> {
  await waitFor('worker registered', async () => (await readWorkers(context.redis, context.keys)).some((entry) => entry.id === registration.entry.id));
}

describe('sitrep status with 3 queue shards on one Redis', () => {
  let context: TestContext | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await context?.cleanup();
    context = undefined;
  });

  it('when jobs sit in specific shards and a worker is registered, then status shows per-shard depth, totals and the worker', async () => {
    const feeds = feedsFor(feedIdsOnEveryShard(SHARDS));
    context = await createTestContext(feeds, { shards: SHARDS });
    const ctx = context;
    const [shard0, shard1, shard2] = ctx.queues.shards;
    if (!shard0 || !shard1 || !shard2) throw new Error('expected 3 shards');
    // Shard i is `{prefix:i}`, or `{prefix:i~k}` when the plain tag's slot falls in a slice another shard holds
    // (the run prefix is random, so either can happen here).
    const prefixes = ctx.queues.shards.map((shard) => shard.prefix);
    expect(prefixes).toEqual(shardTags(ctx.config.settings.redis.prefix, SHARDS).map((tag) => `{${tag}}`));
    prefixes.forEach((prefix, n) => expect(prefix).toMatch(new RegExp(`^\\{${literal(ctx.config.settings.redis.prefix)}:${n}(~\\d+)?\\}$`)));

    // shard 0: 2 waiting fetch jobs; shard 1: 1 active fetch job, 1 delayed item; shard 2: 1 failed article.
    await shard0.fetch.addBulk([{ name: 'poll', data: { feed: feeds[0]! } }, { name: 'poll', data: { feed: feeds[0]! } }]);
    await shard1.items.add('item', {} as never, { delay: 3_600_000 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    const holding = new Worker(shard1.fetch.name, async () => held, { connection: ctx.newConnection(), prefix: shard1.prefix });
    const failing = new Worker(shard2.articles.name, async () => { throw new Error('page gone'); }, { connection: ctx.newConnection(), prefix: shard2.prefix });
    cleanups.push(async () => { release(); await Promise.all([holding.close(), failing.close()]); });
    await shard1.fetch.add('poll', { feed: feeds[1]! });
    await shard2.articles.add('article', {} as never, { attempts: 1 });
    await waitFor('active and failed jobs', async () =>
      (await shard1.fetch.getActiveCount()) === 1 && (await shard2.articles.getFailedCount()) === 1);

    const registration = new WorkerRegistration(ctx.redis, ctx.keys, ['fetch', 'items'], [0, 2]);
    cleanups.push(() => registration.close());
    await waitForRegistration(ctx, registration);

    const dir = ctx.dataDir;
    const feedsFile = await writeFeedsFile(dir, feeds);
    const env = { REDIS_URL: inject('redisUrl'), SITREP_REDIS_PREFIX: ctx.config.settings.redis.prefix, SITREP_SHARDS: String(SHARDS) };
    const [json, table] = await Promise.all([
      runSitrep(['status', '--json', '--feeds', feedsFile], env),
      runSitrep(['status', '--feeds', feedsFile], env),
    ]);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as StatusReport;
    const prefix = ctx.config.settings.redis.prefix;
    expect(report.shards).toEqual([
      { shard: 0, prefix: shardPrefix(prefix, 0, THREE_SHARDS), queues: { fetch: { ...ZERO, waiting: 2 }, items: ZERO, articles: ZERO } },
      { shard: 1, prefix: shardPrefix(prefix, 1, THREE_SHARDS), queues: { fetch: { ...ZERO, active: 1 }, items: { ...ZERO, delayed: 1 }, articles: ZERO } },
      { shard: 2, prefix: shardPrefix(prefix, 2, THREE_SHARDS), queues: { fetch: ZERO, items: ZERO, articles: { ...ZERO, failed: 1 } } },
    ]);
    // The legacy totals are the sums over shards.
    expect(report.queues).toEqual({ fetch: { ...ZERO, waiting: 2, active: 1 }, items: { ...ZERO, delayed: 1 }, articles: { ...ZERO, failed: 1 } });
    expect(report.workers).toEqual([expect.objectContaining({ host: os.hostname(), pid: process.pid, queues: ['fetch', 'items'], shards: [0, 2] })]);
    expect(report.feeds.map((feed) => feed.id)).toEqual(feeds.map((feed) => feed.id));

    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^fetch\s+2\s+1\s+0\s+0\s+0$/m);
    expect(table.stdout).toMatch(/^shard\s+prefix\s+queue\s+waiting/m);
    // Each shard's row shows its own prefix, salted or not (checked above).
    expect(table.stdout).toMatch(new RegExp(`^\\s+0\\s+${literal(prefixes[0]!)}\\s+fetch\\s+2\\s+0\\s+0\\s+0\\s+0$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^\\s+1\\s+${literal(prefixes[1]!)}\\s+items\\s+0\\s+0\\s+1\\s+0\\s+0$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^\\s+2\\s+${literal(prefixes[2]!)}\\s+articles\\s+0\\s+0\\s+0\\s+1\\s+0$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^${os.hostname()}:${process.pid}\\s+fetch,items\\s+0,2\\s+${registration.entry.startedAt}\\s+\\S+$`, 'm'));
  });

  it('when there is one shard, then status has no shard table but lists the workers, and says when none is alive', async () => {
    const feeds = feedsFor(['solo-wire']);
    context = await createTestContext(feeds);
    const ctx = context;
    const feedsFile = await writeFeedsFile(ctx.dataDir, feeds);
    const env = { REDIS_URL: inject('redisUrl'), SITREP_REDIS_PREFIX: ctx.config.settings.redis.prefix };
    const before = await runSitrep(['status', '--feeds', feedsFile], env);
    expect(before.status).toBe(0);
    expect(before.stdout).toContain('workers: none alive');

    const registration = new WorkerRegistration(ctx.redis, ctx.keys, ['fetch'], [0]);
    cleanups.push(() => registration.close());
    await waitForRegistration(ctx, registration);
    const [table, json] = await Promise.all([runSitrep(['status', '--feeds', feedsFile], env), runSitrep(['status', '--json', '--feeds', feedsFile], env)]);
    expect(table.stdout).not.toMatch(/^shard\s+prefix/m);
    expect(table.stdout).toMatch(new RegExp(`^worker\\s+queues\\s+shards\\s+started\\s+last seen\\n${os.hostname()}:${process.pid}\\s+fetch\\s+all\\s`, 'm'));
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(report.shards).toEqual([{ shard: 0, prefix: ctx.config.settings.redis.prefix, queues: report.queues }]);
    expect(report.workers.map((entry) => entry.id)).toEqual([registration.entry.id]);
  });

  it('when feeds live on different shards, then /api/feeds, /readyz, /metrics and the queue board read every shard', async () => {
    const feeds = feedsFor(feedIdsOnEveryShard(SHARDS));
    context = await createTestContext(feeds, { shards: SHARDS });
    const ctx = context;
    const fetchQueues = ctx.queues.shards.map((shard) => shard.fetch);
    await reconcileShardSchedulers(fetchQueues, (id) => ctx.queues.forFeed(id).shard, ctx.redis, ctx.keys, feeds);
    const api: ApiServer = await startApiServer(ctx, { host: '127.0.0.1', port: 0, workersRunning: () => true });
    cleanups.push(() => api.close());

    const feedViews = async () => ((await (await fetch(`${api.url}/api/feeds`)).json()) as { feeds: Array<{ id: string; nextScheduledAt: string | null }> }).feeds;
    // Each feed's next run comes from its own shard's scheduler (shard 1 and 2 included).
    for (const view of await feedViews()) expect(Date.parse(view.nextScheduledAt ?? ''), view.id).toBeGreaterThan(Date.now() - 60_000);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

    // A scheduler left in another shard than the feed's own does not count as scheduling it.
    const onShard2 = feeds[2]!;
    await ctx.queues.shards[2]!.fetch.removeJobScheduler(onShard2.id);
    await ctx.queues.shards[0]!.fetch.upsertJobScheduler(onShard2.id, { every: 3_600_000 }, { name: 'poll', data: { feed: onShard2 } });
    const notReady = await fetch(`${api.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ scheduler: false, feedsWithoutScheduler: [onShard2.id] });
    expect((await feedViews()).find((view) => view.id === onShard2.id)?.nextScheduledAt).toBeNull();

    await ctx.queues.shards[1]!.items.addBulk([{ name: 'item', data: {} as never }, { name: 'item', data: {} as never }]);
    await ctx.queues.shards[2]!.items.add('item', {} as never);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/^sitrep_queue_jobs\{queue="items",state="waiting"\} 3$/m);
    expect(metrics).toMatch(/^sitrep_queue_shard_jobs\{queue="items",shard="0",state="waiting"\} 0$/m);
    expect(metrics).toMatch(/^sitrep_queue_shard_jobs\{queue="items",shard="1",state="waiting"\} 2$/m);
    expect(metrics).toMatch(/^sitrep_queue_shard_jobs\{queue="items",shard="2",state="waiting"\} 1$/m);
    expect(metrics.match(/^sitrep_queue_shard_jobs\{/gm)).toHaveLength(3 * SHARDS * 6);

    const board = (await (await fetch(`${api.url}/admin/queues/api/queues`)).json()) as { queues: Array<{ name: string; description?: string; delimiter: string; counts: Record<string, number> }> };
    expect(board.queues.map((queue) => queue.name).sort()).toEqual([0, 1, 2].flatMap((n) => ['articles', 'fetch', 'items'].map((name) => `shard-${n}:${name}`)));
    const items1 = board.queues.find((queue) => queue.name === 'shard-1:items')!;
    expect(items1.counts.waiting).toBe(2);
    expect(items1.delimiter).toBe(':');
    expect(items1.description).toContain(shardPrefix(ctx.config.settings.redis.prefix, 1, THREE_SHARDS));
  });
});

describe('operator reads on a 3-master Redis Cluster', () => {
  let cluster: RedisCluster | undefined;
  let context: SitrepContext | undefined;
  let dataDir: string | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await context?.close();
    context = undefined;
    await cluster?.stop();
    cluster = undefined;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('when feed state keys sit in different slots, then status, feed views, metrics and throughput still read them', async () => {
    cluster = await startRedisCluster({ masters: 3 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-status-cluster-'));
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const nodes = cluster.nodes.map((node) => `127.0.0.1:${node.port}`);
    const feeds = feedsFor(feedIdsOnEveryShard(SHARDS, 2));
    const settings = settingsSchema.parse({ dataDir, redis: { cluster: { nodes }, prefix }, shards: SHARDS, log: { level: 'silent' } });
    context = await createContext({ settings, feeds, configFile: '(test)', feedsFile: '(test)' }, pino({ level: 'silent' }));
    const ctx = context;
    const lastSuccessAt = new Date(Date.now() - 5_000).toISOString();
    await Promise.all(feeds.map((feed, index) => ctx.redis.hset(ctx.keys.feedState(feed.id), index === 0
      ? { status: 'failing', consecutiveFailures: 2, lastError: 'HTTP 503' }
      : { status: 'ok', itemCount: index, lastSuccessAt })));
    // The condition under test: the state keys span masters, so one pipeline of them is refused.
    const spread = await cluster.keyCountsPerNode(`${prefix}:feed:*`);
    expect(spread.filter((count) => count > 0).length, spread.join(',')).toBeGreaterThan(1);
    const pipeline = ctx.redis.pipeline();
    for (const feed of feeds) pipeline.hgetall(ctx.keys.feedState(feed.id));
    await expect(pipeline.exec()).rejects.toThrow(/same slots allocation group/);

    const statuses = await readFeedStatuses(ctx);
    expect(statuses.map((status) => [status.id, status.status, status.itemCount])).toEqual(feeds.map((feed, index) => [feed.id, index === 0 ? 'failing' : 'ok', index === 0 ? 0 : index]));

    await reconcileShardSchedulers(ctx.queues.shards.map((shard) => shard.fetch), (id) => ctx.queues.forFeed(id).shard, ctx.redis, ctx.keys, feeds);
    const views = await readFeedViews(ctx);
    expect(views.every((view) => view.nextScheduledAt !== null)).toBe(true);
    expect(views[1]).toMatchObject({ id: feeds[1]!.id, status: 'ok', itemCount: 1, lastSuccessAt });
    expect(await findFeedsWithoutScheduler(ctx)).toEqual([]);

    await ctx.queues.shards[2]!.items.add('item', {} as never);
    const depths = await readShardQueueDepths(ctx);
    expect(depths.map((shard) => shard.queues.items?.waiting)).toEqual([0, 0, 1]);

    // Throughput minute keys share one hash tag on a cluster: its pipeline and MGET stay in one slot.
    const minuteMs = Math.floor(Date.now() / 60_000) * 60_000;
    const recorder = new ThroughputRecorder(ctx.redis, ctx.keys, { flushEveryMs: 60_000, now: () => minuteMs + 1_000 });
    recorder.record(3);
    recorder.record(4);
    await recorder.close();
    expect((await readThroughput(ctx.redis, ctx.keys, 2, minuteMs + 1_000)).map((point) => point.count)).toEqual([0, 7]);

    const registration = new WorkerRegistration(ctx.redis, ctx.keys, ['items'], [1]);
    cleanups.push(() => registration.close());
    await waitForRegistration(ctx, registration);

    const api = await startApiServer(ctx, { host: '127.0.0.1', port: 0, workersRunning: () => true });
    cleanups.push(() => api.close());
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/^sitrep_broken_feeds 1$/m);
    expect(metrics).toMatch(new RegExp(`^sitrep_feed_seconds_since_last_success\\{feed="${feeds[1]!.id}"\\} \\d`, 'm'));
    expect(metrics).toMatch(/^sitrep_queue_shard_jobs\{queue="items",shard="2",state="waiting"\} 1$/m);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const board = (await (await fetch(`${api.url}/admin/queues/api/queues`)).json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(board.queues.find((queue) => queue.name === 'shard-2:items')?.counts.waiting).toBe(1);

    // The CLI end to end against the cluster (no REDIS_URL: the config file names the seed nodes).
    const configFile = path.join(dataDir, 'sitrep.yaml');
    await writeFile(configFile, `redis:\n  prefix: ${prefix}\n  cluster:\n    nodes: [${nodes.map((node) => `"${node}"`).join(', ')}]\nshards: ${SHARDS}\ndataDir: ${dataDir}\n`);
    const feedsFile = await writeFeedsFile(dataDir, feeds);
    const env: Record<string, string> = { REDIS_URL: '', SITREP_REDIS_PREFIX: prefix };
    const json = await runSitrep(['status', '--json', '--config', configFile, '--feeds', feedsFile], env);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(report.shards.map((shard) => [shard.prefix, shard.queues.items?.waiting])).toEqual([[shardPrefix(prefix, 0, THREE_CLUSTER), 0], [shardPrefix(prefix, 1, THREE_CLUSTER), 0], [shardPrefix(prefix, 2, THREE_CLUSTER), 1]]);
    expect(report.feeds.find((feed) => feed.id === feeds[0]!.id)?.status).toBe('failing');
    expect(report.workers.map((entry) => entry.shards)).toEqual([[1]]);
  }, 120_000);
});

/** A string as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
