import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import { JOB_POLL } from '../../src/queue/names.ts';
import type { SitrepRecord } from '../../src/model/index.ts';
import { createDedupIndex, createSinks } from '../../workers/items-worker.ts';
import { RawItemStore, RedisRevisionCounter, rawItemsFileName, readRawItems, renderProgress, replayItems, type ReplayProgress } from '../../src/replay/index.ts';
import type { ItemJobData } from '../../src/queue/names.ts';
import { parseSince } from '../../src/cli/replay-command.ts';
import { main } from '../../src/cli/main.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed } from '../helpers/feed-builders.ts';
import { readNdjsonRecords } from '../helpers/sink-records.ts';
import { recordingOpener } from '../helpers/recording-opener.ts';

const TROOPS = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\u2019s 11th Separate Airborne Assault Brigade.';
const DESERTED = 'There are reports that at least 18 of the North Korean soldiers sent to Ukraine have already deserted from the Russian lines.';

async function streamRecords(context: TestContext): Promise<SitrepRecord[]> {
  const entries = await context.redis.xrange(context.keys.recordStream(), '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('record') + 1]!) as SitrepRecord);
}

function rawItem(index: number): ItemJobData {
  return {
    recordId: index.toString(16).padStart(32, '0'), itemKey: `k${index}`, fetchedAt: '2024-10-16T12:00:00.000Z',
    feed: { id: 'f', url: 'https://f.example/rss', title: 'F', language: null },
    item: { guid: `g${index}`, link: null, title: `t${index}`, summary: null, content: null, published: null, updated: null, authors: [], categories: [], enclosures: [] },
  };
}

async function rawRecordIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const line of readRawItems(dir, new Date('2024-10-16T00:00:00Z'))) ids.push(line.data?.recordId ?? 'bad line');
  return ids;
}

function revisionsById(records: SitrepRecord[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const record of records) (out[record.id] ??= []).push(record.provenance.revision);
  return out;
}

