import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { createContext, type SitrepContext } from '../../src/app/context.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import { recordIdFor } from '../../src/fetch/item-key.ts';
import { JOB_POLL } from '../../src/queue/names.ts';
import { shardOfFeed, shardPrefix } from '../../src/queue/shards.ts';
import { readWorkers } from '../../src/queue/worker-registry.ts';
import type { FeedConfig } from '../../src/model/index.ts';
import { runScheduler } from '../../workers/scheduler.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed, type TestItem } from '../helpers/feed-builders.ts';
import { readNdjsonRecords, readStreamIds } from '../helpers/sink-records.ts';

const SHARDS = 3;
const ITEMS_PER_FEED = 4;
// desk-0..5 hash to shards 1,2,0,1,2,0: two feeds per shard (checked in the test, not assumed).
const FEED_IDS = ['desk-0', 'desk-1', 'desk-2', 'desk-3', 'desk-4', 'desk-5'];
const SHARED_STORY: TestItem = {
  guid: 'shared-story',
  title: 'Grain corridor reopens after talks in Istanbul',
  description: 'Ships carrying grain left Odesa on Tuesday after negotiators in Istanbul agreed to reopen the corridor for ninety days.',
};

function itemsOf(feedId: string): TestItem[] {
  return Array.from({ length: ITEMS_PER_FEED }, (_, index) => ({
    guid: `${feedId}-item-${index}`,
    title: `Bulletin ${index} from ${feedId}`,
    description: `Desk ${feedId} filed bulletin ${index}: officials in district ${index} of ${feedId} reported water levels.`,
  }));
}

