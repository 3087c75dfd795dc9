import { afterEach, describe, expect, it } from 'vitest';
import { reconcileFeedSchedulers } from '../../src/queue/schedule-feeds.ts';
import { createTestContext, feedConfig, type TestContext } from '../helpers/test-context.ts';

describe('reconcileFeedSchedulers', () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.cleanup();
    context = undefined;
  });

  it('when feeds are added, changed and removed, then the job schedulers follow the file', async () => {
    context = await createTestContext();
    const { fetch } = context.queues;
    const first = [feedConfig('a', 'https://a.example/rss', 600), feedConfig('b', 'https://b.example/rss', 60)];
    const result = await reconcileFeedSchedulers(fetch, context.redis, context.keys, first);
    expect(result).toEqual({ acquired: true, upserted: 2, removed: [] });
    let schedulers = await fetch.getJobSchedulers(0, -1);
    expect(Object.fromEntries(schedulers.map((s) => [s.key, s.every]))).toEqual({ a: 600_000, b: 60_000 });
    expect(schedulers.find((s) => s.key === 'a')?.template?.data?.feed.url).toBe('https://a.example/rss');

    const second = [feedConfig('a', 'https://a.example/rss', 120), feedConfig('c', 'https://c.example/rss', 300)];
    const again = await reconcileFeedSchedulers(fetch, context.redis, context.keys, second);
    expect(again.removed).toEqual(['b']);
    schedulers = await fetch.getJobSchedulers(0, -1);
    expect(Object.fromEntries(schedulers.map((s) => [s.key, s.every]))).toEqual({ a: 120_000, c: 300_000 });
    expect((await context.redis.smembers(context.keys.feeds())).sort()).toEqual(['a', 'c']);
    // Removing a scheduler also removes its pending job: only a and c have one.
    const delayed = await fetch.getJobs(['delayed', 'waiting']);
    expect(new Set(delayed.map((job) => job.data.feed.id))).toEqual(new Set(['a', 'c']));
  });

  it('when several processes reconcile at once, then exactly one does the work', async () => {
    context = await createTestContext();
    const feeds = [feedConfig('a', 'https://a.example/rss'), feedConfig('b', 'https://b.example/rss')];
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      reconcileFeedSchedulers(context!.queues.fetch, context!.redis, context!.keys, feeds)));
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    expect(await context.queues.fetch.getJobSchedulersCount()).toBe(2);
    // The lock is released afterwards, so a later start reconciles again.
    expect((await reconcileFeedSchedulers(context.queues.fetch, context.redis, context.keys, feeds)).acquired).toBe(true);
  });
});
