/** What the exact-duplicate index answers for one item. */
export interface DedupVerdict {
  /** First record with this content, or null when this item is that record. */
  duplicateOf: string | null;
  cluster: string;
  /** Distinct source domains seen in the cluster so far, this one included. */
  sources: number;
}

export interface DedupCheck {
  recordId: string;
  contentHash: string;
  sourceDomain: string | null;
}

/**
 * Port: atomic check-and-insert. Two workers checking two copies at once still get exactly one
 * original. Re-checking the same record id (a retried job) answers as the first time did.
 */
export interface DedupIndex {
  checkAndInsert(check: DedupCheck): Promise<DedupVerdict>;
}