describe('sharded queues (shards: 3) on one Redis', () => {
  let server: FixtureFeedServer | undefined;
  let context: TestContext | undefined;
  const services: RunningService[] = [];
  const extraContexts: SitrepContext[] = [];

  afterEach(async () => {
    for (const service of services.splice(0)) await service.close(2_000);
    for (const extra of extraContexts.splice(0)) await extra.close();
    await server?.close();
    server = undefined;
    await context?.cleanup();
    context = undefined;
  });

  /** Another process's view of the same Redis, prefix and data dir (a closed service closes its context). */
  async function siblingContext(base: SitrepContext): Promise<SitrepContext> {
    const sibling = await createContext(base.config, pino({ level: 'silent' }));
    extraContexts.push(sibling);
    return sibling;
  }

  /** Feeds desk-0..5; two share one story (same guid and text), in feeds of different shards. */
  async function startFeeds(): Promise<{ feeds: FeedConfig[]; byShard: Map<number, FeedConfig[]>; duplicatePair: [string, string] }> {
    const feedShard = (id: string) => shardOfFeed(id, SHARDS);
    const shard0 = FEED_IDS.find((id) => feedShard(id) === 0)!;
    const shard1 = FEED_IDS.find((id) => feedShard(id) === 1)!;
    server = await startFixtureFeedServer(FEED_IDS.map((id) => ({
      path: `/${id}.xml`,
      contentType: 'application/rss+xml',
      body: rssFeed(id, [...itemsOf(id), ...(id === shard0 || id === shard1 ? [SHARED_STORY] : [])]),
    })));
    const feeds = FEED_IDS.map((id) => feedConfig(id, `${server!.url}/${id}.xml`));
    const byShard = new Map<number, FeedConfig[]>();
    for (const feed of feeds) byShard.set(feedShard(feed.id), [...(byShard.get(feedShard(feed.id)) ?? []), feed]);
    // The test means nothing unless every shard owns feeds.
    expect([...byShard.keys()].sort()).toEqual([0, 1, 2]);
    return { feeds, byShard, duplicatePair: [shard0, shard1] };
  }

  function expectedRecordIds(feeds: FeedConfig[], duplicatePair: string[]): Set<string> {
    return new Set(feeds.flatMap((feed) => [
      ...itemsOf(feed.id).map((item) => recordIdFor(feed.id, item.guid)),
      ...(duplicatePair.includes(feed.id) ? [recordIdFor(feed.id, SHARED_STORY.guid)] : []),
    ]));
  }

  async function enqueuePolls(target: SitrepContext, feeds: FeedConfig[], tag: string): Promise<void> {
    for (const feed of feeds) {
      await target.queues.forFeed(feed.id).fetch.add(JOB_POLL, { feed }, { jobId: `poll-${tag}-${feed.id}` });
    }
  }

  async function waitForPollsDone(target: SitrepContext, shards: number[], count: number): Promise<void> {
    await waitFor(`${count} completed polls`, async () => {
      let done = 0;
      for (const shard of shards) done += (await target.queues.shards[shard]!.fetch.getJobCounts('completed')).completed ?? 0;
      return done >= count;
    });
  }

  it('when the scheduler reconciles, then each feed has a job scheduler in its own shard fetch queue and nowhere else', async () => {
    const { feeds, byShard } = await startFeeds();
    context = await createTestContext(feeds, { shards: SHARDS });
    const result = await runScheduler(context);
    expect(result).toMatchObject({ acquired: true, upserted: feeds.length });
    // {prefix:i}, or {prefix:i~k} where the plain tag's slot slice is taken (see shardTags).
    const prefixes = context.queues.shards.map((shard) => shard.prefix);
    prefixes.forEach((prefix, shard) => expect(prefix).toMatch(new RegExp(`^\\{${context!.keys.prefix}:${shard}(~\\d+)?\\}$`)));
    expect(prefixes).toEqual([0, 1, 2].map((shard) => shardPrefix(context!.keys.prefix, shard, { shards: 3, cluster: false })));
    for (const shard of context.queues.shards) {
      const keys = (await shard.fetch.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key).sort();
      expect(keys, `schedulers of shard ${shard.shard}`).toEqual((byShard.get(shard.shard) ?? []).map((feed) => feed.id).sort());
    }
    // The unsharded layout's queue (plain prefix) is not used at all.
    expect(await context.redis.keys(`${context.keys.prefix}:fetch:*`)).toEqual([]);

    // A feed removed from the config loses its scheduler in its shard; the others stay.
    const removed = feeds[0]!;
    context.config = { ...context.config, feeds: feeds.slice(1) };
    expect((await runScheduler(context)).removed).toEqual([removed.id]);
    const removedShard = context.queues.forFeed(removed.id);
    expect((await removedShard.fetch.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key)).not.toContain(removed.id);
    const remaining = (await Promise.all(context.queues.shards.map((shard) => shard.fetch.getJobSchedulers(0, -1)))).flat();
    expect(remaining.map((scheduler) => scheduler.key).sort()).toEqual(feeds.slice(1).map((feed) => feed.id).sort());
  });

  it('when polls run, then items land in their feed shard; a worker on shards [0, 2] leaves shard 1 waiting; with all served every item is one record', async () => {
    const { feeds, byShard, duplicatePair } = await startFeeds();
    context = await createTestContext(feeds, { shards: SHARDS });
    const itemsPerFeed = (feedId: string) => ITEMS_PER_FEED + (duplicatePair.includes(feedId) ? 1 : 0);

    // 1. Fetch workers only (all shards): every poll's items wait in the items queue of the feed's shard.
    // Services run on sibling contexts: closing a service closes its context, and the test keeps reading through this one.
    const fetcher = await startService(await siblingContext(context), { queues: ['fetch'], scheduler: false, api: false });
    services.push(fetcher);
    await enqueuePolls(context, feeds, 'one');
    await waitForPollsDone(context, [0, 1, 2], feeds.length);
    for (const shard of context.queues.shards) {
      const waiting = await shard.items.getJobs(['waiting'], 0, -1);
      const shardFeeds = byShard.get(shard.shard)!;
      expect(waiting.map((job) => job.data.feed.id).sort(), `items of shard ${shard.shard}`)
        .toEqual(shardFeeds.flatMap((feed) => new Array<string>(itemsPerFeed(feed.id)).fill(feed.id)).sort());
    }
    await fetcher.close(2_000);
    services.splice(services.indexOf(fetcher), 1);

    // 2. A worker serving shards 0 and 2 only.
    const partialContext = await siblingContext(context);
    const partial = await startService(partialContext, { queues: ['fetch', 'items'], scheduler: false, api: false, shards: [0, 2] });
    services.push(partial);
    expect(new Set(partial.workers.map((worker) => worker.opts.prefix))).toEqual(new Set([context.queues.shards[0]!.prefix, context.queues.shards[2]!.prefix]));
    const registered = await waitFor('worker registered', async () => {
      const live = await readWorkers(context!.redis, context!.keys);
      return live.length === 1 ? live[0] : undefined;
    });
    expect(registered.shards).toEqual([0, 2]);
    const servedFeeds = [...byShard.get(0)!, ...byShard.get(2)!];
    const servedCount = servedFeeds.reduce((sum, feed) => sum + itemsPerFeed(feed.id), 0);
    await waitFor(`${servedCount} records of shards 0 and 2`, async () => (await readNdjsonRecords(context!.dataDir)).length >= servedCount);
    // Give a wrongly served shard 1 time to show up before judging that it did not.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const partialRecords = await readNdjsonRecords(context.dataDir);
    expect(new Set(partialRecords.map((record) => record.feed.id))).toEqual(new Set(servedFeeds.map((feed) => feed.id)));
    expect(partialRecords).toHaveLength(servedCount);
    const shard1Count = byShard.get(1)!.reduce((sum, feed) => sum + itemsPerFeed(feed.id), 0);
    expect(await context.queues.shards[1]!.items.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: shard1Count, active: 0, completed: 0 });
    // Polls of shard 1 are not taken either.
    await enqueuePolls(context, byShard.get(1)!, 'two');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await context.queues.shards[1]!.fetch.getJobCounts('waiting')).waiting).toBe(byShard.get(1)!.length);

    // 3. A second worker serving shard 1: everything drains, every item is exactly one record.
    const restContext = await siblingContext(context);
    services.push(await startService(restContext, { queues: ['fetch', 'items'], scheduler: false, api: false, shards: [1] }));
    const expected = expectedRecordIds(feeds, duplicatePair);
    await waitFor('every item recorded', async () => (await readNdjsonRecords(context!.dataDir)).length >= expected.size);
    await waitForPollsDone(context, [1], byShard.get(1)!.length * 2);
    await waitFor('items queues drained', async () => {
      for (const shard of context!.queues.shards) {
        const counts = await shard.items.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((count) => count > 0)) return false;
      }
      return true;
    });
    const records = await readNdjsonRecords(context.dataDir);
    const ids = records.map((record) => record.id);
    expect(ids).toHaveLength(expected.size);
    expect(new Set(ids)).toEqual(expected);
    const streamIds = await readStreamIds(context);
    expect(streamIds).toHaveLength(expected.size);
    expect(new Set(streamIds)).toEqual(expected);
    for (const shard of context.queues.shards) {
      const completed = (await shard.items.getJobCounts('completed')).completed;
      expect(completed, `items completed in shard ${shard.shard}`).toBe(byShard.get(shard.shard)!.reduce((sum, feed) => sum + itemsPerFeed(feed.id), 0));
    }
    // The shared story crossed shards: the one index still sees it, one original (shard 0, processed first) and one duplicate.
    const shared = records.filter((record) => record.guid === SHARED_STORY.guid);
    const original = shared.find((record) => record.dedup.duplicateOf === null);
    expect(original?.feed.id).toBe(duplicatePair[0]);
    expect(shared.find((record) => record.feed.id === duplicatePair[1])?.dedup.duplicateOf).toBe(original!.id);
  });

  it('when a poll of a feed arrives on another shard fetch queue (left from before a rebalance), then its items go to the feed own shard', async () => {
    const { feeds, byShard, duplicatePair } = await startFeeds();
    context = await createTestContext(feeds, { shards: SHARDS });
    const feed = byShard.get(1)!.find((candidate) => !duplicatePair.includes(candidate.id))!;
    services.push(await startService(await siblingContext(context), { queues: ['fetch'], scheduler: false, api: false }));
    await context.queues.shards[0]!.fetch.add(JOB_POLL, { feed }, { jobId: `poll-stray-${feed.id}` });
    await waitForPollsDone(context, [0], 1);
    const waitingPerShard = await Promise.all(context.queues.shards.map(async (shard) => (await shard.items.getJobCounts('waiting')).waiting));
    expect(waitingPerShard).toEqual([0, ITEMS_PER_FEED, 0]);
  });
});
