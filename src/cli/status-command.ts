import type { Redis } from 'ioredis';
import type { QueueDepth, ShardQueueDepths } from '../app/status.ts';
import type { WorkerEntry } from '../queue/worker-registry.ts';
import { COMMON_HELP } from './args.ts';
import { withCommandContext } from './command-context.ts';

export const STATUS_HELP = `Usage: sitrep status [--json] [options]

Queue counts by state (totals, and per shard when sharded), the live worker processes and the
shards they serve, records written over the last minute and hour, the ten worst feeds and
every feed's health, from Redis (REDIS_URL, or the embedded Redis of a sitrep running with the
same --data-dir).

${COMMON_HELP}`;

// Counts stream entries from an id on, server-side in pages, so an hour of records never crosses the wire.
const COUNT_SINCE = `
local n = 0
local start = ARGV[1]
while true do
  local batch = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', 1000)
  n = n + #batch
  if #batch < 1000 then return n end
  start = '(' .. batch[#batch][1]
end`;

/** Entries added to a stream since a time (stream ids start with their ms timestamp). */
export async function countStreamEntriesSince(redis: Redis, stream: string, sinceMs: number): Promise<number> {
  return Number(await redis.eval(COUNT_SINCE, 1, stream, `${Math.max(0, Math.floor(sinceMs))}-0`));
}

function cell(value: unknown, width: number, right = false): string {
  const text = String(value);
  return right ? text.padStart(width) : text.padEnd(width);
}

function depthCells(depth: QueueDepth): string {
  return `${cell(depth.waiting + depth.prioritized, 7, true)} ${cell(depth.active, 7, true)} ${cell(depth.delayed, 8, true)} ${cell(depth.failed, 7, true)} ${cell(depth.completed, 10, true)}`;
}

/** One table row per shard and queue, with the shard's prefix (the keys an operator would look at). */
export function shardQueueLines(shards: ShardQueueDepths[]): string[] {
  const prefixWidth = Math.max(6, ...shards.map((shard) => shard.prefix.length));
  const lines = [`shard  ${cell('prefix', prefixWidth)}  queue    waiting  active  delayed  failed  completed`];
  for (const shard of shards) {
    for (const [name, depth] of Object.entries(shard.queues)) lines.push(`${cell(shard.shard, 5, true)}  ${cell(shard.prefix, prefixWidth)}  ${cell(name, 8)} ${depthCells(depth)}`);
  }
  return lines;
}

/** The workers table: one line per live process (or a line saying there is none). */
export function workerLines(workers: WorkerEntry[], shardCount: number): string[] {
  if (workers.length === 0) return ['workers: none alive'];
  const shardsOf = (entry: WorkerEntry) => (entry.shards.length === shardCount ? 'all' : entry.shards.join(','));
  const rows = workers.map((entry) => ({ process: `${entry.host}:${entry.pid}`, queues: entry.queues.join(',') || '-', shards: shardsOf(entry) }));
  const width = Math.max(7, ...rows.map((row) => row.process.length));
  const queuesWidth = Math.max(6, ...rows.map((row) => row.queues.length));
  const shardsWidth = Math.max(6, ...rows.map((row) => row.shards.length));
  return [
    `${cell('worker', width)}  ${cell('queues', queuesWidth)}  ${cell('shards', shardsWidth)}  ${cell('started', 24)}  last seen`,
    ...workers.map((entry, index) => {
      const row = rows[index]!;
      return `${cell(row.process, width)}  ${cell(row.queues, queuesWidth)}  ${cell(row.shards, shardsWidth)}  ${cell(entry.startedAt, 24)}  ${entry.seenAt}`;
    }),
  ];
}

/** `sitrep status`: readable tables, or one JSON document with --json. */
export async function runStatusCommand(values: Record<string, unknown>): Promise<number> {
  return withCommandContext(values, async (context) => {
    const { readFeedStatuses, readShardQueueDepths, sumQueueDepths } = await import('../app/status.ts');
    const { readWorkers } = await import('../queue/worker-registry.ts');
    const { rankWorstFeeds } = await import('../feed-health/rank-feeds.ts');
    const nowMs = Date.now();
    const stream = context.keys.recordStream();
    const [shards, feeds, workers, streamLength, lastMinute, lastHour] = await Promise.all([
      readShardQueueDepths(context),
      readFeedStatuses(context),
      readWorkers(context.redis, context.keys, nowMs),
      context.redis.xlen(stream),
      countStreamEntriesSince(context.redis, stream, nowMs - 60_000),
      countStreamEntriesSince(context.redis, stream, nowMs - 3_600_000),
    ]);
    const queues = sumQueueDepths(shards);
    const worstFeeds = rankWorstFeeds(feeds, 10);
    const throughput = { recordsLastMinute: lastMinute, recordsLastHour: lastHour };
    if (values.json) {
      const report = { queues, shards, workers, throughput, worstFeeds: worstFeeds.map((feed) => feed.id), feeds, streamLength };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const lines = ['queue    waiting  active  delayed  failed  completed'];
    for (const [name, depth] of Object.entries(queues)) lines.push(`${cell(name, 8)} ${depthCells(depth)}`);
    if (shards.length > 1) lines.push('', ...shardQueueLines(shards));
    lines.push('', ...workerLines(workers, shards.length));
    lines.push('', `records in stream: ${streamLength}   last minute: ${lastMinute}   last hour: ${lastHour}`);
    const row = (feed: (typeof feeds)[number]): string => {
      const status = feed.disabled ? 'disabled' : feed.status;
      return `${cell(feed.id, 29)} ${cell(status, 8)} ${cell(feed.itemCount, 5, true)} ${cell(feed.consecutiveFailures, 9, true)}  ${cell(feed.lastSuccessAt ?? '-', 24)}  ${cell(feed.nextPollAt ?? '-', 24)}  ${feed.lastError ?? ''}`;
    };
    const header = `${cell('feed', 29)} ${cell('status', 8)} items  failures  ${cell('last success', 24)}  ${cell('next poll', 24)}  last error`;
    const troubled = worstFeeds.filter((feed) => feed.consecutiveFailures > 0 || feed.status !== 'ok' || feed.disabled);
    if (troubled.length > 0) lines.push('', 'worst feeds', header, ...troubled.map(row));
    lines.push('', 'all feeds', header, ...feeds.map(row));
    const failing = feeds.filter((feed) => feed.status === 'failing').length;
    const disabled = feeds.filter((feed) => feed.disabled).length;
    lines.push('', `${feeds.length} feeds, ${failing} failing${disabled > 0 ? `, ${disabled} disabled` : ''}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
