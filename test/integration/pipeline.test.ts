import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import { readFeedStatuses } from '../../src/app/status.ts';
import type { FeedConfig, SitrepRecord } from '../../src/model/index.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed } from '../helpers/feed-builders.ts';
import { pollNow, readNdjsonRecords, readStreamIds } from '../helpers/sink-records.ts';

const TROOPS = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\u2019s 11th Separate Airborne Assault Brigade.';
const DESERTED = 'There are reports that at least 18 of the North Korean soldiers sent to Ukraine have already deserted from the Russian lines.';
const ENGINEERS = 'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.';
const RELATIONSHIP = 'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.';

async function waitForPolls(context: TestContext, feeds: FeedConfig[], count: number): Promise<void> {
  await waitFor(`${count} completed polls`, async () => ((await context.queues.fetch.getJobCounts('completed')).completed ?? 0) >= count);
  await waitFor('items drained', async () => {
    const counts = await context.queues.items.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((count) => count === 0);
  });
  void feeds;
}

describe('pipeline over real queues, Redis and HTTP', () => {
  let server: FixtureFeedServer | undefined;
  let context: TestContext | undefined;
  let service: RunningService | undefined;

  afterEach(async () => {
    await service?.close(2_000);
    service = undefined;
    await server?.close();
    server = undefined;
    await context?.cleanup();
    context = undefined;
  });

  it('when a feed is polled twice, then the first poll makes records and a 304 poll makes none', async () => {
    server = await startFixtureFeedServer([{ path: '/a.xml', contentType: 'application/rss+xml; charset=utf-8', body: rssFeed('Alpha', [
      { guid: 'a1', title: 'North Korean troops to join Buryat battalion', description: TROOPS },
      { guid: 'a2', title: 'Deserters reported', description: DESERTED },
    ]) }]);
    const feeds = [feedConfig('alpha', `${server.url}/a.xml`)];
    context = await createTestContext(feeds);
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await pollNow(context, feeds, 'first');
    await waitForPolls(context, feeds, 1);
    const first = await readNdjsonRecords(context.dataDir);
    expect(first.map((record) => record.title).sort()).toEqual(['Deserters reported', 'North Korean troops to join Buryat battalion']);
    const troops = first.find((record) => record.guid === 'a1')!;
    expect(troops.schema).toBe('sitrep.record/v1');
    expect(troops.feed.id).toBe('alpha');
    expect(troops.snippet).toContain('3,000 North Korean troops');
    expect(troops.dedup.duplicateOf).toBeNull();
    expect(troops.entities.countries.map((country) => country.iso2)).toEqual(expect.arrayContaining(['KP', 'RU']));
    for (const country of troops.entities.countries) {
      for (const mention of country.mentions) {
        const source = mention.field === 'title' ? troops.title : troops.snippet;
        expect(source.slice(mention.start, mention.end)).toBe(mention.text);
      }
    }

    await pollNow(context, feeds, 'second');
    await waitForPolls(context, feeds, 2);
    expect(server.lastRequestHeaders('/a.xml')?.['if-none-match']).toBeTruthy();
    expect((await readNdjsonRecords(context.dataDir)).length).toBe(2);
    const [status] = await readFeedStatuses(context);
    expect(status).toMatchObject({ id: 'alpha', status: 'ok', itemCount: 2, consecutiveFailures: 0 });
    expect(await context.redis.hget(context.keys.feedState('alpha'), 'lastPollOutcome')).toBe('not-modified');
  });

  it('when a feed changes without valid validators, then only its new items become records', async () => {
    server = await startFixtureFeedServer([{ path: '/b.xml', contentType: 'application/rss+xml', body: rssFeed('Beta', [
      { guid: 'b1', title: 'Engineers', description: ENGINEERS },
    ]) }]);
    const feeds = [feedConfig('beta', `${server.url}/b.xml`)];
    context = await createTestContext(feeds);
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await pollNow(context, feeds, 'one');
    await waitForPolls(context, feeds, 1);
    server.setRoute({ path: '/b.xml', contentType: 'application/rss+xml', body: rssFeed('Beta', [
      { guid: 'b2', title: 'Relationship', description: RELATIONSHIP },
      { guid: 'b1', title: 'Engineers', description: ENGINEERS },
    ]) });
    await pollNow(context, feeds, 'two');
    await waitForPolls(context, feeds, 2);
    const records = await readNdjsonRecords(context.dataDir);
    expect(records.map((record) => record.guid).sort()).toEqual(['b1', 'b2']);
    expect(new Set(await readStreamIds(context))).toEqual(new Set(records.map((record) => record.id)));
  });

  it('when the same item is in two feeds, then there is one original and one duplicate pointing at it', async () => {
    const body = (title: string) => rssFeed(title, [{ guid: 'same-1', title: 'Troops', description: TROOPS }]);
    server = await startFixtureFeedServer([
      { path: '/one.xml', contentType: 'application/rss+xml', body: body('One') },
      { path: '/two.xml', contentType: 'application/rss+xml', body: body('Two') },
    ]);
    const feeds = [feedConfig('one', `${server.url}/one.xml`), feedConfig('two', `${server.url}/two.xml`)];
    context = await createTestContext(feeds);
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await pollNow(context, feeds, 'dup');
    await waitForPolls(context, feeds, 2);
    const records = await readNdjsonRecords(context.dataDir);
    expect(records).toHaveLength(2);
    const originals = records.filter((record) => record.dedup.duplicateOf === null);
    const duplicates = records.filter((record) => record.dedup.duplicateOf !== null);
    expect(originals).toHaveLength(1);
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]!.dedup.duplicateOf).toBe(originals[0]!.id);
    expect(duplicates[0]!.dedup.cluster).toBe(originals[0]!.id);
    expect(records[0]!.id).not.toBe(records[1]!.id);
    expect(Math.max(...records.map((record) => record.dedup.sources))).toBe(2);
  });

  it('when one feed answers 500 and another invalid XML, then both are failing with the reason and a good feed still flows', async () => {
    server = await startFixtureFeedServer([
      { path: '/good.xml', contentType: 'application/rss+xml', body: rssFeed('Good', [{ guid: 'g1', title: 'Engineers', description: ENGINEERS }]) },
      { path: '/error.xml', contentType: 'application/rss+xml', body: 'server exploded', status: 500 },
      { path: '/broken.xml', contentType: 'application/rss+xml', body: '<html><body><p>Broken</p></body>' },
    ]);
    const feeds = [
      feedConfig('good', `${server.url}/good.xml`),
      feedConfig('error', `${server.url}/error.xml`),
      feedConfig('broken', `${server.url}/broken.xml`),
    ];
    context = await createTestContext(feeds);
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await pollNow(context, feeds, 'faults');
    await waitForPolls(context, feeds, 3);
    expect((await readNdjsonRecords(context.dataDir)).map((record) => record.feed.id)).toEqual(['good']);
    const statuses = Object.fromEntries((await readFeedStatuses(context)).map((status) => [status.id, status]));
    expect(statuses.good).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(statuses.error).toMatchObject({ status: 'failing', consecutiveFailures: 1, lastErrorKind: 'http_5xx' });
    expect(statuses.error!.lastError).toContain('500');
    expect(statuses.broken).toMatchObject({ status: 'failing', lastErrorKind: 'parse' });
    expect(statuses.broken!.lastError).toMatch(/unparseable feed: .+/);
  });

  it('when an item job fails after the NDJSON write and is retried, then its record id is written once', async () => {
    server = await startFixtureFeedServer([{ path: '/r.xml', contentType: 'application/rss+xml', body: rssFeed('Retry', [
      { guid: 'r1', title: 'Troops', description: TROOPS },
      { guid: 'r2', title: 'Deserted', description: DESERTED },
    ]) }]);
    const feeds = [feedConfig('retry', `${server.url}/r.xml`)];
    context = await createTestContext(feeds);
    const { startItemsWorker, createSinks } = await import('../../workers/items-worker.ts');
    const { startFetchWorker } = await import('../../workers/fetch-worker.ts');
    // A real sink chain whose last member fails each record's first attempt, after the NDJSON and
    // stream sinks have written: BullMQ retries the job and the earlier sinks must not write again.
    const failedOnce = new Set<string>();
    const sinks = [...createSinks(context), {
      name: 'flaky',
      write: async (record: SitrepRecord) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (!failedOnce.has(record.id)) {
          failedOnce.add(record.id);
          throw new Error('flaky sink: first attempt fails');
        }
        return true;
      },
      close: async () => {},
    }];
    const workers: Worker[] = [startItemsWorker(context, sinks), startFetchWorker(context)];
    try {
      await pollNow(context, feeds, 'retry');
      await waitFor('both items completed after a retry', async () => ((await context!.queues.items.getJobCounts('completed')).completed ?? 0) >= 2);
      const records = await readNdjsonRecords(context.dataDir);
      expect(records.map((record) => record.guid).sort()).toEqual(['r1', 'r2']);
      expect(failedOnce.size).toBe(2);
      const ids = await readStreamIds(context);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      const jobs = await context.queues.items.getJobs(['completed']);
      expect(jobs.every((job) => job.attemptsMade === 2)).toBe(true);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
  });
});
