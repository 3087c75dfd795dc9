import type { FeedState } from '../model/index.ts';

/**
 * Pure: the feeds most in need of attention first: most consecutive failures, then the oldest last
 * success (never succeeded counts as oldest), then id for a stable order.
 */
export function rankWorstFeeds<T extends Pick<FeedState, 'consecutiveFailures' | 'lastSuccessAt'> & { id: string }>(feeds: readonly T[], limit = 10): T[] {
  const successMs = (feed: T): number => {
    const ms = feed.lastSuccessAt === undefined ? Number.NaN : Date.parse(feed.lastSuccessAt);
    return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
  };
  return [...feeds]
    .sort((a, b) => (b.consecutiveFailures - a.consecutiveFailures) || (successMs(a) - successMs(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, limit));
}
