import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SitrepContext } from '../../src/app/context.ts';
import type { SitrepRecord } from '../../src/model/index.ts';
import { JOB_POLL } from '../../src/queue/names.ts';
import type { FeedConfig } from '../../src/model/index.ts';
import { waitFor } from './test-context.ts';

/** Every record line of the NDJSON sink under dataDir (duplicates kept, so callers can count them). */
export async function readNdjsonRecords(dataDir: string): Promise<SitrepRecord[]> {
  const dir = path.join(dataDir, 'records');
  const files = await readdir(dir).catch(() => [] as string[]);
  const records: SitrepRecord[] = [];
  for (const file of files.sort()) {
    if (!file.endsWith('.ndjson')) continue;
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const line of text.split('\n')) if (line.trim()) records.push(JSON.parse(line) as SitrepRecord);
  }
  return records;
}

/** Record ids in the Redis Stream, in order (duplicates kept). */
export async function readStreamIds(context: SitrepContext): Promise<string[]> {
  const ids: string[] = [];
  let start = '-';
  // Paged so a long soak stream is never read in one reply.
  for (let page = 0; page < 10_000; page++) {
    const entries = await context.redis.xrange(context.keys.recordStream(), start, '+', 'COUNT', 5_000);
    for (const [, fields] of entries) ids.push(fields[fields.indexOf('id') + 1] ?? '');
    if (entries.length < 5_000) break;
    const last = entries[entries.length - 1]?.[0] ?? '';
    start = `(${last}`;
  }
  return ids;
}

/** Enqueues one poll of each feed now (job ids unique per tag). */
export async function pollNow(context: SitrepContext, feeds: FeedConfig[], tag: string): Promise<void> {
  await context.queues.fetch.addBulk(feeds.map((feed) => ({ name: JOB_POLL, data: { feed }, opts: { jobId: `poll-${tag}-${feed.id}` } })));
}

/** Waits until every queue is empty (nothing waiting, active, delayed or prioritized). */
export async function waitForDrain(context: SitrepContext, timeoutMs: number): Promise<void> {
  await waitFor('queues drained', async () => {
    for (const queue of [context.queues.fetch, context.queues.items, context.queues.articles]) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).some((count) => count > 0)) return false;
    }
    return true;
  }, timeoutMs, 100);
}
