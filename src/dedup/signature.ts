import type { Entities } from '../model/entities.ts';
import { createHash } from 'node:crypto';
import { normalizeForComparison } from './normalize-text.ts';

/*
 * Near-duplicate and same-story signature of one text (see docs/dedup.md for why this shape):
 * MinHash over the set of normalized words, kept as 32 one-byte values (b-bit MinHash) for
 * verification and cut into LSH bands for candidate lookup; a lede key (first 8 words) for
 * truncated copies; a 64-bit Bloom mask of figure tokens so "3,000" never matches "10,000";
 * story tokens (entity anchors) for the second level.
 */

export const SKETCH_SIZE = 30;
/** Bytes of the Bloom mask over figures and names. */
export const MASK_BYTES = 12;
const FIGURE_BITS = 32;
const NAME_BITS = 32;
/** Bytes 8-11 of the mask: a hash of the exact set of figures and names. */
const ANCHOR_HASH_AT = 8;
export const BAND_COUNT = 6;
export const BAND_ROWS = 2;
export const LEDE_WORDS = 8;
const MAX_STORY_TOKENS = 2;
const BYTE_COLLISION = 1 / 256;

export interface DedupSignature {
  /** 32 hex chars, contentHash of the text. */
  contentHash: string;
  /** 12-hex (48-bit) lookup tokens. */
  exactToken: string;
  ledeToken: string | null;
  bandTokens: string[];
  storyTokens: string[];
  /** Distinct normalized words (capped at 255). */
  distinctWords: number;
  /** Bloom mask of figure tokens (digits) and capitalized names, MASK_BYTES bytes. */
  figureMask: Uint8Array;
  /** b-bit MinHash: low byte of SKETCH_SIZE minimum hashes. */
  sketch: Uint8Array;
}

export interface DedupThresholds {
  /** Estimated word Jaccard at or above which two texts are one item (small edits). */
  nearJaccard: number;
  /** Estimated containment of the shorter text in the longer, when their ledes match (truncated copies). */
  prefixContainment: number;
  /** Estimated word Jaccard for two texts sharing an entity anchor to be one story. */
  storyJaccard: number;
}

export const DEFAULT_THRESHOLDS: DedupThresholds = { nearJaccard: 0.8, prefixContainment: 0.75, storyJaccard: 0.3 };

