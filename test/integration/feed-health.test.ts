import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { fetchFeed } from '../../src/fetch/http-fetcher.ts';
import { RedisFeedStateStore, RedisSeenItemsStore } from '../../src/feed-state/index.ts';
import { setFeedDisabled } from '../../src/feed-health/feed-controls.ts';
import { pollFeed, type PollFeedDeps } from '../../src/pipeline/poll-feed.ts';
import { RedisHostPoliteness } from '../../src/politeness/host-politeness.ts';
import { JOB_POLL } from '../../src/queue/names.ts';
import type { FeedConfig } from '../../src/model/index.ts';
import { startFetchWorker } from '../../workers/fetch-worker.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed } from '../helpers/feed-builders.ts';

const RSS = 'application/rss+xml';
const POLICY = { minIntervalSeconds: 600, maxIntervalSeconds: 2_400, backoffCapSeconds: 86_400 };
const body = (guid: string) => rssFeed('Feed', [{ guid, title: `Item ${guid}`, description: 'Ukraine says North Korean engineers were sent to Russia.' }]);

let server: FixtureFeedServer;
let context: TestContext;

beforeAll(async () => {
  server = await startFixtureFeedServer([]);
  context = await createTestContext();
});
afterAll(async () => {
  await context.cleanup();
  await server.close();
});

function depsAt(clock: { now: Date }, extra: Partial<PollFeedDeps> = {}): PollFeedDeps {
  return {
    fetchFeed,
    state: new RedisFeedStateStore(context.redis, context.keys),
    seen: new RedisSeenItemsStore(context.redis, context.keys, 86_400_000),
    enqueueItems: async () => {},
    fetchSettings: { connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, maxBodyBytes: 1_000_000, maxRedirects: 5, userAgent: 'test' },
    now: () => clock.now,
    scheduled: true,
    policy: POLICY,
    ...extra,
  };
}

const secondsAfter = (from: Date, iso: string | undefined): number => (Date.parse(iso ?? '') - from.getTime()) / 1_000;

describe('backoff, Retry-After, 410, redirects and recovery through pollFeed', () => {
  it('when a feed answers 500 repeatedly, then it backs off exponentially, shows failing, skips polls until due, and recovers on success', async () => {
    const feed = feedConfig('flaky', `${server.url}/flaky.xml`, 600);
    server.setRoute({ path: '/flaky.xml', status: 500, body: 'boom', contentType: 'text/plain' });
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const deps = depsAt(clock);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await pollFeed(feed, deps);
      expect(result.outcome).toBe('error');
      delays.push(secondsAfter(clock.now, result.nextPollAt));
      // A scheduled poll before the due time costs no HTTP.
      const hits = server.hits('/flaky.xml');
      clock.now = new Date(clock.now.getTime() + 600_000);
      const early = await pollFeed(feed, deps);
      if (delays.at(-1)! > 600 + 150) {
        expect(early).toMatchObject({ outcome: 'skipped', skipReason: 'not-due' });
        expect(server.hits('/flaky.xml')).toBe(hits);
      }
      clock.now = new Date(Date.parse(result.nextPollAt!));
    }
    expect(delays).toEqual([1_200, 2_400, 4_800]);
    const failing = await deps.state.get(feed.id);
    expect(failing).toMatchObject({ status: 'failing', lastErrorKind: 'http_5xx', backoffLevel: 3 });
    server.setRoute({ path: '/flaky.xml', body: body('a'), contentType: RSS });
    const recovered = await pollFeed(feed, deps);
    expect(recovered.outcome).toBe('new-items');
    expect(secondsAfter(clock.now, recovered.nextPollAt)).toBe(600);
    expect(await deps.state.get(feed.id)).toMatchObject({ status: 'ok', backoffLevel: 0, consecutiveFailures: 0 });
  });

  it('when a feed answers 410 Gone, then the next poll is at the cap and it stays failing (not disabled)', async () => {
    const feed = feedConfig('gone', `${server.url}/gone.xml`, 600);
    server.setRoute({ path: '/gone.xml', status: 410, body: 'gone', contentType: 'text/plain' });
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const result = await pollFeed(feed, depsAt(clock));
    expect(secondsAfter(clock.now, result.nextPollAt)).toBe(86_400);
    const state = await new RedisFeedStateStore(context.redis, context.keys).get(feed.id);
    expect(state).toMatchObject({ status: 'failing', lastErrorKind: 'gone' });
    expect(state.disabled).toBeUndefined();
  });

  it.each([
    [429, '7200', 7_200],
    [503, '3000', 3_000],
  ])('when a feed answers %i with Retry-After %s, then the next poll honours it', async (status, retryAfter, delay) => {
    const path = `/limited-${status}.xml`;
    const feed = feedConfig(`limited-${status}`, `${server.url}${path}`, 600);
    server.setRoute({ path, status, body: 'slow down', contentType: 'text/plain', headers: { 'retry-after': retryAfter } });
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const result = await pollFeed(feed, depsAt(clock));
    expect(result.outcome).toBe('error');
    expect(secondsAfter(clock.now, result.nextPollAt)).toBe(delay);
  });

  it('when a feed moved permanently (301), then the new URL is stored and used by later polls', async () => {
    const feed = feedConfig('moved', `${server.url}/old.xml`, 600);
    server.setRoute({ path: '/old.xml', status: 301, body: '', contentType: 'text/plain', headers: { location: '/new.xml' } });
    server.setRoute({ path: '/new.xml', body: body('m1'), contentType: RSS });
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const deps = depsAt(clock, { scheduled: false });
    const first = await pollFeed(feed, deps);
    expect(first.redirectedTo).toBe(`${server.url}/new.xml`);
    expect((await deps.state.get(feed.id)).urlOverride).toBe(`${server.url}/new.xml`);
    const oldHits = server.hits('/old.xml');
    const second = await pollFeed(feed, deps);
    expect(second.redirectedTo).toBeUndefined();
    expect(server.hits('/old.xml')).toBe(oldHits);
  });

  it('when a feed is disabled, then polls skip it without HTTP until it is enabled', async () => {
    const feed = feedConfig('switched', `${server.url}/switched.xml`, 600);
    server.setRoute({ path: '/switched.xml', body: body('s1'), contentType: RSS });
    const deps = depsAt({ now: new Date() }, { scheduled: false });
    await setFeedDisabled(context.redis, context.keys, feed.id, true);
    expect(await pollFeed(feed, deps)).toMatchObject({ outcome: 'skipped', skipReason: 'disabled' });
    expect(server.hits('/switched.xml')).toBe(0);
    expect((await deps.state.get(feed.id)).disabled).toBe(true);
    await setFeedDisabled(context.redis, context.keys, feed.id, false);
    expect((await pollFeed(feed, deps)).outcome).toBe('new-items');
  });

  it('when the feed declares <ttl>, then a healthy feed is next polled after it (within the bounds)', async () => {
    const feed = feedConfig('ttl', `${server.url}/ttl.xml`, 600);
    server.setRoute({ path: '/ttl.xml', body: body('t1').replace('<channel>', '<channel><ttl>30</ttl>'), contentType: RSS });
    const clock = { now: new Date('2025-01-01T00:00:00Z') };
    const result = await pollFeed(feed, depsAt(clock, { scheduled: false }));
    expect(result.outcome).toBe('new-items');
    expect(secondsAfter(clock.now, result.nextPollAt)).toBe(1_800);
  });
});

