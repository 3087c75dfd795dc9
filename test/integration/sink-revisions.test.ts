import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NdjsonSink, ndjsonFileName, RedisStreamSink } from '../../src/sinks/index.ts';
import { buildRecord } from '../../src/record/index.ts';
import { emptyEntities, type SitrepRecord } from '../../src/model/index.ts';
import { createTestContext, type TestContext } from '../helpers/test-context.ts';

function record(id: string, revision: number): SitrepRecord {
  const built = buildRecord({
    id, feed: { id: 'f', url: 'https://f.example/rss', title: 'F' }, sourceName: 'F', url: null, guid: id,
    title: `t${revision}`, snippet: 's', truncated: false, language: null, publishedAt: null, fetchedAt: '2024-10-16T00:00:00.000Z',
    dedup: { contentHash: 'h', fingerprint: 'f', duplicateOf: null, cluster: id, story: id, sources: 1 },
    entities: emptyEntities(), versions: { sitrep: '0', tagger: '0' },
  });
  return { ...built, provenance: { ...built.provenance, revision } };
}

const ID = 'c'.repeat(32);
// Writes in order and what each returns: a new revision is written once, the same or an older one never.
const SEQUENCE: Array<[revision: number, written: boolean]> = [[1, true], [1, false], [2, true], [2, false], [1, false], [4, true], [3, false], [4, false]];

describe('sink marks per revision', () => {
  let context: TestContext | undefined;
  afterEach(async () => {
    await context?.cleanup();
    context = undefined;
  });

  it('when revisions arrive in any order, then the NDJSON file gets one line per new revision', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now);
    for (const [revision, written] of SEQUENCE) expect([revision, await sink.write(record(ID, revision))]).toEqual([revision, written]);
    await sink.close();
    const lines = (await readFile(path.join(dir, ndjsonFileName(now)), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as SitrepRecord);
    expect(lines.map((line) => line.provenance.revision)).toEqual([1, 2, 4]);
    expect(await context.redis.get(context.keys.sinkMark('ndjson', ID))).toBe('4/d');
  });

  it('when revisions arrive in any order, then the stream gets one entry per new revision', async () => {
    context = await createTestContext();
    const sink = new RedisStreamSink(context.redis, context.keys, 1_000, 3_600);
    for (const [revision, written] of SEQUENCE) expect([revision, await sink.write(record(ID, revision))]).toEqual([revision, written]);
    const entries = await context.redis.xrange(context.keys.recordStream(), '-', '+');
    expect(entries.map(([, fields]) => (JSON.parse(fields[3]!) as SitrepRecord).provenance.revision)).toEqual([1, 2, 4]);
  });

  it('when a worker died between the append and the mark of a revision, then the retry checks that revision in the file', async () => {
    context = await createTestContext();
    const dir = path.join(context.dataDir, 'records');
    const now = new Date('2024-10-16T12:00:00Z');
    const file = ndjsonFileName(now);
    await mkdir(dir, { recursive: true });
    // Revision 1 is in the file, revision 2 was claimed but never appended.
    await writeFile(path.join(dir, file), `${JSON.stringify(record(ID, 1))}\n`);
    await context.redis.set(context.keys.sinkMark('ndjson', ID), `2/p:${file}`);
    const sink = new NdjsonSink(context.redis, context.keys, dir, 3_600, () => now);
    expect(await sink.write(record(ID, 2))).toBe(true);
    // Now revision 2 is there but the mark still says pending: the retry finds it and writes nothing.
    await context.redis.set(context.keys.sinkMark('ndjson', ID), `2/p:${file}`);
    expect(await sink.write(record(ID, 2))).toBe(false);
    await sink.close();
    const revisions = (await readFile(path.join(dir, file), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as SitrepRecord).provenance.revision);
    expect(revisions).toEqual([1, 2]);
    expect(await context.redis.get(context.keys.sinkMark('ndjson', ID))).toBe('2/d');
  });
});
