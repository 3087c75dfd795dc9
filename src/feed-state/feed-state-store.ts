import type { FeedState } from '../model/index.ts';

export interface FeedSuccess {
  at: string;
  etag?: string | null;
  lastModified?: string | null;
  bodyHash?: string;
  title?: string | null;
  newItems: number;
}

export interface FeedFailure {
  at: string;
  kind: string;
  message: string;
}

/** Port: per-feed poll state (validators, health). */
export interface FeedStateStore {
  get(feedId: string): Promise<FeedState>;
  recordNotModified(feedId: string, at: string): Promise<void>;
  recordSuccess(feedId: string, success: FeedSuccess): Promise<void>;
  recordFailure(feedId: string, failure: FeedFailure): Promise<void>;
}
