import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, Redis as SingleRedis, type Redis } from 'ioredis';
import { RedisKeys } from '../../src/queue/names.ts';
import { shardOfFeed, shardPrefix } from '../../src/queue/shards.ts';
import { recordIdFor } from '../../src/fetch/item-key.ts';
import { readNdjsonRecords } from '../helpers/sink-records.ts';
import { startRedisCluster, type RedisCluster } from '../helpers/redis-cluster.ts';
import { sharedStoryTitle, startFixtureFeedSet, type FixtureFeedSet } from './helpers/fixture-feed-set.ts';
import { createSitrepRun, faultSettings, type SitrepProcess, type SitrepRun } from './helpers/sitrep-process.ts';
import { expectExactlyOnce, type RunKeys } from './helpers/sink-records.ts';
import { waitUntil } from './helpers/wait.ts';

const SHARDS = 3;
const FEEDS = 30;
const ITEMS_PER_FEED = 20;
const SHARED_STORIES = 2;
const TOTAL_ITEMS = FEEDS * ITEMS_PER_FEED;
const WORKER_READY = /queues \[fetch, items\], shards \[([\d, ]+)\] of 3, redis cluster/;

let cluster: RedisCluster | undefined;
let client: Redis | undefined;
let feedSet: FixtureFeedSet | undefined;
let run: SitrepRun | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  // A Cluster client speaks the Redis API; the sink helpers take it as one.
  client = new Cluster(cluster.seedNodes, { redisOptions: { maxRetriesPerRequest: null } }) as unknown as Redis;
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
}, 60_000);

afterEach(async () => {
  await run?.cleanup();
  await feedSet?.close();
  run = undefined;
  feedSet = undefined;
  // The runs share the default prefix on this private cluster: start each from empty masters.
  for (const url of cluster?.urls ?? []) {
    const admin = new SingleRedis(url);
    await admin.flushall();
    await admin.quit();
  }
});

/** The run's keys as sitrep lays them out on a cluster, built by the product's own classes. */
function clusterLayout(prefix: string): { keys: RedisKeys; shardPrefixes: string[]; runKeys: RunKeys } {
  const keys = new RedisKeys(prefix, { cluster: true });
  const shardPrefixes = Array.from({ length: SHARDS }, (_, shard) => shardPrefix(prefix, shard, { shards: SHARDS, cluster: true }));
  return { keys, shardPrefixes, runKeys: { streamKey: keys.recordStream(), itemsQueuePrefixes: shardPrefixes } };
}

async function startClusterRun(): Promise<{ activeRun: SitrepRun; layout: ReturnType<typeof clusterLayout> }> {
  feedSet = await startFixtureFeedSet({ feeds: FEEDS, itemsPerFeed: ITEMS_PER_FEED, initialItems: ITEMS_PER_FEED, sharedStories: SHARED_STORIES });
  const nodes = cluster!.nodes.map((node) => `${node.host}:${node.port}`);
  // The default prefix: its 3 shard tags hash to slots of 3 different masters (see the last test for others).
  run = await createSitrepRun({ redisUrl: null, prefix: 'sitrep', feeds: feedSet.feeds, settings: faultSettings({ redis: { cluster: { nodes } }, shards: SHARDS }) });
  return { activeRun: run, layout: clusterLayout(run.prefix) };
}

async function startWorker(activeRun: SitrepRun, name: string, shards?: string): Promise<SitrepProcess> {
  const worker = activeRun.spawn(shards === undefined ? ['worker'] : ['worker', '--shards', shards], { name });
  await worker.waitForOutput(WORKER_READY, 60_000);
  return worker;
}

async function scheduleFeeds(activeRun: SitrepRun): Promise<void> {
  const scheduler = activeRun.spawn(['scheduler', '--once'], { name: 'scheduler' });
  const { code } = await scheduler.exited;
  expect(code, scheduler.output()).toBe(0);
  expect(scheduler.output()).toContain(`feed schedulers reconciled: ${FEEDS} feeds`);
}

/** Kills the victim with SIGKILL once about half of all items are records; returns how many were written then. */
async function killAtHalf(layout: ReturnType<typeof clusterLayout>, victim: SitrepProcess): Promise<number> {
  const written = await waitUntil('half the records written', async () => {
    const length = await client!.xlen(layout.keys.recordStream());
    return length >= TOTAL_ITEMS / 2 ? length : false;
  }, 90_000, 20);
  victim.kill('SIGKILL');
  await victim.exited;
  return written;
}

