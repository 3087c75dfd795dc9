/** One configured source, as validated from config/feeds.yaml (or OPML). */
export interface FeedConfig {
  /** [a-z0-9-], unique across the feed list. */
  id: string;
  url: string;
  /** Poll interval, already clamped to the configured min/max. */
  intervalSeconds: number;
  tags: string[];
  /** Declared language (BCP 47 primary tag), overrides what the feed says. */
  language?: string;
  fetchArticle: boolean;
  /** Display title from config; the feed's own title is used when absent. */
  title?: string;
}

/** Everything the poller keeps about a feed between polls (a Redis hash). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** sha256 of the last body that parsed, to skip re-parsing when validators are stale. */
  bodyHash?: string;
  title?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  consecutiveFailures: number;
  lastError?: string;
  lastErrorKind?: string;
  /** Items enqueued over the feed's lifetime. */
  itemCount: number;
  status: 'ok' | 'failing' | 'unknown';
  /** ISO time before which a scheduled poll is skipped (backoff or adaptive polling). */
  nextPollAt?: string;
  /** Set by an operator (`sitrep feeds disable`): scheduled polls skip the feed. */
  disabled?: boolean;
  /** Where a permanent redirect (301/308) moved the feed; later polls fetch this instead of the configured URL. */
  urlOverride?: string;
  /** Weighted count of recent failures driving the exponential backoff; 0 when healthy. */
  backoffLevel?: number;
  /** Consecutive successful polls without new items (adaptive polling slows down on these). */
  quietPolls?: number;
}
