import { afterEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { startFixtureFeedSet, type FixtureFeedSet } from './helpers/fixture-feed-set.ts';
import { createSitrepRun, type SitrepProcess, type SitrepRun } from './helpers/sitrep-process.ts';
import { expectExactlyOnce } from './helpers/sink-records.ts';
import { seededRandom, sleep, waitUntil } from './helpers/wait.ts';

const WORKER_READY = /queues \[/;

let feedSet: FixtureFeedSet | undefined;
let run: SitrepRun | undefined;
let redis: Redis | undefined;

afterEach(async () => {
  await run?.cleanup();
  await feedSet?.close();
  if (redis && run) {
    const keys = await redis.keys(`${run.prefix}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
  }
  await redis?.quit();
  run = undefined;
  feedSet = undefined;
  redis = undefined;
});

async function countStalledEvents(client: Redis, prefix: string): Promise<number> {
  let stalled = 0;
  for (const queue of ['fetch', 'items']) {
    const events = await client.xrange(`${prefix}:${queue}:events`, '-', '+');
    stalled += events.filter(([, fields]) => fields[1] === 'stalled').length;
  }
  return stalled;
}

async function scheduleFeeds(activeRun: SitrepRun): Promise<void> {
  const scheduler = activeRun.spawn(['scheduler', '--once'], { name: 'scheduler' });
  const { code } = await scheduler.exited;
  expect(code, scheduler.output()).toBe(0);
}

describe('process faults', () => {
  it('when workers are SIGKILLed several times at seeded random points, then stalled jobs re-run and every served item becomes exactly one record in NDJSON and the stream', async () => {
    redis = new Redis(inject('redisUrl'));
    feedSet = await startFixtureFeedSet({ feeds: 8, itemsPerFeed: 25, initialItems: 3 });
    run = await createSitrepRun({ redisUrl: inject('redisUrl'), feeds: feedSet.feeds });
    await scheduleFeeds(run);
    const workers: SitrepProcess[] = [run.spawn(['worker'], { name: 'worker-a0' }), run.spawn(['worker'], { name: 'worker-b0' })];
    await Promise.all(workers.map((worker) => worker.waitForOutput(WORKER_READY)));

    const random = seededRandom(20_241_016);
    const kills: Array<{ atMs: number; victim: string }> = [];
    const startedAt = Date.now();
    for (let round = 0; round < 6; round++) {
      feedSet.reveal(4);
      // Kill mid-run: once items are being processed, after a seeded random extra delay.
      await waitUntil('items in flight', async () => (await redis!.llen(`${run!.prefix}:items:active`)) > 0 || (await redis!.llen(`${run!.prefix}:items:wait`)) > 0, 15_000, 20);
      await sleep(Math.floor(random() * 300));
      // Items now drain in tens of ms: make sure the kill lands while jobs are active, not after the round.
      await waitUntil('items active', async () => (await redis!.llen(`${run!.prefix}:items:active`)) > 0 || (await redis!.llen(`${run!.prefix}:fetch:active`)) > 0, 15_000, 2);
      const index = random() < 0.5 ? 0 : 1;
      const victim = workers[index]!;
      victim.kill('SIGKILL');
      await victim.exited;
      kills.push({ atMs: Date.now() - startedAt, victim: victim.name });
      workers[index] = run.spawn(['worker'], { name: `worker-${index === 0 ? 'a' : 'b'}${round + 1}` });
    }
    while (!feedSet.complete()) {
      feedSet.reveal(4);
      await sleep(300);
    }
    expect(kills).toHaveLength(6);
    await expectExactlyOnce(feedSet.servedIds(), run, redis);
    // The kills did hit running jobs: BullMQ's stalled check moved some back to waiting.
    const stalled = await countStalledEvents(redis, run.prefix);
    console.info(`SIGKILL run: kills ${JSON.stringify(kills)}, stalled jobs re-run ${stalled}`);
    expect(stalled).toBeGreaterThan(0);
    expect(feedSet.servedIds().size).toBe(200);
  });

  it('when a worker gets SIGTERM with polls in flight, then it drains them, closes its connections and exits 0 quickly', async () => {
    redis = new Redis(inject('redisUrl'));
    feedSet = await startFixtureFeedSet({ feeds: 3, itemsPerFeed: 5, initialItems: 5, intervalSeconds: 3_600 });
    // Every poll takes 2 s: SIGTERM lands while they are active.
    for (const feed of feedSet.feeds) {
      const route = feed.url.slice(feedSet.server.url.length);
      feedSet.server.setRoute({ path: route, body: (await fetch(feed.url).then((response) => response.text())), contentType: 'application/rss+xml', delayMs: 2_000 });
    }
    run = await createSitrepRun({ redisUrl: inject('redisUrl'), feeds: feedSet.feeds });
    await scheduleFeeds(run);
    const worker = run.spawn(['worker'], { name: 'worker' });
    await worker.waitForOutput(WORKER_READY);
    await waitUntil('polls in flight', async () => (await redis!.llen(`${run!.prefix}:fetch:active`)) >= 1, 10_000, 50);
    const signalledAt = Date.now();
    worker.kill('SIGTERM');
    const exit = await worker.exited;
    const drainMs = Date.now() - signalledAt;
    expect(exit, worker.output().slice(-2_000)).toEqual({ code: 0, signal: null });
    expect(drainMs).toBeLessThan(10_000);
    expect(worker.output()).toContain('shutting down: draining active jobs');
    // The in-flight polls completed (not abandoned as stalled): their feeds recorded a success.
    for (const feed of feedSet.feeds) {
      expect(await redis.hget(`${run.prefix}:feed:${feed.id}`, 'lastSuccessAt'), feed.id).toBeTruthy();
    }
    expect(await redis.llen(`${run.prefix}:fetch:active`)).toBe(0);
    // A new worker picks up the enqueued items: nothing was lost to the shutdown.
    run.spawn(['worker'], { name: 'worker-2' });
    await expectExactlyOnce(feedSet.servedIds(), run, redis);
  });
});
