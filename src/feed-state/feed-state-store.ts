import type { FeedState } from '../model/index.ts';

/** When the feed is due next and the counters that decided it (see src/feed-health/backoff-policy.ts). */
export interface FeedSchedule {
  nextPollAt: string;
  backoffLevel: number;
  quietPolls: number;
}

export interface FeedSuccess {
  at: string;
  schedule?: FeedSchedule;
  /** A permanent redirect's target, kept as the feed's URL for later polls. */
  urlOverride?: string;
  etag?: string | null;
  lastModified?: string | null;
  bodyHash?: string;
  title?: string | null;
  newItems: number;
}

export interface FeedFailure {
  at: string;
  schedule?: FeedSchedule;
  kind: string;
  message: string;
}

/** Port: per-feed poll state (validators, health). */
export interface FeedStateStore {
  get(feedId: string): Promise<FeedState>;
  recordNotModified(feedId: string, at: string, schedule?: FeedSchedule): Promise<void>;
  recordSuccess(feedId: string, success: FeedSuccess): Promise<void>;
  recordFailure(feedId: string, failure: FeedFailure): Promise<void>;
}