async function stalledEvents(shardPrefixes: string[]): Promise<number> {
  let stalled = 0;
  for (const prefix of shardPrefixes) {
    for (const queue of ['fetch', 'items']) {
      const events = await client!.xrange(`${prefix}:${queue}:events`, '-', '+');
      stalled += events.filter(([, fields]) => fields[1] === 'stalled').length;
    }
  }
  return stalled;
}

/**
 * Each shard's queue keys sit on exactly one master, a different one per shard, and each shard's items
 * queue completed exactly its feeds' items.
 */
async function expectShardsSpread(layout: ReturnType<typeof clusterLayout>): Promise<void> {
  const owners: number[] = [];
  for (const prefix of layout.shardPrefixes) {
    const counts = await cluster!.keyCountsPerNode(`${prefix}:*`);
    const holders = counts.flatMap((count, node) => (count > 0 ? [node] : []));
    expect(holders, `masters holding ${prefix} keys: ${counts.join(',')}`).toHaveLength(1);
    owners.push(holders[0]!);
  }
  expect(new Set(owners).size).toBe(SHARDS);
  // Nothing went to the unsharded layout's queues (plain prefix).
  for (const queue of ['fetch', 'items', 'articles']) {
    expect((await cluster!.keyCountsPerNode(`${layout.keys.prefix}:${queue}:*`)).reduce((sum, count) => sum + count, 0), `${queue} keys under the plain prefix`).toBe(0);
  }
  const completed = await Promise.all(layout.shardPrefixes.map((prefix) => client!.zcard(`${prefix}:items:completed`)));
  const expected = [0, 1, 2].map((shard) => feedSet!.feeds.filter((feed) => shardOfFeed(feed.id, SHARDS) === shard).length * ITEMS_PER_FEED);
  expect(completed).toEqual(expected);
  for (const count of completed) expect(count).toBeGreaterThan(0);
}

/** Every copy of a shared story, whatever shard and worker processed it, points at one original. */
async function expectSharedStoriesDeduplicated(activeRun: SitrepRun): Promise<void> {
  const records = await readNdjsonRecords(activeRun.dataDir);
  for (let story = 0; story < SHARED_STORIES; story++) {
    const copies = records.filter((record) => record.title === sharedStoryTitle(story));
    expect(copies).toHaveLength(FEEDS);
    const originals = copies.filter((record) => record.dedup.duplicateOf === null);
    expect(originals, `originals of shared story ${story}`).toHaveLength(1);
    for (const copy of copies) if (copy !== originals[0]) expect(copy.dedup.duplicateOf).toBe(originals[0]!.id);
  }
}

