import type { SitrepConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';
import { UsageError } from './args.ts';

export const REPLAY_HELP = `Usage: sitrep replay --since DATE [--feed ID[,ID...]] [--json] [options]

Re-runs extract, dedup and tag on the raw items kept under <data-dir>/raw (replay.keepRawDays) that
were fetched at or after DATE (2024-10-16 or an ISO 8601 instant), after a tagger or config change.
Each record is written again with the same id and a bumped provenance.revision (NDJSON: a new line;
Redis Stream: appended; PostgreSQL: upserted). Uses REDIS_URL or the embedded Redis of a sitrep
running with the same --data-dir. A progress bar goes to stderr, the summary to stdout.`;

/** Parses --since: a UTC date (YYYY-MM-DD) or an ISO 8601 instant. */
export function parseSince(value: unknown): Date {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError('--since DATE is required (e.g. --since 2024-10-16)');
  const text = value.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--since: not a date: ${JSON.stringify(value)} (use YYYY-MM-DD or an ISO 8601 time)`);
  return new Date(ms);
}

/** `sitrep replay`: resolves to the exit code (1 when some items failed). */
export async function runReplayCommand(values: Record<string, unknown>, loadConfig: () => Promise<SitrepConfig>, loggerFor: (config: SitrepConfig) => Promise<Logger>): Promise<number> {
  const since = parseSince(values.since);
  const feedIds = typeof values.feed === 'string' ? values.feed.split(',').map((id) => id.trim()).filter(Boolean) : [];
  const config = await loadConfig();
  const logger = await loggerFor(config);
  const { createContext, resolveDataPath } = await import('../app/context.ts');
  const { createSinks, createDedupIndex } = await import('../../workers/items-worker.ts');
  const { RedisRevisionCounter, replayItems, renderProgress } = await import('../replay/index.ts');
  const { settings } = config;
  const context = await createContext(config, logger, { startEmbeddedRedis: false });
  const sinks = createSinks(context);
  const counter = new RedisRevisionCounter(context.redis, context.keys, Math.max(1, settings.replay.keepRawDays) * 86_400);
  // A redrawn bar on a terminal; elsewhere (logs, CI) only the final line.
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  const draw = (line: string, final = false) => {
    const now = Date.now();
    if (final) process.stderr.write(tty ? `\r${line}\n` : `${line}\n`);
    else if (tty && now - lastDraw >= 100) {
      lastDraw = now;
      process.stderr.write(`\r${line}`);
    }
  };
  try {
    const summary = await replayItems(
      { rawDir: resolveDataPath(settings.dataDir, 'raw'), since, feedIds },
      {
        dedup: createDedupIndex(context),
        sinks,
        maxSnippetChars: settings.items.maxSnippetChars,
        nextRevision: (recordId) => counter.next(recordId),
        onProgress: (p) => draw(renderProgress(p.bytesDone, p.bytesTotal, p.replayed, p.written)),
      },
    );
    draw(renderProgress(1, 1, summary.replayed, Math.max(0, ...Object.values(summary.written))), true);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const written = Object.entries(summary.written).map(([sink, count]) => `${sink} ${count}`).join(', ') || 'no sinks';
      process.stdout.write(`replayed ${summary.replayed} items since ${since.toISOString()}: written ${written}; skipped ${summary.skipped} lines (${summary.badLines} malformed); ${summary.failed.length} failed\n`);
      for (const failure of summary.failed.slice(0, 10)) process.stdout.write(`  ${failure.recordId}: ${failure.error}\n`);
    }
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    await Promise.all(sinks.map((sink) => sink.close().catch(() => undefined)));
    await context.close();
  }
}
