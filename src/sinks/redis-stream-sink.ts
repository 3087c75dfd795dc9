import type { Redis } from 'ioredis';
import type { SitrepRecord } from '../model/index.ts';
import type { RedisKeys } from '../queue/names.ts';
import type { RecordSink } from './sink.ts';

// Mark and append in one atomic script: a record revision reaches the stream at most once (the mark
// holds the highest revision written; legacy "d" means revision 1), and a failed call leaves neither.
const APPEND_ONCE = `
local current = redis.call('GET', KEYS[1])
local revision = tonumber(ARGV[5])
if current then
  local written = tonumber(current) or 1
  if written >= revision then return 0 end
end
redis.call('SET', KEYS[1], revision == 1 and 'd' or ARGV[5], 'EX', ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[3], 'record', ARGV[4])
return 1
`;

type StreamRedis = Redis & {
  sitrepStreamAppend(markKey: string, streamKey: string, ttlSeconds: number, maxLen: number, id: string, json: string, revision: number): Promise<number>;
};

/** Appends records to a Redis Stream (fields `id`, `record`), trimmed approximately to maxLen. */
export class RedisStreamSink implements RecordSink {
  readonly name = 'stream';
  private readonly redis: StreamRedis;

  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly maxLen: number, private readonly markTtlSeconds: number) {
    if (!('sitrepStreamAppend' in redis)) redis.defineCommand('sitrepStreamAppend', { numberOfKeys: 2, lua: APPEND_ONCE });
    this.redis = redis as StreamRedis;
  }

  async write(record: SitrepRecord): Promise<boolean> {
    const added = await this.redis.sitrepStreamAppend(
      this.keys.sinkMark(this.name, record.id),
      this.keys.recordStream(),
      this.markTtlSeconds,
      this.maxLen,
      record.id,
      JSON.stringify(record),
      record.provenance.revision,
    );
    return added === 1;
  }

  async close(): Promise<void> {}
}
