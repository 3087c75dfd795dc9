import type { DedupSignature, DedupThresholds } from './signature.ts';

/** How an item matched: not at all, same normalized text, near-duplicate, or same story only. */
export type DedupMatch = 'none' | 'exact' | 'near' | 'story';

/** What the duplicate index answers for one item. */
export interface DedupVerdict {
  /** First record with this content (exact or near), or null when this item is that record. */
  duplicateOf: string | null;
  /** Shared by every copy: the first record's id. */
  cluster: string;
  /** Shared by items reporting the same event: the first such record's id (the cluster when alone). */
  story: string;
  /** Distinct source domains seen in the cluster so far, this one included. */
  sources: number;
  match: DedupMatch;
}

export interface DedupCheck {
  recordId: string;
  contentHash: string;
  sourceDomain: string | null;
  /** Near-duplicate and story signature; without it only exact copies are found. */
  signature?: DedupSignature | null;
  /** Publication time (ISO 8601); same-story matches must be within the story window of each other. */
  publishedAt?: string | null;
}

/** Settings shared by the Redis and in-memory indexes. */
export interface DedupIndexOptions {
  /** How long an item stays findable (at least this, at most this plus a quarter). */
  windowSeconds: number;
  /** Two items are one story only when published within this many hours of each other. */
  storyWindowHours: number;
  thresholds: DedupThresholds;
}

/**
 * Port: atomic check-and-insert. Two workers checking two copies at once still get exactly one
 * original. Re-checking the same record id (a retried job) answers as the first time did.
 */
export interface DedupIndex {
  checkAndInsert(check: DedupCheck): Promise<DedupVerdict>;
}

/** Window generations: an entry lives GENERATIONS+1 generations of windowSeconds/GENERATIONS each. */
export const GENERATIONS = 4;

/** Generation number of a time and the seconds one generation lasts. */
export function generationOf(nowMs: number, windowSeconds: number): { gen: number; genSeconds: number } {
  const genSeconds = Math.max(1, Math.ceil(windowSeconds / GENERATIONS));
  return { gen: Math.floor(nowMs / 1000 / genSeconds), genSeconds };
}

/** Hours since the epoch of a publication time, falling back to now when missing or invalid. */
export function publicationHour(publishedAt: string | null | undefined, nowMs: number): number {
  const ms = publishedAt ? Date.parse(publishedAt) : Number.NaN;
  return Math.floor((Number.isFinite(ms) ? ms : nowMs) / 3_600_000);
}
