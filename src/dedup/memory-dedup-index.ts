import type { DedupCheck, DedupIndex, DedupIndexOptions, DedupMatch, DedupVerdict } from './dedup-index.ts';
import { generationOf, GENERATIONS, publicationHour } from './dedup-index.ts';
import { DEFAULT_THRESHOLDS, estimateContainment, estimateJaccard, figuresCompatible, sameAnchors, storyContextCompatible, storyFiguresCompatible, type DedupSignature } from './signature.ts';

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
  /** lede/band/story token → entry that inserted it first (one map per kind: no key building) */
  ledes: Map<string, Entry>;
  bands: Map<string, Entry>;
  stories: Map<string, Entry>;
}

// Scratch list of candidates already tried (the index is synchronous: never shared between calls).
const TRIED: Entry[] = [];

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
      if (sig.ledeToken && !current.ledes.has(sig.ledeToken)) current.ledes.set(sig.ledeToken, entry);
      for (const t of sig.bandTokens) if (!current.bands.has(t)) current.bands.set(t, entry);
      for (const t of sig.storyTokens) if (!current.stories.has(t)) current.stories.set(t, entry);
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
    // Candidates are few (usually none): a reused linear "tried" list, no closure or Map per item.
    const tried = TRIED;
    tried.length = 0;
    let best: Entry | null = null;
    let bestScore = -1;
    const generations = this.generations;
    if (sig.ledeToken) {
      for (let g = 0; g < generations.length; g++) {
        const entry = generations[g]!.ledes.get(sig.ledeToken);
        if (entry === undefined || tried.includes(entry)) continue;
        tried.push(entry);
        const j = this.nearScore(sig, entry, true);
        if (j > bestScore) {
          best = entry;
          bestScore = j;
        }
      }
    }
    for (let g = 0; g < generations.length; g++) {
      const bands = generations[g]!.bands;
      for (let b = 0; b < sig.bandTokens.length; b++) {
        const entry = bands.get(sig.bandTokens[b]!);
        if (entry === undefined || tried.includes(entry)) continue;
        tried.push(entry);
        const j = this.nearScore(sig, entry, false);
        if (j > bestScore) {
          best = entry;
          bestScore = j;
        }
      }
    }
    tried.length = 0;
    return best;
  }

  /** Estimated Jaccard when the entry is a near duplicate of the signature, else -1. */
  private nearScore(sig: DedupSignature, entry: Entry, ledeMatch: boolean): number {
    const other = entry.signature;
    if (!other || !figuresCompatible(sig, other)) return -1;
    const { nearJaccard, prefixContainment } = this.options.thresholds;
    const j = estimateJaccard(sig.sketch, other.sketch);
    const ok = (j >= nearJaccard && sameAnchors(sig, other))
      || (ledeMatch && sig.distinctWords !== other.distinctWords && estimateContainment(j, sig.distinctWords, other.distinctWords) >= prefixContainment);
    return ok ? j : -1;
  }

  private bestStory(sig: DedupSignature, hour: number): Entry | null {
    let best: Entry | null = null;
    let bestScore = -1;
    const tried: Entry[] = [];
    for (const generation of this.generations) {
      for (const token of sig.storyTokens) {
        const entry = generation.stories.get(token);
        if (!entry || tried.includes(entry)) continue;
        tried.push(entry);
        const other = entry.signature;
        if (!other || Math.abs(entry.hour - hour) > this.options.storyWindowHours || !storyFiguresCompatible(sig, other) || !storyContextCompatible(sig, other)) continue;
        const j = estimateJaccard(sig.sketch, other.sketch);
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

  private current(gen: number): Generation {
    const newest = this.generations[0];
    if (newest && newest.gen === gen) return newest;
    const generation: Generation = { gen, entries: new Map(), ledes: new Map(), bands: new Map(), stories: new Map() };
    this.generations.unshift(generation);
    return generation;
  }

  private dropOld(gen: number): void {
    // Sources sets outlive their generation a little; they are small and cleared with the index.
    const oldest = this.generations[this.generations.length - 1];
    if (oldest && oldest.gen < gen - GENERATIONS) this.generations = this.generations.filter((g) => g.gen >= gen - GENERATIONS);
    if (this.generations.length === 0) this.sources.clear();
  }
}
