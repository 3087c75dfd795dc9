import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const BIN = path.resolve('bin/sitrep.js');
const PREFIX = `ops-cli-${process.pid}`;

function runSitrep(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, LOG_LEVEL: 'silent', REDIS_URL: inject('redisUrl'), SITREP_REDIS_PREFIX: PREFIX };
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

let dir: string;
let feedsFile: string;
let redis: Redis;
const FEEDS = '# operator feeds\nfeeds:\n  - id: ledger\n    url: https://ledger.example/rss # the first one\n    interval: 10m\n  - id: courier\n    url: https://courier.example/feed\n';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sitrep-ops-cli-'));
  feedsFile = path.join(dir, 'feeds.yaml');
  await writeFile(feedsFile, FEEDS);
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await rm(dir, { recursive: true, force: true });
});

describe('sitrep feeds, status and retry', () => {
  it('when feeds are exported, imported and re-imported, then the list grows once, keeps its comments and bad OPML changes nothing', async () => {
    const importFile = path.join(dir, 'more.opml');
    const badFile = path.join(dir, 'bad.opml');
    await writeFile(importFile, '<opml version="2.0"><body><outline text="Steppe Courier" xmlUrl="https://steppe.example/rss"/><outline text="dup" xmlUrl="https://ledger.example/rss"/></body></opml>');
    await writeFile(badFile, '<opml version="2.0"><body><outline text="x" xmlUrl="gopher://x.example/"/></body></opml>');
    const [exported, help, bad] = await Promise.all([
      runSitrep(['feeds', 'export', '--feeds', feedsFile]),
      runSitrep(['feeds', '--help']),
      runSitrep(['feeds', 'import', badFile, '--feeds', feedsFile]),
    ]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('xmlUrl="https://ledger.example/rss" sitrep:id="ledger" sitrep:interval="600"');
    expect(exported.stdout).toContain('sitrep:id="courier"');
    expect(help.stdout).toContain('sitrep feeds');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('url');
    expect(await readFile(feedsFile, 'utf8')).toBe(FEEDS);

    const imported = await runSitrep(['feeds', 'import', importFile, '--feeds', feedsFile]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('added steppe-courier https://steppe.example/rss');
    expect(imported.stdout).toContain('1 added, 1 skipped');
    const written = await readFile(feedsFile, 'utf8');
    expect(written).toContain('# the first one');
    expect(written).toContain('id: steppe-courier');
    const again = await runSitrep(['feeds', 'import', importFile, '--feeds', feedsFile]);
    expect(again.stdout).toContain('0 added, 2 skipped');
    expect(await readFile(feedsFile, 'utf8')).toBe(written);
  }, 60_000);

  it('when a feed is disabled, then status shows it, --json carries throughput and worst feeds, and enable clears it', async () => {
    await redis.hset(`${PREFIX}:feed:courier`, { status: 'failing', consecutiveFailures: 4, lastError: 'HTTP 500', itemCount: 0 });
    await redis.xadd(`${PREFIX}:records`, `${Date.now() - 2 * 3_600_000}-0`, 'record', '{}');
    await redis.xadd(`${PREFIX}:records`, '*', 'record', '{}');
    await redis.xadd(`${PREFIX}:records`, '*', 'record', '{}');
    const [disabled, unknown] = await Promise.all([
      runSitrep(['feeds', 'disable', 'ledger', '--feeds', feedsFile]),
      runSitrep(['feeds', 'disable', 'nope', '--feeds', feedsFile]),
    ]);
    expect(disabled.status).toBe(0);
    expect(await redis.hget(`${PREFIX}:feed:ledger`, 'disabled')).toBe('1');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no feed "nope"');

    const [table, json] = await Promise.all([
      runSitrep(['status', '--feeds', feedsFile]),
      runSitrep(['status', '--json', '--feeds', feedsFile]),
    ]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/worst feeds\n.*\ncourier\s+failing\s+0\s+4/);
    expect(table.stdout).toMatch(/ledger\s+disabled/);
    expect(table.stdout).toContain('last minute: 2   last hour: 2');
    expect(table.stdout).toMatch(/3 feeds, 1 failing, 1 disabled/);
    const report = JSON.parse(json.stdout) as { throughput: Record<string, number>; worstFeeds: string[]; feeds: Array<{ id: string; disabled?: boolean }>; queues: Record<string, unknown> };
    expect(report.throughput).toEqual({ recordsLastMinute: 2, recordsLastHour: 2 });
    expect(report.worstFeeds[0]).toBe('courier');
    expect(report.feeds.find((feed) => feed.id === 'ledger')?.disabled).toBe(true);
    expect(Object.keys(report.queues)).toEqual(expect.arrayContaining(['fetch', 'items']));

    expect((await runSitrep(['feeds', 'enable', 'ledger', '--feeds', feedsFile])).status).toBe(0);
    expect(await redis.hget(`${PREFIX}:feed:ledger`, 'disabled')).toBeNull();
  }, 60_000);

  it('when a queue has failed jobs, then retry moves them back to waiting; a bad queue name is a usage error', async () => {
    const queue = new Queue('fetch', { connection: new Redis(inject('redisUrl'), { maxRetriesPerRequest: null }), prefix: PREFIX });
    const worker = new Worker('fetch', async () => { throw new Error('boom'); }, { connection: new Redis(inject('redisUrl'), { maxRetriesPerRequest: null }), prefix: PREFIX });
    try {
      await queue.add('poll', { feed: { id: 'x' } }, { attempts: 1 });
      await queue.add('poll', { feed: { id: 'y' } }, { attempts: 1 });
      for (let i = 0; i < 100 && (await queue.getFailedCount()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await worker.close();
      expect(await queue.getFailedCount()).toBe(2);
      const [retried, bad] = await Promise.all([
        runSitrep(['retry', '--queue', 'fetch', '--feeds', feedsFile]),
        runSitrep(['retry', '--queue', 'bogus', '--feeds', feedsFile]),
      ]);
      expect(retried.stderr).toBe('');
      expect(retried.stdout).toContain('fetch: 2 failed jobs moved back to waiting');
      expect(await queue.getFailedCount()).toBe(0);
      expect(await queue.getWaitingCount()).toBe(2);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--queue');
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 60_000);
});
