import type { DedupCheck, DedupIndex, DedupIndexOptions, DedupMatch, DedupVerdict } from './dedup-index.ts';
import { generationOf, GENERATIONS, publicationHour } from './dedup-index.ts';
import { DEFAULT_THRESHOLDS, estimateContainment, estimateJaccard, figuresCompatible, sameAnchors, storyFiguresCompatible, type DedupSignature } from './signature.ts';

interface Entry {
  cluster: string;
  story: string;
  hour: number;
  domain: string;
  signature: DedupSignature | null;
}

interface Generation {
  gen: number;
  /** exact token → entry */
  entries: Map<string, Entry>;
  /** lede/band/story token → exact token of the entry that inserted it first */
  refs: Map<string, string>;
}

export const DEFAULT_INDEX_OPTIONS: DedupIndexOptions = { windowSeconds: 7 * 86_400, storyWindowHours: 48, thresholds: DEFAULT_THRESHOLDS };

/**
 * In-process index with the same algorithm and window as the Redis one (for `sitrep dedup`, tests
 * and the eval). Old generations are dropped as time moves on, so memory is bounded by the window.
 */
export class MemoryDedupIndex implements DedupIndex {
  private readonly options: DedupIndexOptions;
  private generations: Generation[] = [];
  private readonly sources = new Map<string, Set<string>>();

  constructor(options: Partial<DedupIndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  checkAndInsertSync(check: DedupCheck, nowMs: number = Date.now()): DedupVerdict {
    const { gen } = generationOf(nowMs, this.options.windowSeconds);
    this.dropOld(gen);
    const current = this.current(gen);
    const sig = check.signature ?? null;
    const exactToken = sig ? sig.exactToken : check.contentHash.slice(0, 12);
    const domain = check.sourceDomain ?? '';
    const hour = publicationHour(check.publishedAt, nowMs);

    const own = this.findEntry(exactToken);
    if (own) return this.join(own, check.recordId, domain, own.cluster === check.recordId ? 'none' : 'exact');

    let match: DedupMatch = 'none';
    let cluster = check.recordId;
    let story = check.recordId;
    let joined: Entry | null = null;
    if (sig) {
      const near = this.bestNear(sig);
      if (near) {
        joined = near;
        cluster = near.cluster;
        story = near.story;
        match = 'near';
      } else {
        const sameStory = this.bestStory(sig, hour);
        if (sameStory) {
          story = sameStory.story;
          match = 'story';
        }
      }
    }
    const entry: Entry = { cluster, story, hour, domain, signature: sig };
    current.entries.set(exactToken, entry);
    if (sig) {
      const tokens = [...(sig.ledeToken ? [`l${sig.ledeToken}`] : []), ...sig.bandTokens.map((t) => `b${t}`), ...sig.storyTokens.map((t) => `s${t}`)];
      for (const token of tokens) if (!current.refs.has(token)) current.refs.set(token, exactToken);
    }
    if (joined) return this.join(joined, check.recordId, domain, match);
    return { duplicateOf: null, cluster, story, sources: this.sources.get(cluster)?.size ?? 1, match };
  }

  async checkAndInsert(check: DedupCheck): Promise<DedupVerdict> {
    return this.checkAndInsertSync(check);
  }

  private join(entry: Entry, recordId: string, domain: string, match: DedupMatch): DedupVerdict {
    let sources = this.sources.get(entry.cluster);
    if (!sources && entry.cluster !== recordId) {
      sources = new Set([entry.domain]);
      this.sources.set(entry.cluster, sources);
    }
    sources?.add(domain);
    return {
      duplicateOf: entry.cluster === recordId ? null : entry.cluster,
      cluster: entry.cluster,
      story: entry.story,
      sources: sources?.size ?? 1,
      match,
    };
  }

  private bestNear(sig: DedupSignature): Entry | null {
    let best: Entry | null = null;
    let bestScore = -1;
    const candidates = new Map<string, boolean>();
    if (sig.ledeToken) for (const ref of this.findRefs(`l${sig.ledeToken}`)) candidates.set(ref, true);
    for (const band of sig.bandTokens) for (const ref of this.findRefs(`b${band}`)) if (!candidates.has(ref)) candidates.set(ref, false);
    for (const [ref, ledeMatch] of candidates) {
      const entry = this.findEntry(ref);
      if (!entry?.signature || !figuresCompatible(sig, entry.signature)) continue;
      const j = estimateJaccard(sig.sketch, entry.signature.sketch);
      const ok = (j >= this.options.thresholds.nearJaccard && sameAnchors(sig, entry.signature))
        || (ledeMatch && sig.distinctWords !== entry.signature.distinctWords && estimateContainment(j, sig.distinctWords, entry.signature.distinctWords) >= this.options.thresholds.prefixContainment);
      if (ok && j > bestScore) {
        best = entry;
        bestScore = j;
      }
    }
    return best;
  }

  private bestStory(sig: DedupSignature, hour: number): Entry | null {
    let best: Entry | null = null;
    let bestScore = -1;
    const seen = new Set<string>();
    for (const token of sig.storyTokens) {
      for (const ref of this.findRefs(`s${token}`)) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        const entry = this.findEntry(ref);
        if (!entry?.signature || Math.abs(entry.hour - hour) > this.options.storyWindowHours || !storyFiguresCompatible(sig, entry.signature)) continue;
        const j = estimateJaccard(sig.sketch, entry.signature.sketch);
        if (j >= this.options.thresholds.storyJaccard && j < this.options.thresholds.nearJaccard && j > bestScore) {
          best = entry;
          bestScore = j;
        }
      }
    }
    return best;
  }

  private findEntry(exactToken: string): Entry | undefined {
    for (const generation of this.generations) {
      const entry = generation.entries.get(exactToken);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Every generation may hold a ref for the token (one per generation, the first inserted there). */
  private findRefs(token: string): string[] {
    const refs: string[] = [];
    for (const generation of this.generations) {
      const ref = generation.refs.get(token);
      if (ref !== undefined) refs.push(ref);
    }
    return refs;
  }

  private current(gen: number): Generation {
    const newest = this.generations[0];
    if (newest && newest.gen === gen) return newest;
    const generation: Generation = { gen, entries: new Map(), refs: new Map() };
    this.generations.unshift(generation);
    return generation;
  }

  private dropOld(gen: number): void {
    // Sources sets outlive their generation a little; they are small and cleared with the index.
    this.generations = this.generations.filter((g) => g.gen >= gen - GENERATIONS);
    if (this.generations.length === 0) this.sources.clear();
  }
}
