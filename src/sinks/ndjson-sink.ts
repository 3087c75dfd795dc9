import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';
import type { SitrepRecord } from '../model/index.ts';
import type { RedisKeys } from '../queue/names.ts';
import { SinkWriteError } from '../errors.ts';
import type { RecordSink } from './sink.ts';
import { BatchedAppender, type BatchedAppenderOptions } from './batched-appender.ts';

// Claims a record revision for writing. Mark values: "p:<file>" (pending) and "d" (done) for revision 1,
// "<rev>/p:<file>" and "<rev>/d" for later revisions. Returns the state of this revision ("d" also when a
// newer one is there), or nil after claiming it.
const CLAIM = `
local current = redis.call('GET', KEYS[1])
local revision = tonumber(ARGV[3])
if current then
  local rev, state = string.match(current, '^(%d+)/(.*)$')
  if rev then rev = tonumber(rev) else rev, state = 1, current end
  if rev > revision then return 'd' end
  if rev == revision then return state end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return false
`;

/** Mark value of a revision's state; revision 1 keeps the original format. */
function markValue(revision: number, state: string): string {
  return revision === 1 ? state : `${revision}/${state}`;
}

type ClaimRedis = Redis & { sitrepNdjsonClaim(markKey: string, value: string, ttlSeconds: number, revision: number): Promise<string | null> };

export function ndjsonFileName(date: Date): string {
  return `records-${date.toISOString().slice(0, 10)}.ndjson`;
}

/**
 * Appends records to one NDJSON file per UTC day. Exactly once per id and revision across retries
 * and crashes: a Redis mark goes "p:<file>" before the append and "d" after; a retry that finds
 * "p" (a crash between the two) scans that file for the id and revision before writing again.
 * A replayed record (higher provenance.revision) is appended again as a new line.
 * Concurrent writes share one file write per batch (BatchedAppender); the "d" mark waits for the record's own line.
 */
export class NdjsonSink implements RecordSink {
  readonly name = 'ndjson';
  private readonly redis: ClaimRedis;
  private readonly appender: BatchedAppender;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    readonly dir: string,
    private readonly markTtlSeconds: number,
    private readonly now: () => Date = () => new Date(),
    appenderOptions: BatchedAppenderOptions = {},
  ) {
    this.appender = new BatchedAppender(dir, appenderOptions);
    if (!('sitrepNdjsonClaim' in redis)) redis.defineCommand('sitrepNdjsonClaim', { numberOfKeys: 1, lua: CLAIM });
    this.redis = redis as ClaimRedis;
  }

  async write(record: SitrepRecord): Promise<boolean> {
    const file = ndjsonFileName(this.now());
    const revision = record.provenance.revision;
    const markKey = this.keys.sinkMark(this.name, record.id);
    const done = markValue(revision, 'd');
    const mark = await this.redis.sitrepNdjsonClaim(markKey, markValue(revision, `p:${file}`), this.markTtlSeconds, revision);
    if (mark === 'd') return false;
    if (mark?.startsWith('p:') && (await this.fileHasRecord(mark.slice(2), record.id, revision))) {
      await this.redis.set(markKey, done, 'EX', this.markTtlSeconds);
      return false;
    }
    try {
      // One whole line or nothing (see BatchedAppender): a failed batch leaves no part of this line behind.
      await this.appender.append(file, `${JSON.stringify(record)}\n`);
    } catch (err) {
      throw new SinkWriteError(`ndjson sink: cannot append to ${path.join(this.dir, file)}: ${(err as Error).message}`, { cause: err });
    }
    await this.redis.set(markKey, done, 'EX', this.markTtlSeconds);
    return true;
  }

  private async fileHasRecord(file: string, recordId: string, revision: number): Promise<boolean> {
    const needle = `"id":"${recordId}"`;
    // Quotes inside strings are escaped, so this only matches provenance.revision.
    const revisionNeedle = `"revision":${revision}}`;
    try {
      const lines = createInterface({ input: createReadStream(path.join(this.dir, file)), crlfDelay: Infinity });
      for await (const line of lines) if (line.includes(needle) && line.includes(revisionNeedle)) return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    return false;
  }

  close(): Promise<void> {
    return this.appender.close();
  }
}
