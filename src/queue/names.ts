import type { FeedConfig, FeedItem } from '../model/index.ts';
import type { ArticleMetadata } from '../article/article-metadata.ts';
import { tagInSlice } from './shards.ts';

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

/**
 * Every Redis key sitrep writes outside BullMQ, built in one place. On Redis Cluster (`cluster: true`) keys
 * that a script or MULTI uses together carry one hash tag, each group by its own key so the groups spread over
 * the masters: a feed's state and seen set by feed id, a host's politeness keys by host, the record stream
 * with its marks, and the dedup index (one slot: its check-and-insert must see every candidate atomically).
 * On a single Redis the names stay as they were before clustering existed.
 */
export class RedisKeys {
  private readonly dedupBase: string;
  private readonly streamBase: string;

  constructor(readonly prefix: string, readonly options: { cluster?: boolean } = {}) {
    const cluster = options.cluster === true;
    // The two busiest single-slot groups on different masters (first and last third of the slot space) rather
    // than wherever their names hash: on an even 3-master cluster the default names all hashed to one master.
    this.dedupBase = cluster ? `{${tagInSlice(`${prefix}:dedup`, 0, 3)}}` : prefix;
    this.streamBase = cluster ? `{${tagInSlice(`${prefix}:records`, 2, 3)}}` : `${prefix}:records`;
  }

  private tag(id: string): string {
    return this.options.cluster === true ? `{${id}}` : id;
  }

  feedState(feedId: string): string { return `${this.prefix}:feed:${this.tag(feedId)}`; }
  /** Set of configured feed ids (what status and the API list). */
  feeds(): string { return `${this.prefix}:feeds`; }
  /** Sorted set of record ids seen in a feed, scored by last time seen (ms). */
  seen(feedId: string): string { return `${this.prefix}:seen:${this.tag(feedId)}`; }
  exactDedup(contentHash: string): string { return `${this.dedupBase}:dedup:exact:${contentHash}`; }
  clusterSources(clusterId: string): string { return `${this.dedupBase}:dedup:sources:${clusterId}`; }
  /** Prefix of the dedup index: buckets `<it>:<generation>:<4 hex>` and sources sets `<it>:src:<packed id hex>` (built in the script). */
  dedupIndexPrefix(): string { return `${this.dedupBase}:dd`; }
  /** The stream sink's marks share the stream's slot (one script marks and appends). */
  sinkMark(sink: string, recordId: string): string {
    return sink === 'stream' && this.options.cluster === true ? `${this.streamBase}:sink:stream:${recordId}` : `${this.prefix}:sink:${sink}:${recordId}`;
  }
  recordStream(): string { return this.streamBase; }
  /** Latest replayed revision of a record (absent: revision 1); expires with the raw item window. */
  recordRevision(recordId: string): string { return `${this.prefix}:revision:${recordId}`; }
  reconcileLock(): string { return `${this.prefix}:lock:reconcile`; }
  counters(): string { return `${this.prefix}:counters`; }
  /** Records written in one UTC minute (minute = epoch ms / 60000), expiring after a few hours (the page's chart). */
  throughputMinute(minute: number): string {
    // One slot on a cluster: the chart reads the last hour with one MGET.
    return this.options.cluster === true ? `${this.streamBase}:throughput:${minute}` : `${this.prefix}:throughput:${minute}`;
  }
  /** Per-host politeness: ms time of the last fetch start (string) and the slots in use (zset token -> expiry ms). */
  hostLastStart(host: string): string { return `${this.prefix}:host:${this.tag(host)}:last`; }
  hostSlots(host: string): string { return `${this.prefix}:host:${this.tag(host)}:slots`; }
  /** Queue layout last started with ({shards, cluster} JSON): a changed shard count needs `sitrep rebalance`. */
  layout(): string { return `${this.prefix}:layout`; }
  /** Live worker processes: hash worker id -> JSON {host, pid, queues, shards, startedAt, seenAt}. */
  workers(): string { return `${this.prefix}:workers`; }
}