describe('per-host politeness', () => {
  let hostServer: Server;
  let hostUrl = '';
  const starts: Array<{ path: string; at: number }> = [];
  let extra: TestContext | undefined;

  beforeAll(async () => {
    hostServer = createServer((req, res) => {
      starts.push({ path: req.url ?? '', at: Date.now() });
      res.writeHead(200, { 'content-type': RSS });
      res.end(body(req.url ?? 'x'));
    });
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(hostServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hostServer.close(resolve));
  });
  afterEach(async () => {
    await extra?.cleanup();
    extra = undefined;
  });

  it('when the gap is taken, then acquire says how long to wait; concurrency is capped and released', async () => {
    const gate = new RedisHostPoliteness(context.redis, context.keys, { minGapMs: 300, maxConcurrent: 1, slotTtlMs: 5_000 });
    const first = await gate.acquire(`${hostUrl}/a`);
    expect(first.acquired).toBe(true);
    const second = await gate.acquire(`${hostUrl}/b`);
    expect(second).toMatchObject({ acquired: false });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await gate.acquire(`${hostUrl}/b`)).toMatchObject({ acquired: false, reason: 'concurrency' });
    if (first.acquired) await first.release();
    expect((await gate.acquire(`${hostUrl}/b`)).acquired).toBe(true);
    const otherHost = await gate.acquire('http://localhost:1/c');
    expect(otherHost.acquired).toBe(true);
  });

  it('when two feeds on one host are polled at once, then fetch starts are at least the gap apart and the delayed job keeps its attempts', async () => {
    const feeds: FeedConfig[] = [feedConfig('host-a', `${hostUrl}/a.xml`, 600), feedConfig('host-b', `${hostUrl}/b.xml`, 600)];
    extra = await createTestContext(feeds, { fetch: { allowPrivateNetworks: true, hostMinGapMs: 700, hostMaxConcurrent: 2 } });
    const worker = startFetchWorker(extra);
    try {
      starts.length = 0;
      const jobs = await Promise.all(feeds.map((feed) => extra!.queues.fetch.add(JOB_POLL, { feed }, { jobId: `manual-${feed.id}` })));
      await waitFor('both polls completed', async () => (await extra!.queues.fetch.getCompletedCount()) === 2, 10_000);
      expect(starts.map((start) => start.path).sort()).toEqual(['/a.xml', '/b.xml']);
      const gap = Math.abs(starts[1]!.at - starts[0]!.at);
      // The gate spaces fetch starts; arrival at the server adds connection jitter on a busy machine.
      expect(gap).toBeGreaterThanOrEqual(550);
      const finished = await Promise.all(jobs.map((job) => extra!.queues.fetch.getJob(job.id!)));
      for (const job of finished) {
        // One attempt each (the fetch queue allows only one): the wait for the host did not count.
        expect(job?.attemptsMade).toBe(1);
        expect(job?.returnvalue).toMatchObject({ outcome: 'new-items' });
      }
      // One of them really was sent back to delayed and started again.
      expect(Math.max(...finished.map((job) => job?.attemptsStarted ?? 0))).toBeGreaterThanOrEqual(2);
      expect(await extra.queues.fetch.getFailedCount()).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
