import type { DedupCheck, DedupIndex, DedupIndexOptions, DedupMatch, DedupVerdict } from './dedup-index.ts';
import { generationOf, GENERATIONS, publicationHour } from './dedup-index.ts';
import { TOKEN_BAND, TOKEN_EXACT, TOKEN_LEDE, TOKEN_STORY, TokenTable } from './token-table.ts';
import { DEFAULT_THRESHOLDS, estimateContainment, estimateJaccardAt, MASK_BYTES, masksCompatibleAt, NEAR_FIGURE_BYTES, sameAnchorsAt, SKETCH_SIZE, STORY_FIGURE_BYTES, storyContextCompatibleAt, type DedupSignature } from './signature.ts';

interface Entry {
  cluster: string;
  story: string;
  domain: string;
}

interface Generation {
  gen: number;
  /** Entries in insertion order; the table maps tokens to positions here. */
  entries: Entry[];
  /**
   * What a candidate check reads, per position (ENTRY_BYTES each: mask, sketch, distinct words), and the
   * publication hour: one cache line per candidate instead of entry -> signature -> mask -> sketch.
   */
  data: Uint8Array;
  hours: Float64Array;
  /** exact token → entry; lede/band/story token → entry that inserted it first (numeric keys, see token-table.ts) */
  tokens: TokenTable;
}

