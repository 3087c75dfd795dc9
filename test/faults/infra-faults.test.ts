import { execFileSync } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { startFixtureFeedSet, type FixtureFeedSet } from './helpers/fixture-feed-set.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';
import { createSitrepRun, faultSettings, logLines, type SitrepProcess, type SitrepRun } from './helpers/sitrep-process.ts';
import { expectExactlyOnce, readSinkIds } from './helpers/sink-records.ts';
import { sleep, waitUntil } from './helpers/wait.ts';

const WORKER_READY = /queues \[/;
const SERVING = /sitrep serving on (http:\/\/\S+)/;

let feedSet: FixtureFeedSet | undefined;
let run: SitrepRun | undefined;
let privateRedis: PrivateRedis | undefined;
let sharedClient: Redis | undefined;
let unmount: (() => void) | undefined;

afterEach(async () => {
  // Unmount first (lazily: a killed worker may still hold the file) so the run's temp dir can be removed.
  unmount?.();
  await run?.cleanup();
  await feedSet?.close();
  await privateRedis?.close();
  if (sharedClient && run) {
    const keys = await sharedClient.keys(`${run.prefix}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await sharedClient.del(...keys.slice(i, i + 1_000));
  }
  await sharedClient?.quit();
  run = undefined;
  feedSet = undefined;
  privateRedis = undefined;
  sharedClient = undefined;
  unmount = undefined;
});

async function startAll(activeRun: SitrepRun, name = 'start'): Promise<{ process: SitrepProcess; url: string }> {
  const started = activeRun.spawn(['start', '--http-port', '0'], { name });
  await started.waitForOutput(WORKER_READY);
  const url = SERVING.exec(started.output())![1]!;
  return { process: started, url };
}

async function readyStatus(url: string): Promise<number> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

/** Reveals the rest of the feed set a few items at a time while `during` runs. */
async function revealAll(set: FixtureFeedSet, stepMs = 300): Promise<void> {
  for (let step = 0; step < 1_000 && !set.complete(); step++) {
    set.reveal(3);
    await sleep(stepMs);
  }
}

describe('infrastructure faults', () => {
  it('when Redis (AOF on) restarts mid-run, then the workers and the scheduler reconnect and every served item becomes exactly one record', async () => {
    privateRedis = await startPrivateRedis();
    feedSet = await startFixtureFeedSet({ feeds: 6, itemsPerFeed: 20, initialItems: 3 });
    run = await createSitrepRun({ redisUrl: privateRedis.url, feeds: feedSet.feeds });
    const { process: sitrep, url } = await startAll(run);
    await waitUntil('first records', async () => (await privateRedis!.client.xlen(`${run!.prefix}:records`)) > 0, 20_000);
    feedSet.reveal(3);
    await privateRedis.stop();
    await privateRedis.start();
    await revealAll(feedSet);
    await expectExactlyOnce(feedSet.servedIds(), run, privateRedis.client);
    expect(sitrep.isRunning()).toBe(true);
    expect(await readyStatus(url)).toBe(200);
  });

  it('when Redis is unreachable for 30 s, then sitrep stays up, logs it clearly, reports not ready, and recovers after', async () => {
    privateRedis = await startPrivateRedis();
    feedSet = await startFixtureFeedSet({ feeds: 4, itemsPerFeed: 15, initialItems: 3 });
    run = await createSitrepRun({ redisUrl: privateRedis.url, feeds: feedSet.feeds });
    const { process: sitrep, url } = await startAll(run);
    await waitUntil('ready', async () => (await readyStatus(url)) === 200, 20_000);
    await waitUntil('first records', async () => (await privateRedis!.client.xlen(`${run!.prefix}:records`)) > 0, 20_000);
    const pid = sitrep.child.pid;
    const downAt = Date.now();
    await privateRedis.stop();
    feedSet.reveal(5);
    await waitUntil('readyz 503 while Redis is down', async () => (await readyStatus(url)) === 503, 10_000, 250);
    await waitUntil('a clear log line', () => logLines(sitrep.output()).some((line) => line.msg === 'redis unreachable; work paused until it is back'), 10_000);
    // Stay down 30 s in all (the figure), checking the process stays up and not ready all along.
    while (Date.now() - downAt < 30_000) {
      expect(sitrep.isRunning()).toBe(true);
      expect(await readyStatus(url)).toBe(503);
      await sleep(2_000);
    }
    await privateRedis.start();
    await waitUntil('ready again', async () => (await readyStatus(url)) === 200, 20_000, 250);
    expect(sitrep.child.pid).toBe(pid);
    expect(sitrep.isRunning()).toBe(true);
    expect(logLines(sitrep.output()).some((line) => line.msg === 'redis reachable again; resuming')).toBe(true);
    // Not a log flood: reconnect attempts are summarised, not logged per connection per retry.
    const unreachableLines = logLines(sitrep.output()).filter((line) => /redis/i.test(String(line.msg)) && line.level === 50);
    expect(unreachableLines.length).toBeLessThan(20);
    await revealAll(feedSet);
    await expectExactlyOnce(feedSet.servedIds(), run, privateRedis.client);
  }, 120_000);

  it('when Redis runs out of memory (noeviction), then the logs say so, work pauses, and after memory is raised every item becomes exactly one record', async () => {
    privateRedis = await startPrivateRedis();
    feedSet = await startFixtureFeedSet({ feeds: 5, itemsPerFeed: 20, initialItems: 3 });
    run = await createSitrepRun({ redisUrl: privateRedis.url, feeds: feedSet.feeds });
    const scheduler = run.spawn(['scheduler', '--once'], { name: 'scheduler' });
    expect((await scheduler.exited).code, scheduler.output()).toBe(0);
    const worker = run.spawn(['worker'], { name: 'worker' });
    await worker.waitForOutput(WORKER_READY);
    const client = privateRedis.client;
    await waitUntil('first records', async () => (await client.xlen(`${run!.prefix}:records`)) > 0, 20_000);
    const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    // Below what is in use: every write is refused from now on.
    await client.config('SET', 'maxmemory', String(Math.floor(used / 2)));
    feedSet.reveal(5);
    await waitUntil('an OOM error in the logs', () => /OOM command not allowed/.test(worker.output()), 20_000, 250);
    const recordsAtOom = await client.xlen(`${run.prefix}:records`);
    // Paused: nothing more gets written while Redis refuses writes.
    await sleep(2_000);
    expect(await client.xlen(`${run.prefix}:records`)).toBe(recordsAtOom);
    expect(worker.isRunning()).toBe(true);
    await client.config('SET', 'maxmemory', '0');
    await revealAll(feedSet);
    await expectExactlyOnce(feedSet.servedIds(), run, client);
  });

  it('when the NDJSON sink disk is full, then item jobs fail and retry, nothing is acknowledged unwritten, and after space returns every item is exactly one record', async () => {
    sharedClient = new Redis(inject('redisUrl'));
    feedSet = await startFixtureFeedSet({ feeds: 5, itemsPerFeed: 20, initialItems: 3 });
    run = await createSitrepRun({ redisUrl: inject('redisUrl'), feeds: feedSet.feeds, settings: faultSettings({ jobs: { backoffMs: 500 } }) });
    const recordsDir = path.join(run.dataDir, 'records');
    await mkdir(recordsDir, { recursive: true });
    // A tiny tmpfs as the records dir: a real ENOSPC (we run as root; docs/reliability.md explains the choice).
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', recordsDir], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`this test needs root and tmpfs (mount -t tmpfs): ${(err as Error).message}`);
    }
    unmount = () => {
      try {
        execFileSync('umount', ['-l', recordsDir], { stdio: 'ignore' });
      } catch {
        // already unmounted
      }
    };
    const scheduler = run.spawn(['scheduler', '--once'], { name: 'scheduler' });
    expect((await scheduler.exited).code, scheduler.output()).toBe(0);
    const worker = run.spawn(['worker'], { name: 'worker' });
    await worker.waitForOutput(WORKER_READY);
    await waitUntil('first records', async () => (await sharedClient!.xlen(`${run!.prefix}:records`)) > 0, 20_000);
    // Fill the disk: a filler file written until ENOSPC.
    const filler = path.join(recordsDir, 'filler.bin');
    const handle = await open(filler, 'w');
    const chunk = Buffer.alloc(4_096, 0x20);
    for (let i = 0; i < 1_000; i++) {
      try {
        await handle.write(chunk);
      } catch {
        break;
      }
    }
    await handle.close();
    feedSet.reveal(4);
    await waitUntil('a sink write failure in the logs', () => /ENOSPC|no space left/i.test(worker.output()), 20_000, 250);
    await sleep(1_500);
    // What must never happen: an NDJSON mark "d" (acknowledged) for a record not in the file, or a torn line.
    // Marks first, then the file: "d" is set only after the append, so every "d" read here must be in the file read after.
    const marks = await sharedClient.keys(`${run.prefix}:sink:ndjson:*`);
    const values = marks.length > 0 ? await sharedClient.mget(...marks) : [];
    const ids = await readSinkIds(recordsDir, sharedClient, run.prefix);
    expect(ids.badLines).toEqual([]);
    const inFile = new Set(ids.ndjson);
    const doneNotWritten = marks.filter((key, index) => values[index] === 'd' && !inFile.has(key.slice(key.lastIndexOf(':') + 1)));
    expect(doneNotWritten).toEqual([]);
    await rm(filler);
    await revealAll(feedSet);
    await expectExactlyOnce(feedSet.servedIds(), run, sharedClient);
  });
});
