import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NdjsonSink, ndjsonFileName, RedisStreamSink } from '../../src/sinks/index.ts';
import { buildRecord } from '../../src/record/index.ts';
import { emptyEntities, type SitrepRecord } from '../../src/model/index.ts';
import { SinkWriteError } from '../../src/errors.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';
import { recordingOpener } from '../helpers/recording-opener.ts';

function record(id: string): SitrepRecord {
  return buildRecord({
    id, feed: { id: 'f', url: 'https://f.example/rss', title: 'F' }, sourceName: 'F', url: null, guid: id,
    title: 't', snippet: 's', truncated: false, language: null, publishedAt: null, fetchedAt: '2024-10-16T00:00:00.000Z',
    dedup: { contentHash: 'h', fingerprint: 'f', duplicateOf: null, cluster: id, story: id, sources: 1 },
    entities: emptyEntities(), versions: { sitrep: '0', tagger: '0' },
  });
}

const ID_A = 'a'.repeat(32);
const ID_B = 'b'.repeat(32);

describe('sinks', () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.cleanup();
    context = undefined;
  });

  it('when the same record is written twice, then the NDJSON file has it once', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now);
    expect(await sink.write(record(ID_A))).toBe(true);
    expect(await sink.write(record(ID_A))).toBe(false);
    expect(await sink.write(record(ID_B))).toBe(true);
    await sink.close();
    const lines = (await readFile(path.join(dir, 'records-2024-10-16.ndjson'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as SitrepRecord).id)).toEqual([ID_A, ID_B]);
  });

  it('when a worker died between the append and the mark, then the retry finds the line and writes nothing', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const file = ndjsonFileName(now);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, file), `${JSON.stringify(record(ID_A))}\n`);
    await context.redis.set(context.keys.sinkMark('ndjson', ID_A), `p:${file}`);
    await context.redis.set(context.keys.sinkMark('ndjson', ID_B), `p:${file}`);
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now);
    expect(await sink.write(record(ID_A))).toBe(false);
    // B was claimed but never appended: the retry must write it.
    expect(await sink.write(record(ID_B))).toBe(true);
    await sink.close();
    const ids = (await readFile(path.join(dir, file), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as SitrepRecord).id);
    expect(ids).toEqual([ID_A, ID_B]);
    expect(await context.redis.get(context.keys.sinkMark('ndjson', ID_A))).toBe('d');
  });

  it('when the directory cannot be written, then write fails with SinkWriteError and a later write succeeds', async () => {
    context = await createTestContext();
    const blocker = path.join(context.dataDir, 'not-a-dir');
    await writeFile(blocker, 'a file where the directory should be');
    const sink = new NdjsonSink(context.redis, context.keys, blocker, 3_600);
    await expect(sink.write(record(ID_A))).rejects.toBeInstanceOf(SinkWriteError);
    const good = new NdjsonSink(context.redis, context.keys, path.join(context.dataDir, 'ok'), 3_600);
    expect(await good.write(record(ID_A))).toBe(true);
    await good.close();
  });

  it('when many records are written at once, then each is one whole line in call order, from fewer file writes than records, and marked done', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const opener = recordingOpener();
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now, { openFile: opener.openFile });
    const ids = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(32, '0'));
    expect(await Promise.all(ids.map((id) => sink.write(record(id))))).toEqual(ids.map(() => true));
    await sink.close();
    const lines = (await readFile(path.join(dir, ndjsonFileName(now)), 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as SitrepRecord).id)).toEqual(ids);
    expect(opener.writes.length).toBeGreaterThan(0);
    expect(opener.writes.length).toBeLessThan(ids.length / 2);
    expect(new Set(await context.redis.mget(...ids.map((id) => context!.keys.sinkMark('ndjson', id))))).toEqual(new Set(['d']));
  });

  it('when a batch of records is written short (disk full), then the file is as before, each of them fails unmarked, and their retries write each once', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const file = path.join(dir, ndjsonFileName(now));
    const opener = recordingOpener();
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now, { openFile: opener.openFile });
    expect(await sink.write(record(ID_A))).toBe(true);
    const before = await readFile(file, 'utf8');
    opener.shortWrites(1);
    const ids = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(32, '0'));
    const results = await Promise.allSettled(ids.map((id) => sink.write(record(id))));
    // The failing write did put part of the batch on disk before it was cut off again.
    expect(opener.writes.at(-1)!.text.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SinkWriteError);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    const marks = await context.redis.mget(...ids.map((id) => context!.keys.sinkMark('ndjson', id)));
    expect(marks).toEqual(ids.map(() => `p:${ndjsonFileName(now)}`));
    // The jobs' retries: the pending marks make each scan the file, find nothing, and append.
    expect(await Promise.all(ids.map((id) => sink.write(record(id))))).toEqual(ids.map(() => true));
    await sink.close();
    const written = (await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as SitrepRecord).id);
    // Each retry scans the file first, so they reach the append in any order.
    expect(written[0]).toBe(ID_A);
    expect(written.slice(1).sort()).toEqual(ids);
  });

  it('when records go to the stream, then each id is appended once and the stream is trimmed', async () => {
    context = await createTestContext();
    const sink = new RedisStreamSink(context.redis, context.keys, 10, 3_600);
    expect(await sink.write(record(ID_A))).toBe(true);
    expect(await sink.write(record(ID_A))).toBe(false);
    for (let i = 0; i < 300; i++) await sink.write(record(i.toString(16).padStart(32, '0')));
    const length = await context.redis.xlen(context.keys.recordStream());
    expect(length).toBeLessThan(300);
    const [[, fields]] = (await context.redis.xrange(context.keys.recordStream(), '-', '+', 'COUNT', 1)) as [[string, string[]]];
    expect(fields[0]).toBe('id');
    expect(JSON.parse(fields[3]!).schema).toBe('sitrep.record/v1');
  });
});
