import { createHash } from 'node:crypto';
import type { FeedConfig, FeedItem, ParsedFeed } from '../model/index.ts';
import type { FeedStateStore } from '../feed-state/feed-state-store.ts';
import type { SeenItemsStore } from '../feed-state/seen-items.ts';
import type { FetchFeedOptions, FetchOutcome } from '../fetch/http-fetcher.ts';
import { decodeBody, itemKey, parseFeed, recordIdFor } from '../fetch/index.ts';
import type { ArticleJobData, FetchJobResult, ItemJobData } from '../queue/names.ts';

export interface FetchSettings {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface PollFeedDeps {
  fetchFeed: (options: FetchFeedOptions) => Promise<FetchOutcome>;
  state: FeedStateStore;
  seen: SeenItemsStore;
  /** Enqueues new items; idempotent by recordId (the job id). */
  enqueueItems: (jobs: ItemJobData[]) => Promise<void>;
  /** Enqueues article-page fetches (feeds with fetchArticle); without it such feeds go straight to items. */
  enqueueArticles?: (jobs: ArticleJobData[]) => Promise<void>;
  fetchSettings: FetchSettings;
  now?: () => Date;
}

export interface PollFeedResult extends FetchJobResult {
  /** The recordIds enqueued by this poll. */
  enqueued: string[];
}

// Item HTML beyond this is never needed for a 400-char snippet; it would only bloat job payloads.
const MAX_ITEM_TEXT_CHARS = 16_000;

function clip(text: string | null): string | null {
  return text && text.length > MAX_ITEM_TEXT_CHARS ? text.slice(0, MAX_ITEM_TEXT_CHARS) : text;
}

/** Pure: the feed's items as item jobs, one per distinct item key, in feed order. */
export function collectItemJobs(feed: FeedConfig, parsed: ParsedFeed, fetchedAt: string): ItemJobData[] {
  const jobs: ItemJobData[] = [];
  const seenIds = new Set<string>();
  const feedInfo = {
    id: feed.id,
    url: feed.url,
    title: feed.title ?? parsed.title ?? null,
    language: feed.language ?? parsed.language ?? null,
  };
  for (const item of parsed.items) {
    const key = itemKey(item, feed.url);
    if (key === null) continue;
    const recordId = recordIdFor(feed.id, key);
    if (seenIds.has(recordId)) continue;
    seenIds.add(recordId);
    const compact: FeedItem = { ...item, summary: clip(item.summary), content: clip(item.content) };
    jobs.push({ recordId, itemKey: key, feed: feedInfo, item: compact, fetchedAt });
  }
  return jobs;
}

/**
 * One poll of one feed: conditional GET, decode, parse, enqueue unseen items, record feed health.
 * A broken feed is recorded as data (state 'failing' with the reason); this never throws for
 * feed problems, only for Redis/queue I/O failures (so BullMQ retries those).
 */
export async function pollFeed(feed: FeedConfig, deps: PollFeedDeps): Promise<PollFeedResult> {
  const now = deps.now ?? (() => new Date());
  const state = await deps.state.get(feed.id);
  const outcome = await deps.fetchFeed({
    url: feed.url,
    etag: state.etag ?? null,
    lastModified: state.lastModified ?? null,
    ...deps.fetchSettings,
  });
  const at = now().toISOString();
  if (outcome.kind === 'not-modified') {
    await deps.state.recordNotModified(feed.id, at);
    return { outcome: 'not-modified', items: 0, newItems: 0, enqueued: [] };
  }
  if (outcome.kind === 'error') {
    const message = outcome.message;
    await deps.state.recordFailure(feed.id, { at, kind: outcome.errorKind, message });
    return { outcome: 'error', items: 0, newItems: 0, error: `${outcome.errorKind}: ${message}`, enqueued: [] };
  }
  const bodyHash = createHash('sha256').update(outcome.body).digest('hex');
  const validators = { etag: outcome.etag, lastModified: outcome.lastModified };
  if (bodyHash === state.bodyHash) {
    // Servers often send fresh validators for the same bytes: skip the parse.
    await deps.state.recordSuccess(feed.id, { at, ...validators, bodyHash, newItems: 0 });
    return { outcome: 'unchanged-body', items: 0, newItems: 0, enqueued: [] };
  }
  const decoded = decodeBody(outcome.body, outcome.contentType);
  // Relative item links resolve against where the document was really served from.
  const parsed = await parseFeed(decoded.text, outcome.contentType, { baseUrl: outcome.finalUrl });
  if (!parsed.ok) {
    await deps.state.recordFailure(feed.id, { at, kind: 'parse', message: `unparseable feed: ${parsed.reason}` });
    return { outcome: 'error', items: 0, newItems: 0, error: `parse: ${parsed.reason}`, enqueued: [] };
  }
  const jobs = collectItemJobs(feed, parsed.feed, at);
  const ids = jobs.map((job) => job.recordId);
  const unseen = new Set(await deps.seen.filterUnseen(feed.id, ids));
  const newJobs = jobs.filter((job) => unseen.has(job.recordId));
  // Enqueue before marking seen: a crash in between re-enqueues (deduplicated by job id and
  // the sinks' marks) rather than losing items.
  if (newJobs.length > 0) {
    // The article job enqueues the item job itself once the page is fetched (or has failed for good).
    if (feed.fetchArticle && deps.enqueueArticles) await deps.enqueueArticles(newJobs);
    else await deps.enqueueItems(newJobs);
  }
  await deps.seen.markSeen(feed.id, ids, now().getTime());
  await deps.state.recordSuccess(feed.id, { at, ...validators, bodyHash, title: parsed.feed.title, newItems: newJobs.length });
  return {
    outcome: newJobs.length > 0 ? 'new-items' : 'no-new-items',
    items: jobs.length,
    newItems: newJobs.length,
    enqueued: newJobs.map((job) => job.recordId),
  };
}