const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(SKETCH_SIZE);
  let x = 0x2545f491;
  for (let i = 0; i < SKETCH_SIZE; i++) {
    x = finalize(x + 0x9e3779b9, i);
    seeds[i] = x;
  }
  return seeds;
})();
const HAS_DIGIT = /\d/;
const CAPITALIZED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'\u2019]*[\p{L}\p{M}]/gu;
// The comparison form drops apostrophes inside words ("Moscow's" -> "moscows").
const APOSTROPHES = /['\u2019]/g;
const STOP_WORDS = new Set('a an the he she they we i his her their there what when where who as of to in on at for by with and or but is are was were be been has have had that this it its as from says said will would could may can not no'.split(' '));

/** Signature of a text (and optionally its tagged entities for story anchors). Never throws. */
export function computeSignature(text: string, entities?: Entities | null): DedupSignature {
  const normalized = normalizeForComparison(typeof text === 'string' ? text : '');
  const words = normalized === '' ? [] : normalized.split(' ');
  // Same value as contentHash(text): the normalization is idempotent, so hash it once here.
  const hash = createHash('sha256').update(normalized, 'utf8').digest('hex').slice(0, 32);
  const mins = new Uint32Array(SKETCH_SIZE).fill(0xffffffff);
  const figureMask = new Uint8Array(MASK_BYTES);
  const names = typeof text === 'string' ? namesOf(text) : new Set<string>();
  const anchors: string[] = [];
  const seen = new Set<number>();
  for (const word of words) {
    const h = murmur32(word, 0x5bd1e995);
    if (seen.has(h)) continue;
    seen.add(h);
    // Bytes 0-3: figures only (story guard); 4-7: figures and names (Bloom, truncation guard); 8-11: exact set hash.
    const digit = HAS_DIGIT.test(word);
    if (digit) {
      setBit(figureMask, (h & 0xffff) % FIGURE_BITS);
      setBit(figureMask, (h >>> 16) % FIGURE_BITS);
    }
    if (digit || names.has(word)) {
      setBit(figureMask, FIGURE_BITS + ((h >>> 3) & 0xffff) % NAME_BITS);
      setBit(figureMask, FIGURE_BITS + (h >>> 19) % NAME_BITS);
      anchors.push(word);
    }
    for (let i = 0; i < SKETCH_SIZE; i++) {
      const v = mix2(h, SEEDS[i]!);
      if (v < mins[i]!) mins[i] = v;
    }
  }
  let anchorHash = 0;
  for (const a of [...new Set(anchors)].sort()) anchorHash = mixBlock(anchorHash, murmur32(a, 0x1b873593));
  new DataView(figureMask.buffer).setUint32(ANCHOR_HASH_AT, finalize(anchorHash, anchors.length));
  const sketch = new Uint8Array(SKETCH_SIZE);
  for (let i = 0; i < SKETCH_SIZE; i++) sketch[i] = words.length === 0 ? 0 : mins[i]! & 0xff;
  const bandTokens: string[] = [];
  if (words.length > 0) {
    for (let b = 0; b < BAND_COUNT; b++) {
      let h = 0x1b873593 + b;
      for (let r = 0; r < BAND_ROWS; r++) h = mixBlock(h, mins[b * BAND_ROWS + r]!);
      bandTokens.push(token48(finalize(h, b), finalize(h ^ 0x7f4a7c15, b)));
    }
  }
  return {
    contentHash: hash,
    exactToken: hash.slice(0, 12),
    ledeToken: words.length >= LEDE_WORDS ? tokenOf(`lede ${words.slice(0, LEDE_WORDS).join(' ')}`) : null,
    bandTokens,
    storyTokens: storyTokensOf(entities ?? null, anchors),
    distinctWords: Math.min(255, seen.size),
    figureMask,
    sketch,
  };
}

/** b-bit MinHash Jaccard estimate between two sketches (corrected for one-byte collisions). */
export function estimateJaccard(a: Uint8Array, b: Uint8Array): number {
  let matches = 0;
  for (let i = 0; i < SKETCH_SIZE; i++) if (a[i] === b[i]) matches++;
  return Math.max(0, (matches / SKETCH_SIZE - BYTE_COLLISION) / (1 - BYTE_COLLISION));
}

/** Containment of the smaller set in the larger, from a Jaccard estimate and the set sizes. */
export function estimateContainment(jaccard: number, sizeA: number, sizeB: number): number {
  const small = Math.max(1, Math.min(sizeA, sizeB));
  return Math.min(1, (jaccard * (sizeA + sizeB)) / ((1 + jaccard) * small));
}

/** True when every figure and name bit of the text with fewer words is also set in the other's mask. */
export function figuresCompatible(a: Pick<DedupSignature, 'figureMask' | 'distinctWords'>, b: Pick<DedupSignature, 'figureMask' | 'distinctWords'>): boolean {
  const [small, large] = a.distinctWords <= b.distinctWords ? [a, b] : [b, a];
  for (let i = 0; i < ANCHOR_HASH_AT; i++) if ((small.figureMask[i]! & ~large.figureMask[i]!) !== 0) return false;
  return true;
}

/** Same exact set of figures and names (an edited copy keeps them; a template with another name does not). */
export function sameAnchors(a: Pick<DedupSignature, 'figureMask'>, b: Pick<DedupSignature, 'figureMask'>): boolean {
  for (let i = ANCHOR_HASH_AT; i < MASK_BYTES; i++) if (a.figureMask[i] !== b.figureMask[i]) return false;
  return true;
}

/** Near-duplicate decision (same rule as the Redis script): figures guard, then Jaccard or lede + containment. */
export function isNearDuplicate(a: DedupSignature, b: DedupSignature, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): boolean {
  if (!figuresCompatible(a, b)) return false;
  const j = estimateJaccard(a.sketch, b.sketch);
  if (j >= thresholds.nearJaccard && sameAnchors(a, b)) return true;
  // Truncation path: same lede and one text strictly shorter (equal lengths are edits, judged above).
  const ledeMatch = a.ledeToken !== null && a.ledeToken === b.ledeToken && a.distinctWords !== b.distinctWords;
  return ledeMatch && estimateContainment(j, a.distinctWords, b.distinctWords) >= thresholds.prefixContainment;
}

/** Same-story decision for two texts that share an anchor: word Jaccard over the threshold. */
export function isSameStory(a: DedupSignature, b: DedupSignature, thresholds: DedupThresholds = DEFAULT_THRESHOLDS): boolean {
  if (!a.storyTokens.some((t) => b.storyTokens.includes(t)) || !storyFiguresCompatible(a, b)) return false;
  const j = estimateJaccard(a.sketch, b.sketch);
  // A near-identical text that failed the duplicate guards is a template with another name or figure.
  return j >= thresholds.storyJaccard && j < thresholds.nearJaccard;
}

/**
 * Story anchors: the country set joined with each of the (up to) three anchor words (figures and
 * names) of smallest hash, a bottom-k sample, so two reports sharing most anchors share a token.
 * Needs at least one country: a bare name or number would link unrelated events.
 */
function storyTokensOf(entities: Entities | null, anchors: string[]): string[] {
  if (!entities || entities.countries.length === 0 || anchors.length === 0) return [];
  const countries = [...new Set(entities.countries.map((c) => c.iso2 ?? c.name))].sort().join(',');
  const ranked = [...new Set(anchors)].map((a) => ({ a, h: murmur32(a, 0x68e31da4) })).sort((x, y) => x.h - y.h);
  return ranked.slice(0, MAX_STORY_TOKENS).map(({ a }) => tokenOf(`story ${countries} ${a}`));
}

/** Figures of the text with fewer words all appear in the other (story guard: "24 killed" is not "31 killed"). */
export function storyFiguresCompatible(a: Pick<DedupSignature, 'figureMask' | 'distinctWords'>, b: Pick<DedupSignature, 'figureMask' | 'distinctWords'>): boolean {
  const [small, large] = a.distinctWords <= b.distinctWords ? [a, b] : [b, a];
  for (let i = 0; i < FIGURE_BITS / 8; i++) if ((small.figureMask[i]! & ~large.figureMask[i]!) !== 0) return false;
  return true;
}

/** Capitalized words (names, places) in lower case, minus common function words; checked against normalized words later. */
function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(CAPITALIZED)) {
    const word = match[0].toLowerCase().replace(APOSTROPHES, '');
    if (!STOP_WORDS.has(word)) names.add(word);
  }
  return names;
}

function tokenOf(text: string): string {
  return token48(murmur32(text, 0x9747b28c), murmur32(text, 0x3c6ef372));
}

function token48(high: number, low: number): string {
  return (high >>> 0).toString(16).padStart(8, '0') + ((low >>> 0) & 0xffff).toString(16).padStart(4, '0');
}

function setBit(mask: Uint8Array, bit: number): void {
  mask[bit >>> 3]! |= 1 << (bit & 7);
}

function mix2(h: number, seed: number): number {
  return finalize(mixBlock(seed, h), 4);
}

function murmur32(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = mixBlock(h, text.charCodeAt(i));
  return finalize(h, text.length);
}

function mixBlock(hash: number, block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(hash: number, length: number): number {
  let h = hash ^ length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