describe('replay', () => {
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
    vi.restoreAllMocks();
  });

  it('when stored items are replayed, then every sink gets the same ids with a bumped revision and the same dedup verdicts', async () => {
    // Beta carries a copy of Alpha's first item: its record is a duplicate, and must stay one after replay.
    server = await startFixtureFeedServer([
      { path: '/a.xml', contentType: 'application/rss+xml', body: rssFeed('Alpha', [{ guid: 'a1', title: 'Troops', description: TROOPS }, { guid: 'a2', title: 'Deserters', description: DESERTED }]) },
      { path: '/b.xml', contentType: 'application/rss+xml', body: rssFeed('Beta', [{ guid: 'b1', title: 'Troops', description: TROOPS }]) },
    ]);
    const feeds = [feedConfig('alpha', `${server.url}/a.xml`), feedConfig('beta', `${server.url}/b.xml`)];
    context = await createTestContext(feeds);
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await context.queues.fetch.add(JOB_POLL, { feed: feeds[0]! }, { jobId: 'replay-a' });
    await waitFor('alpha records', async () => (await readNdjsonRecords(context!.dataDir)).length === 2);
    await context.queues.fetch.add(JOB_POLL, { feed: feeds[1]! }, { jobId: 'replay-b' });
    await waitFor('beta record', async () => (await readNdjsonRecords(context!.dataDir)).length === 3);
    const original = await readNdjsonRecords(context.dataDir);
    const rawDir = path.join(context.dataDir, 'raw');
    // The worker keeps the raw item right after the sinks; replay runs beside the running service.
    await waitFor('raw items kept', async () => (await readFile(path.join(rawDir, rawItemsFileName(new Date())), 'utf8').catch(() => '')).trim().split('\n').length === 3);
    const rawFiles = await readdir(rawDir);
    expect(rawFiles).toEqual([rawItemsFileName(new Date())]);
    // A retried job stores its item again: replay must still run it once.
    const rawFile = path.join(rawDir, rawFiles[0]!);
    const rawLines = (await readFile(rawFile, 'utf8')).trim().split('\n');
    expect(rawLines).toHaveLength(3);
    await writeFile(rawFile, `${rawLines.join('\n')}\n${rawLines[0]}\nnot json\n`);

    const sinks = createSinks(context);
    const counter = new RedisRevisionCounter(context.redis, context.keys, 86_400);
    const progress: ReplayProgress[] = [];
    const deps = {
      dedup: createDedupIndex(context), sinks, maxSnippetChars: 400,
      nextRevision: (id: string) => counter.next(id),
      onProgress: (p: ReplayProgress) => progress.push({ ...p }),
    };
    const since = new Date(Date.now() - 3_600_000);
    const summary = await replayItems({ rawDir, since }, deps);
    expect(summary).toMatchObject({ replayed: 3, written: { ndjson: 3, stream: 3 }, badLines: 1, skipped: 2, failed: [] });
    expect(progress.at(-1)).toMatchObject({ replayed: 3, written: 3 });
    expect(progress.at(-1)!.bytesDone).toBe(progress.at(-1)!.bytesTotal);

    const after = await readNdjsonRecords(context.dataDir);
    const ids = original.map((record) => record.id).sort();
    expect(revisionsById(after)).toEqual(Object.fromEntries(ids.map((id) => [id, [1, 2]])));
    expect(revisionsById(await streamRecords(context))).toEqual(Object.fromEntries(ids.map((id) => [id, [1, 2]])));
    for (const first of original) {
      const replayed = after.find((record) => record.id === first.id && record.provenance.revision === 2)!;
      expect(replayed.dedup.duplicateOf).toBe(first.dedup.duplicateOf);
      expect(replayed.dedup.cluster).toBe(first.dedup.cluster);
      expect(replayed.snippet).toBe(first.snippet);
      expect(replayed.entities).toEqual(first.entities);
    }
    expect(original.filter((record) => record.dedup.duplicateOf !== null)).toHaveLength(1);

    // Only one feed, then a second replay: revision 3 for its records alone.
    const again = await replayItems({ rawDir, since, feedIds: ['beta'] }, deps);
    expect(again).toMatchObject({ replayed: 1, written: { ndjson: 1, stream: 1 } });
    const beta = original.find((record) => record.feed.id === 'beta')!;
    expect(revisionsById(await readNdjsonRecords(context.dataDir))[beta.id]).toEqual([1, 2, 3]);

    // Nothing fetched after since: nothing replayed.
    const future = await replayItems({ rawDir, since: new Date(Date.now() + 3_600_000) }, deps);
    expect(future).toMatchObject({ replayed: 0, written: { ndjson: 0, stream: 0 } });
    await Promise.all(sinks.map((sink) => sink.close()));

    // The command line: same run through main(), summary on stdout, progress on stderr.
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    vi.stubEnv('REDIS_URL', context.redisUrl);
    vi.stubEnv('SITREP_REDIS_PREFIX', context.keys.prefix);
    vi.stubEnv('LOG_LEVEL', 'silent');
    const code = await main(['replay', '--since', since.toISOString(), '--data-dir', context.dataDir]).finally(() => vi.unstubAllEnvs());
    expect(code, err.join('')).toBe(0);
    expect(out.join('')).toMatch(/replayed 3 items since .*: written ndjson 3, stream 3/);
    expect(err.join('')).toContain('100%');
    expect(revisionsById(await readNdjsonRecords(context.dataDir))[beta.id]).toEqual([1, 2, 3, 4]);
  });

  it('when the raw store opens a new day, then files older than keepRawDays are deleted', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'raw');
    await mkdir(dir, { recursive: true });
    for (const day of ['2024-10-01', '2024-10-02', '2024-10-03']) await writeFile(path.join(dir, `items-${day}.ndjson`), '');
    const store = new RawItemStore(dir, 2, () => new Date('2024-10-03T12:00:00Z'));
    expect((await store.prune()).sort()).toEqual(['items-2024-10-01.ndjson']);
    expect((await readdir(dir)).sort()).toEqual(['items-2024-10-02.ndjson', 'items-2024-10-03.ndjson']);
    await store.close();
  });

  it('when many items are stored at once, then each is one whole line in call order, from fewer file writes than items', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'raw');
    const opener = recordingOpener();
    const store = new RawItemStore(dir, 2, () => new Date('2024-10-16T12:00:00Z'), { openFile: opener.openFile });
    const items = Array.from({ length: 100 }, (_, i) => rawItem(i));
    await Promise.all(items.map((item) => store.append(item)));
    await store.close();
    expect(await rawRecordIds(dir)).toEqual(items.map((item) => item.recordId));
    expect(opener.writes.length).toBeGreaterThan(0);
    expect(opener.writes.length).toBeLessThan(items.length / 2);
  });

  it('when a batch of items is written short (disk full), then the file is as before and every append of the batch fails', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'raw');
    const opener = recordingOpener();
    const store = new RawItemStore(dir, 2, () => new Date('2024-10-16T12:00:00Z'), { openFile: opener.openFile });
    await store.append(rawItem(0));
    const file = path.join(dir, rawItemsFileName(new Date('2024-10-16T12:00:00Z')));
    const before = await readFile(file, 'utf8');
    opener.shortWrites(1);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.append(rawItem(i + 1))));
    expect(opener.writes.at(-1)!.text.length).toBeGreaterThan(0);
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('rejected'));
    expect(await readFile(file, 'utf8')).toBe(before);
    await store.append(rawItem(21));
    await store.close();
    expect(await rawRecordIds(dir)).toEqual([rawItem(0).recordId, rawItem(21).recordId]);
  });

  it.each([
    { input: '2024-10-16', iso: '2024-10-16T00:00:00.000Z' },
    { input: '2024-10-16T12:30:00+02:00', iso: '2024-10-16T10:30:00.000Z' },
  ])('when --since is $input, then it means $iso', ({ input, iso }) => {
    expect(parseSince(input).toISOString()).toBe(iso);
  });

  it.each([undefined, '', 'yesterday-ish'])('when --since is %j, then it is a usage error', (input) => {
    expect(() => parseSince(input)).toThrow(/--since/);
  });

  it('when half the bytes are read, then the bar is half full', () => {
    expect(renderProgress(50, 100, 7, 6, 10)).toBe('[#####-----]  50%  7 items replayed, 6 records written');
  });
});