describe('sharded queues on a 3-master Redis Cluster', () => {
  it('when two workers serve all 3 shards and one is SIGKILLed halfway, then every item is exactly one record and each shard ran on its own master', async () => {
    const { activeRun, layout } = await startClusterRun();
    const cpuBefore = await cluster!.cpuSecondsPerNode();
    const startedAt = Date.now();
    const workers = [await startWorker(activeRun, 'worker-a'), await startWorker(activeRun, 'worker-b')];
    for (const worker of workers) expect(WORKER_READY.exec(worker.output())?.[1]).toBe('0, 1, 2');
    await scheduleFeeds(activeRun);

    const writtenAtKill = await killAtHalf(layout, workers[0]!);
    expect(writtenAtKill).toBeLessThan(TOTAL_ITEMS);
    expect(feedSet!.servedIds().size).toBe(TOTAL_ITEMS);
    await expectExactlyOnce(feedSet!.servedIds(), activeRun, client!, 120_000, layout.runKeys);
    const elapsedMs = Date.now() - startedAt;
    expect(workers[1]!.isRunning()).toBe(true);
    // The kill hit jobs in flight: BullMQ's stalled check handed them to the surviving worker.
    const stalled = await stalledEvents(layout.shardPrefixes);
    expect(stalled).toBeGreaterThan(0);
    await expectShardsSpread(layout);
    await expectSharedStoriesDeduplicated(activeRun);
    // Keys outside the queues are hash-tagged by their own key, e.g. feed state per feed.
    const feedStateCounts = await cluster!.keyCountsPerNode(`${activeRun.prefix}:feed:*`);
    expect(feedStateCounts.reduce((sum, count) => sum + count, 0)).toBe(FEEDS);
    const cpuAfter = await cluster!.cpuSecondsPerNode();
    console.info(`cluster run: ${TOTAL_ITEMS} records in ${elapsedMs} ms, killed worker-a at ${writtenAtKill} records, ${stalled} stalled jobs re-run; ` +
      `master CPU s ${cpuAfter.map((cpu, i) => (cpu - cpuBefore[i]!).toFixed(2)).join(' / ')}; feed-state keys per master ${feedStateCounts.join(' / ')}`);
  });

  it('when workers serve shards 0,1 and 1,2 and the first is SIGKILLed halfway, then a replacement for shard 0 finishes it and every item is exactly one record', async () => {
    const { activeRun, layout } = await startClusterRun();
    const first = await startWorker(activeRun, 'worker-01', '0,1');
    const second = await startWorker(activeRun, 'worker-12', '1,2');
    expect(WORKER_READY.exec(first.output())?.[1]).toBe('0, 1');
    expect(WORKER_READY.exec(second.output())?.[1]).toBe('1, 2');
    // The live-worker registry says which process serves which shards.
    const registered = await waitUntil('both workers registered', async () => {
      const entries = Object.values(await client!.hgetall(layout.keys.workers())).map((json) => (JSON.parse(json) as { shards: number[] }).shards);
      return entries.length === 2 ? entries : false;
    }, 20_000);
    expect(registered.map((shards) => shards.join(',')).sort()).toEqual(['0,1', '1,2']);
    await scheduleFeeds(activeRun);

    const writtenAtKill = await killAtHalf(layout, first);
    expect(writtenAtKill).toBeLessThan(TOTAL_ITEMS);
    // Shard 0 has no worker now: its items wait (shards 1 and 2 go on), until a replacement serves it.
    const shard0Ids = new Set(feedSet!.feeds.filter((feed) => shardOfFeed(feed.id, SHARDS) === 0)
      .flatMap((feed) => Array.from({ length: ITEMS_PER_FEED }, (_, item) => recordIdFor(feed.id, `fault-${feed.id.slice('desk-'.length)}-${item}`))));
    const othersIds = new Set([...feedSet!.servedIds()].filter((id) => !shard0Ids.has(id)));
    await waitUntil('shards 1 and 2 recorded by the surviving worker', async () => {
      const streamIds = new Set((await client!.xrange(layout.keys.recordStream(), '-', '+')).map(([, fields]) => fields[fields.indexOf('id') + 1]));
      return [...othersIds].every((id) => streamIds.has(id));
    }, 90_000, 250);
    const shard0Left = (await client!.llen(`${layout.shardPrefixes[0]}:items:wait`)) + (await client!.llen(`${layout.shardPrefixes[0]}:items:active`));
    expect(shard0Left, 'shard 0 items left when its only worker died').toBeGreaterThan(0);
    await startWorker(activeRun, 'worker-0', '0');
    await expectExactlyOnce(feedSet!.servedIds(), activeRun, client!, 120_000, layout.runKeys);
    await expectShardsSpread(layout);
    await expectSharedStoriesDeduplicated(activeRun);
    console.info(`split shards run: killed worker-01 at ${writtenAtKill} records, shard 0 had ${shard0Left} items waiting or stalled until worker-0 started`);
  });

  it('when the key prefix is not the default (news, prod, staging, feeds), then the 3 shards of a 3-master cluster still land on 3 different masters', async () => {
    // Each shard's queues live in the slot of its tag `{prefix:N}`; which master that is depends on the prefix text.
    const slotOwner = async (slot: number): Promise<number> => {
      const ranges = (await client!.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
      const range = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      return cluster!.nodes.findIndex((node) => node.port === range[2][1]);
    };
    const mastersPerPrefix: Record<string, number[]> = {};
    for (const prefix of ['sitrep', 'news', 'prod', 'staging', 'feeds']) {
      const masters: number[] = [];
      for (let shard = 0; shard < SHARDS; shard++) {
        const slot = (await client!.cluster('KEYSLOT', `${shardPrefix(prefix, shard, { shards: SHARDS, cluster: true })}:items:wait`)) as number;
        masters.push(await slotOwner(slot));
      }
      mastersPerPrefix[prefix] = masters;
    }
    const spread = Object.fromEntries(Object.entries(mastersPerPrefix).map(([prefix, masters]) => [prefix, new Set(masters).size]));
    expect(spread, `master per shard: ${JSON.stringify(mastersPerPrefix)}`).toEqual({ sitrep: 3, news: 3, prod: 3, staging: 3, feeds: 3 });
  });
});
