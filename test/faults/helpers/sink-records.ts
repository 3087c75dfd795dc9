import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';

export interface SinkIds {
  /** Record ids in file order, repeats kept (so duplicates show). */
  ndjson: string[];
  stream: string[];
  /** NDJSON lines that are not a JSON object with an id (torn or interleaved writes). */
  badLines: string[];
  /** Per file, text after its last newline (expected empty once writers are idle). */
  unterminated: string[];
}

/** Every record id in the NDJSON files under recordsDir and in the stream `<prefix>:records`. */
export async function readSinkIds(recordsDir: string, redis: Redis, prefix: string): Promise<SinkIds> {
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
    const entries = await redis.xrange(`${prefix}:records`, start, '+', 'COUNT', 1_000);
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
export async function sinksHold(expected: Set<string>, recordsDir: string, redis: Redis, prefix: string): Promise<SinkIds | false> {
  const ids = await readSinkIds(recordsDir, redis, prefix);
  const ndjson = new Set(ids.ndjson);
  const stream = new Set(ids.stream);
  for (const id of expected) if (!ndjson.has(id) || !stream.has(id)) return false;
  return ids;
}
