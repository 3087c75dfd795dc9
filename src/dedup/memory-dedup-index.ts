import type { DedupCheck, DedupIndex, DedupVerdict } from './dedup-index.ts';

/** In-process index with the same semantics as the Redis one (for `sitrep dedup` and tests); unbounded. */
export class MemoryDedupIndex implements DedupIndex {
  private readonly firstByHash = new Map<string, string>();
  private readonly sourcesByHash = new Map<string, Set<string>>();

  checkAndInsertSync(check: DedupCheck): DedupVerdict {
    let first = this.firstByHash.get(check.contentHash);
    if (first === undefined) {
      first = check.recordId;
      this.firstByHash.set(check.contentHash, first);
    }
    let sources = this.sourcesByHash.get(check.contentHash);
    if (!sources) {
      sources = new Set();
      this.sourcesByHash.set(check.contentHash, sources);
    }
    sources.add(check.sourceDomain ?? '');
    return { duplicateOf: first === check.recordId ? null : first, cluster: first, sources: sources.size };
  }

  async checkAndInsert(check: DedupCheck): Promise<DedupVerdict> {
    return this.checkAndInsertSync(check);
  }
}
