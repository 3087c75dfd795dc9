import type { FeedConfig, FeedItem } from '../model/index.ts';
import type { ArticleMetadata } from '../article/article-metadata.ts';

/** BullMQ queue names; the queue keys live under the configured prefix. */
export const QUEUE_FETCH = 'fetch';
export const QUEUE_ITEMS = 'items';
export const QUEUE_NAMES = [QUEUE_FETCH, QUEUE_ITEMS] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
/** Article-page fetches for feeds with fetchArticle; served together with 'items' (it is a step of item processing). */
export const QUEUE_ARTICLES = 'articles';

export const JOB_POLL = 'poll';
export const JOB_ITEM = 'item';
export const JOB_ARTICLE = 'article';

/** Payload of one poll of one feed (also the job scheduler's template data). */
export interface FetchJobData {
  feed: FeedConfig;
}

/** Payload of one new item. */
export interface ItemJobData {
  recordId: string;
  itemKey: string;
  feed: { id: string; url: string; title: string | null; language: string | null };
  item: FeedItem;
  fetchedAt: string;
  /** Set when the item's article page was fetched (feeds with fetchArticle). */
  article?: ArticleMetadata;
}

/** Payload of one article-page fetch: the item job it enqueues afterwards (same recordId, same job id). */
export type ArticleJobData = Omit<ItemJobData, 'article'>;

export interface FetchJobResult {
  outcome: 'new-items' | 'no-new-items' | 'not-modified' | 'unchanged-body' | 'error' | 'skipped';
  items: number;
  newItems: number;
  error?: string;
  /** HTTP status class of the poll ('2xx', '3xx', '4xx', '5xx', or 'none' when no response arrived); for metrics. */
  statusClass?: string;
  /** Error kind (FetchErrorKind or 'parse') when outcome is 'error'; for metrics. */
  errorKind?: string;
}

/** Every Redis key sitrep writes outside BullMQ, built in one place. */
export class RedisKeys {
  constructor(readonly prefix: string) {}
  feedState(feedId: string): string { return `${this.prefix}:feed:${feedId}`; }
  /** Set of configured feed ids (what status and the API list). */
  feeds(): string { return `${this.prefix}:feeds`; }
  /** Sorted set of record ids seen in a feed, scored by last time seen (ms). */
  seen(feedId: string): string { return `${this.prefix}:seen:${feedId}`; }
  exactDedup(contentHash: string): string { return `${this.prefix}:dedup:exact:${contentHash}`; }
  clusterSources(clusterId: string): string { return `${this.prefix}:dedup:sources:${clusterId}`; }
  /** Prefix of the dedup index: buckets `<it>:<generation>:<4 hex>` and sources sets `<it>:src:<packed id hex>` (built in the script). */
  dedupIndexPrefix(): string { return `${this.prefix}:dd`; }
  sinkMark(sink: string, recordId: string): string { return `${this.prefix}:sink:${sink}:${recordId}`; }
  recordStream(): string { return `${this.prefix}:records`; }
  /** Latest replayed revision of a record (absent: revision 1); expires with the raw item window. */
  recordRevision(recordId: string): string { return `${this.prefix}:revision:${recordId}`; }
  reconcileLock(): string { return `${this.prefix}:lock:reconcile`; }
  counters(): string { return `${this.prefix}:counters`; }
  /** Records written in one UTC minute (minute = epoch ms / 60000), expiring after a few hours (the page's chart). */
  throughputMinute(minute: number): string { return `${this.prefix}:throughput:${minute}`; }
  /** Per-host politeness: ms time of the last fetch start (string) and the slots in use (zset token -> expiry ms). */
  hostLastStart(host: string): string { return `${this.prefix}:host:${host}:last`; }
  hostSlots(host: string): string { return `${this.prefix}:host:${host}:slots`; }
}