// Scratch list of candidates already tried, as generation * 2^32 + position (the index is synchronous: never shared between calls).
const TRIED: number[] = [];
const SKETCH_AT = MASK_BYTES;
const WORDS_AT = MASK_BYTES + SKETCH_SIZE;
const ENTRY_BYTES = 48;
const INITIAL_ENTRIES = 256;
const NOT_FOUND = -1;

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
    const entry: Entry = { cluster, story, domain };
    const position = current.entries.length;
    current.entries.push(entry);
    if (sig) storeEntryData(current, position, sig, hour);
    const tokens = current.tokens;
    // No exact entry exists in any generation (checked above), so this insert never shadows one.
    tokens.addIfAbsent(TOKEN_EXACT, exactToken, position);
    if (sig) {
      if (sig.ledeToken) tokens.addIfAbsent(TOKEN_LEDE, sig.ledeToken, position);
      for (let b = 0; b < sig.bandTokens.length; b++) tokens.addIfAbsent(TOKEN_BAND, sig.bandTokens[b]!, position);
      for (let t = 0; t < sig.storyTokens.length; t++) tokens.addIfAbsent(TOKEN_STORY, sig.storyTokens[t]!, position);
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
    let bestGeneration: Generation | null = null;
    let bestPosition = NOT_FOUND;
    let bestScore = -1;
    const generations = this.generations;
    if (sig.ledeToken) {
      for (let g = 0; g < generations.length; g++) {
        const generation = generations[g]!;
        const position = generation.tokens.get(TOKEN_LEDE, sig.ledeToken);
        if (position < 0 || tried.includes(g * 2 ** 32 + position)) continue;
        tried.push(g * 2 ** 32 + position);
        const j = this.nearScore(sig, generation.data, position * ENTRY_BYTES, true);
        if (j > bestScore) {
          bestGeneration = generation;
          bestPosition = position;
          bestScore = j;
        }
      }
    }
    for (let g = 0; g < generations.length; g++) {
      const generation = generations[g]!;
      for (let b = 0; b < sig.bandTokens.length; b++) {
        const position = generation.tokens.get(TOKEN_BAND, sig.bandTokens[b]!);
        if (position < 0 || tried.includes(g * 2 ** 32 + position)) continue;
        tried.push(g * 2 ** 32 + position);
        const j = this.nearScore(sig, generation.data, position * ENTRY_BYTES, false);
        if (j > bestScore) {
          bestGeneration = generation;
          bestPosition = position;
          bestScore = j;
        }
      }
    }
    tried.length = 0;
    return bestGeneration === null ? null : bestGeneration.entries[bestPosition] ?? null;
  }

  /** Estimated Jaccard when the entry stored at data[offset..] is a near duplicate of the signature, else -1. */
  private nearScore(sig: DedupSignature, data: Uint8Array, offset: number, ledeMatch: boolean): number {
    const otherWords = data[offset + WORDS_AT]!;
    if (!masksCompatibleAt(sig.figureMask, sig.distinctWords, data, offset, otherWords, NEAR_FIGURE_BYTES)) return -1;
    const { nearJaccard, prefixContainment } = this.options.thresholds;
    const j = estimateJaccardAt(sig.sketch, data, offset + SKETCH_AT);
    const ok = (j >= nearJaccard && sameAnchorsAt(sig.figureMask, data, offset))
      || (ledeMatch && sig.distinctWords !== otherWords && estimateContainment(j, sig.distinctWords, otherWords) >= prefixContainment);
    return ok ? j : -1;
  }

  private bestStory(sig: DedupSignature, hour: number): Entry | null {
    let bestGeneration: Generation | null = null;
    let bestPosition = NOT_FOUND;
    let bestScore = -1;
    const tried = TRIED;
    tried.length = 0;
    const { storyJaccard, nearJaccard } = this.options.thresholds;
    const generations = this.generations;
    for (let g = 0; g < generations.length; g++) {
      const generation = generations[g]!;
      for (let t = 0; t < sig.storyTokens.length; t++) {
        const position = generation.tokens.get(TOKEN_STORY, sig.storyTokens[t]!);
        if (position < 0 || tried.includes(g * 2 ** 32 + position)) continue;
        tried.push(g * 2 ** 32 + position);
        const data = generation.data;
        const offset = position * ENTRY_BYTES;
        if (Math.abs(generation.hours[position]! - hour) > this.options.storyWindowHours
          || !masksCompatibleAt(sig.figureMask, sig.distinctWords, data, offset, data[offset + WORDS_AT]!, STORY_FIGURE_BYTES)
          || !storyContextCompatibleAt(sig.figureMask, data, offset)) continue;
        const j = estimateJaccardAt(sig.sketch, data, offset + SKETCH_AT);
        if (j >= storyJaccard && j < nearJaccard && j > bestScore) {
          bestGeneration = generation;
          bestPosition = position;
          bestScore = j;
        }
      }
    }
    tried.length = 0;
    return bestGeneration === null ? null : bestGeneration.entries[bestPosition] ?? null;
  }

  private findEntry(exactToken: string): Entry | undefined {
    for (const generation of this.generations) {
      const entry = entryOf(generation, TOKEN_EXACT, exactToken);
      if (entry) return entry;
    }
    return undefined;
  }

  private current(gen: number): Generation {
    const newest = this.generations[0];
    if (newest && newest.gen === gen) return newest;
    const generation: Generation = { gen, entries: [], data: new Uint8Array(INITIAL_ENTRIES * ENTRY_BYTES), hours: new Float64Array(INITIAL_ENTRIES), tokens: new TokenTable() };
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

/** Copies what candidate checks read into the generation's flat store (grown by doubling). */
function storeEntryData(generation: Generation, position: number, sig: DedupSignature, hour: number): void {
  while (position >= generation.hours.length) {
    const data = new Uint8Array(generation.data.length * 2);
    data.set(generation.data);
    generation.data = data;
    const hours = new Float64Array(generation.hours.length * 2);
    hours.set(generation.hours);
    generation.hours = hours;
  }
  const offset = position * ENTRY_BYTES;
  const data = generation.data;
  // Byte loops, not set(subarray): no view objects per insert.
  const mask = sig.figureMask;
  const sketch = sig.sketch;
  for (let i = 0; i < MASK_BYTES; i++) data[offset + i] = mask[i] ?? 0;
  for (let i = 0; i < SKETCH_SIZE; i++) data[offset + SKETCH_AT + i] = sketch[i] ?? 0;
  data[offset + WORDS_AT] = sig.distinctWords;
  generation.hours[position] = hour;
}

function entryOf(generation: Generation, kind: number, token: string): Entry | undefined {
  const position = generation.tokens.get(kind, token);
  return position < 0 ? undefined : generation.entries[position];
}
