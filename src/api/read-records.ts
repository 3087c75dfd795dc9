import type { Redis } from 'ioredis';
import type { SitrepRecord } from '../model/index.ts';
import { matchesRecordQuery, streamRange, type RecordQuery } from './record-query.ts';

export interface RecordsPage {
  records: SitrepRecord[];
  /** Pass as ?cursor= for the next (older) page; null when the stream has nothing older. */
  nextCursor: string | null;
}

export interface ReadRecordsOptions {
  batchSize?: number;
  /** A selective filter stops after scanning this many entries and hands back a cursor to go on from. */
  maxScanned?: number;
}

type StreamEntry = [id: string, fields: string[]];

function recordOf(fields: string[]): SitrepRecord | null {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] !== 'record') continue;
    try {
      return JSON.parse(fields[index + 1]!) as SitrepRecord;
    } catch {
      return null;
    }
  }
  return null;
}

/** Newest-first records from the stream matching the query, scanned with XREVRANGE in batches. */
export async function readRecordsPage(redis: Redis, streamKey: string, query: RecordQuery, options: ReadRecordsOptions = {}): Promise<RecordsPage> {
  const range = streamRange(query);
  if (range === null) return { records: [], nextCursor: null };
  const batchSize = options.batchSize ?? 200;
  const maxScanned = options.maxScanned ?? 5_000;
  const records: SitrepRecord[] = [];
  let end = range.end;
  let scanned = 0;
  for (;;) {
    const entries = (await redis.xrevrange(streamKey, end, range.start, 'COUNT', batchSize)) as StreamEntry[];
    for (const [id, fields] of entries) {
      scanned += 1;
      const record = recordOf(fields);
      if (record !== null && record.entities && matchesRecordQuery(record, query)) {
        records.push(record);
        if (records.length === query.limit) return { records, nextCursor: id };
      }
    }
    const last = entries[entries.length - 1];
    if (entries.length < batchSize || last === undefined) return { records, nextCursor: null };
    if (scanned >= maxScanned) return { records, nextCursor: last[0] };
    end = `(${last[0]}`;
  }
}
