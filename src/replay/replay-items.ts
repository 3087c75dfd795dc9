import type { DedupIndex } from '../dedup/index.ts';
import { processItem } from '../pipeline/process-item.ts';
import type { RecordSink } from '../sinks/sink.ts';
import type { ItemJobData } from '../queue/names.ts';
import { listRawItemFiles, readRawItems } from './raw-item-store.ts';

export interface ReplayOptions {
  /** Directory of the raw item files (<dataDir>/raw). */
  rawDir: string;
  /** Items fetched at or after this instant are replayed. */
  since: Date;
  /** Only these feeds (all when absent or empty). */
  feedIds?: string[];
  /** Items processed at once (sinks and Redis round trips overlap). */
  concurrency?: number;
}

export interface ReplayDeps {
  dedup: DedupIndex;
  sinks: RecordSink[];
  maxSnippetChars: number;
  /** The record's next revision (see RedisRevisionCounter). */
  nextRevision(recordId: string): Promise<number>;
  /** Called after each line with running totals (throttle rendering on the caller's side). */
  onProgress?(progress: ReplayProgress): void;
}

export interface ReplayProgress {
  bytesDone: number;
  bytesTotal: number;
  replayed: number;
  written: number;
}

export interface ReplaySummary {
  /** Items re-run (each once, even when stored twice after a retried job). */
  replayed: number;
  /** Records written per sink. */
  written: Record<string, number>;
  /** Lines skipped: stored twice, before since, other feeds, malformed. */
  skipped: number;
  badLines: number;
  failed: Array<{ recordId: string; error: string }>;
}

/**
 * Re-runs extract, dedup and tag on the stored raw items fetched since a date and writes each record
 * again with the same id and a bumped provenance.revision. A failing item is reported, not fatal.
 */
export async function replayItems(options: ReplayOptions, deps: ReplayDeps): Promise<ReplaySummary> {
  const files = await listRawItemFiles(options.rawDir, options.since);
  const progress: ReplayProgress = { bytesDone: 0, bytesTotal: files.reduce((sum, file) => sum + file.bytes, 0), replayed: 0, written: 0 };
  const summary: ReplaySummary = { replayed: 0, written: Object.fromEntries(deps.sinks.map((sink) => [sink.name, 0])), skipped: 0, badLines: 0, failed: [] };
  const feeds = options.feedIds && options.feedIds.length > 0 ? new Set(options.feedIds) : null;
  const seen = new Set<string>();
  const limit = Math.max(1, options.concurrency ?? 8);
  const inFlight = new Set<Promise<void>>();

  const replayOne = async (data: ItemJobData) => {
    try {
      const revision = await deps.nextRevision(data.recordId);
      const { written } = await processItem(data, { dedup: deps.dedup, sinks: deps.sinks, maxSnippetChars: deps.maxSnippetChars, revision });
      summary.replayed++;
      progress.replayed++;
      let any = false;
      for (const [sink, wrote] of Object.entries(written)) {
        if (!wrote) continue;
        summary.written[sink] = (summary.written[sink] ?? 0) + 1;
        any = true;
      }
      if (any) progress.written++;
    } catch (err) {
      summary.failed.push({ recordId: data.recordId, error: (err as Error)?.message ?? String(err) });
    }
  };

  for await (const line of readRawItems(options.rawDir, options.since, () => summary.badLines++)) {
    progress.bytesDone += line.bytes;
    const data = line.data;
    if (!data || seen.has(data.recordId) || (feeds && !feeds.has(data.feed.id))) {
      summary.skipped++;
      deps.onProgress?.(progress);
      continue;
    }
    seen.add(data.recordId);
    const task: Promise<void> = replayOne(data).finally(() => {
      inFlight.delete(task);
      deps.onProgress?.(progress);
    });
    inFlight.add(task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  deps.onProgress?.(progress);
  return summary;
}
