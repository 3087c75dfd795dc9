import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { SitrepRun } from './sitrep-process.ts';
import { waitUntil } from './wait.ts';

export interface SinkIds {
  /** Record ids in file order, repeats kept (so duplicates show). */
  ndjson: string[];
  stream: string[];
  /** NDJSON lines that are not a JSON object with an id (torn or interleaved writes). */
  badLines: string[];
  /** Per file, text after its last newline (expected empty once writers are idle). */
  unterminated: string[];
}

/** Where a run's record stream and items queues are: on a Redis Cluster, `{prefix:records}` and `{prefix:N}:items` per shard. */
export interface RunKeys {
  streamKey: string;
  itemsQueuePrefixes: string[];
}

function singleRedisKeys(prefix: string): RunKeys {
  return { streamKey: `${prefix}:records`, itemsQueuePrefixes: [prefix] };
}

/** Every record id in the NDJSON files under recordsDir and in the stream `<prefix>:records` (or runKeys.streamKey). */
export async function readSinkIds(recordsDir: string, redis: Redis, prefix: string, runKeys: RunKeys = singleRedisKeys(prefix)): Promise<SinkIds> {
  const ndjson: string[] = [];
  const badLines: string[] = [];
  const unterminated: string[] = [];
  const files = await readdir(recordsDir).catch(() => [] as string[]);
  for (const file of files.filter((name) => name.endsWith('.ndjson')).sort()) {
    const text = await readFile(path.join(recordsDir, file), 'utf8');
    const lines = text.split('\n');
    // Text after the last newline is an append in progress (or a torn write): reported apart.
    const tail = lines.pop() ?? '';
    if (tail !== '') unterminated.push(`${file}: ${tail.slice(0, 200)}`);
    for (const line of lines) {
      if (line === '') continue;
      try {
        const id = (JSON.parse(line) as { id?: unknown }).id;
        if (typeof id === 'string') ndjson.push(id);
        else badLines.push(line.slice(0, 200));
      } catch {
        badLines.push(line.slice(0, 200));
      }
    }
  }
  const stream: string[] = [];
  let start = '-';
  // Bounded paging: at most 1,000 pages of 1,000 entries.
  for (let page = 0; page < 1_000; page++) {
    const entries = await redis.xrange(runKeys.streamKey, start, '+', 'COUNT', 1_000);
    for (const [, fields] of entries) {
      const index = fields.indexOf('id');
      if (index >= 0) stream.push(fields[index + 1]!);
    }
    if (entries.length < 1_000) break;
    start = `(${entries[entries.length - 1]![0]}`;
  }
  return { ndjson, stream, badLines, unterminated };
}

/** Ids that occur more than once. */
export function repeatedIds(ids: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
  return [...repeated];
}

/** True once both sinks hold every expected id (extra or repeated ids are checked by the caller). */
export async function sinksHold(expected: Set<string>, recordsDir: string, redis: Redis, prefix: string, runKeys: RunKeys = singleRedisKeys(prefix)): Promise<SinkIds | false> {
  const ids = await readSinkIds(recordsDir, redis, prefix, runKeys);
  const ndjson = new Set(ids.ndjson);
  const stream = new Set(ids.stream);
  for (const id of expected) if (!ndjson.has(id) || !stream.has(id)) return false;
  return ids;
}

/** Both sinks end up holding exactly the served ids, once each, with no torn lines (after the items queue is idle). */
export async function expectExactlyOnce(expected: Set<string>, activeRun: SitrepRun, client: Redis, timeoutMs = 60_000, runKeys: RunKeys = singleRedisKeys(activeRun.prefix)): Promise<void> {
  const recordsDir = path.join(activeRun.dataDir, 'records');
  await waitUntil('every served item in both sinks', () => sinksHold(expected, recordsDir, client, activeRun.prefix, runKeys), timeoutMs, 250);
  // Let stragglers (a re-run stalled job) finish before judging duplicates.
  await waitUntil('items queue idle', async () => {
    const keys = runKeys.itemsQueuePrefixes.flatMap((queuePrefix) => ['wait', 'active', 'delayed', 'prioritized'].map((state) => `${queuePrefix}:items:${state}`));
    const counts = await Promise.all(keys.map((key) => client.llen(key).catch(() => client.zcard(key))));
    return counts.every((count) => count === 0);
  }, 30_000, 250);
  const ids = await readSinkIds(recordsDir, client, activeRun.prefix, runKeys);
  expect(ids.badLines).toEqual([]);
  expect(ids.unterminated).toEqual([]);
  expect(repeatedIds(ids.ndjson)).toEqual([]);
  expect(repeatedIds(ids.stream)).toEqual([]);
  expect(new Set(ids.ndjson)).toEqual(expected);
  expect(new Set(ids.stream)).toEqual(expected);
}
