import type { Redis } from 'ioredis';
import { COMMON_HELP } from './args.ts';
import { withCommandContext } from './command-context.ts';

export const STATUS_HELP = `Usage: sitrep status [--json] [options]

Queue counts by state, records written over the last minute and hour, the ten worst feeds and
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

/** `sitrep status`: readable tables, or one JSON document with --json. */
export async function runStatusCommand(values: Record<string, unknown>): Promise<number> {
  return withCommandContext(values, async (context) => {
    const { readFeedStatuses, readQueueDepths } = await import('../app/status.ts');
    const { rankWorstFeeds } = await import('../feed-health/rank-feeds.ts');
    const nowMs = Date.now();
    const stream = context.keys.recordStream();
    const [queues, feeds, streamLength, lastMinute, lastHour] = await Promise.all([
      readQueueDepths(context),
      readFeedStatuses(context),
      context.redis.xlen(stream),
      countStreamEntriesSince(context.redis, stream, nowMs - 60_000),
      countStreamEntriesSince(context.redis, stream, nowMs - 3_600_000),
    ]);
    const worstFeeds = rankWorstFeeds(feeds, 10);
    const throughput = { recordsLastMinute: lastMinute, recordsLastHour: lastHour };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ queues, throughput, worstFeeds: worstFeeds.map((feed) => feed.id), feeds, streamLength }, null, 2)}\n`);
      return 0;
    }
    const lines = ['queue    waiting  active  delayed  failed  completed'];
    for (const [name, depth] of Object.entries(queues)) {
      lines.push(`${cell(name, 8)} ${cell(depth.waiting + depth.prioritized, 7, true)} ${cell(depth.active, 7, true)} ${cell(depth.delayed, 8, true)} ${cell(depth.failed, 7, true)} ${cell(depth.completed, 10, true)}`);
    }
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
