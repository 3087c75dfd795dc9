import type { Entities } from '../model/entities.ts';
import { hash as hashDigest } from 'node:crypto';
import { normalizeForComparison } from './normalize-text.ts';
import { finalize, mixBlock } from './murmur3.ts';
import { actorsConflict, actorWords } from './actor-classes.ts';

/*
 * Near-duplicate and same-story signature of one text (see docs/dedup.md for why this shape):
 * MinHash over the set of normalized words, kept as 60 four-bit values in 30 bytes (b-bit MinHash) for
 * verification and cut into LSH bands for candidate lookup; a lede key (first 8 words) for
 * truncated copies; a 64-bit Bloom mask of figure tokens so "3,000" never matches "10,000";
 * story tokens (entity anchors) for the second level.
 */

export const SKETCH_SIZE = 30;
/** Min-hash slots: 4 bits each, two per sketch byte (lower variance than 30 one-byte slots, same bytes). */
export const SKETCH_SLOTS = SKETCH_SIZE * 2;
/**
 * Bytes of the mask: 0-3 figures Bloom (story guard), 4-7 figures and names Bloom (truncation guard),
 * 8-9 hash of the exact set of figures and names, 10 hash of the opening words (0: too short),
 * 11 actor classes (military/civilian, see actor-classes.ts). Kept at 12 so a Redis info value stays
 * within 64 bytes (listpack-encoded hashes).
 */
export const MASK_BYTES = 12;
const FIGURE_BITS = 32;
const NAME_BITS = 32;
const ANCHOR_HASH_AT = 8;
/** Mask bytes checked by the near-duplicate figures guard and by the story figures guard. */
export const NEAR_FIGURE_BYTES = ANCHOR_HASH_AT;
export const STORY_FIGURE_BYTES = FIGURE_BITS / 8;
const OPENING_AT = 10;
const ACTORS_AT = 11;
/** Words hashed into the opening key, and the fewest words a text needs to have one. */
export const OPENING_WORDS = 3;
const OPENING_MIN_WORDS = 6;
export const BAND_COUNT = 6;
export const BAND_ROWS = 2;
export const LEDE_WORDS = 8;
const MAX_STORY_TOKENS = 2;
const NIBBLE_COLLISION = 1 / 16;

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
  /** Figure/name Bloom masks, anchor-set hash, opening hash and actor classes (MASK_BYTES bytes, layout above). */
  figureMask: Uint8Array;
  /** b-bit MinHash: low 4 bits of SKETCH_SLOTS minimum hashes, two per byte. */
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
// Same bits as signed 32-bit values: the hot loop then stays in small-integer arithmetic.
const SEEDS_I32 = new Int32Array(SEEDS.buffer);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const CAPITALIZED = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'\u2019]*[\p{L}\p{M}]/gu;
// The comparison form drops apostrophes inside words ("Moscow's" -> "moscows").
const APOSTROPHES = /['\u2019]/g;
const STOP_WORDS = new Set('a an the he she they we i his her their there what when where who as of to in on at for by with and or but is are was were be been has have had that this it its as from says said will would could may can not no'.split(' '));

// Scratch space reused by every call (single-threaded, never re-entered): no per-item allocation.
// Even and odd min-hash slots apart (one index per sketch byte in the hot loop).
const MINS_LO = new Int32Array(SKETCH_SIZE);
const MINS_HI = new Int32Array(SKETCH_SIZE);
const NO_MIN = 0xffff;
const WORD_HASH_SEED = 0x5bd1e995;
// Distinct-word set: open addressing over word hashes; a slot is taken when its stamp is this call's.
let seenKeys = new Int32Array(1024);
let seenStamps = new Uint32Array(1024);
let seenStamp = 0;
const NAME_HASHES = new Set<number>();
// Hashes of this call's distinct words, in order of first appearance (min-hash input).
let wordHashes: Int32Array = new Int32Array(256);
// Name hashes of this call as a short list: Set.has on an int32 boxes it to a heap number (GC per word).
const NAME_LIST_MAX = 32;
const NAME_LIST = new Int32Array(NAME_LIST_MAX);
let nameListSize = 0;
// Actor words by word hash, confirmed against the text on a hit (hashes only gate the string compare).
const ACTORS_BY_HASH: ReadonlyMap<number, Array<readonly [string, number]>> = (() => {
  const byHash = new Map<number, Array<readonly [string, number]>>();
  for (const [word, cls] of actorWords()) {
    const h = murmur32(word, WORD_HASH_SEED) | 0;
    const list = byHash.get(h);
    if (list) list.push([word, cls]);
    else byHash.set(h, [[word, cls]]);
  }
  return byHash;
})();
// 2^16-bit prefilter over ACTORS_BY_HASH: almost every word misses it without a Map lookup.
const ACTOR_FILTER: Uint8Array = (() => {
  const bits = new Uint8Array(8192);
  for (const h of ACTORS_BY_HASH.keys()) bits[(h & 0xffff) >>> 3]! |= 1 << (h & 7);
  return bits;
})();
// murmur32 state after the "lede " prefix, per seed (the lede token hashes the prefix and the text in place).
const LEDE_PREFIX = 'lede ';
const LEDE_HIGH_STATE = mixString(0x9747b28c, LEDE_PREFIX);
const LEDE_LOW_STATE = mixString(0x3c6ef372, LEDE_PREFIX);

/** Signature of a text (and optionally its tagged entities for story anchors). Never throws. */
export function computeSignature(text: string, entities?: Entities | null): DedupSignature {
  const normalized = normalizeForComparison(typeof text === 'string' ? text : '');
  // Same value as contentHash(text): the normalization is idempotent, so hash it once here.
  const hash = sha256Hex(normalized).slice(0, 32);
  const minsLo = MINS_LO.fill(NO_MIN + 1);
  const minsHi = MINS_HI.fill(NO_MIN + 1);
  const figureMask = new Uint8Array(MASK_BYTES);
  const names = typeof text === 'string' ? namesOf(text) : EMPTY_NAMES;
  const nameHashes = NAME_HASHES;
  nameHashes.clear();
  nameListSize = names.size <= NAME_LIST_MAX ? 0 : -1;
  for (const name of names) {
    const nh = murmur32(name, WORD_HASH_SEED) | 0;
    if (nameListSize < 0) nameHashes.add(nh);
    else NAME_LIST[nameListSize++] = nh;
  }
  seenStamp = (seenStamp + 1) >>> 0;
  if (seenStamp === 0) {
    seenStamps.fill(0);
    seenStamp = 1;
  }
  let distinct = 0;
  // Anchor-set hash: order-independent (sum and xor of per-anchor hashes), so no sort is needed.
  let anchorSum = 0;
  let anchorXor = 0;
  let anchorCount = 0;
  // Bottom-2 anchors by hash (story tokens), kept as word bounds in the normalized text.
  let low1 = 0xffffffff;
  let low2 = 0xffffffff;
  let start1 = -1;
  let end1 = -1;
  let start2 = -1;
  let end2 = -1;
  let actors = 0;
  let wordCount = 0;
  let opening = 0x2f0b3c1d;
  let ledeEnd = -1;
  // Words straight from the normalized text (single spaces, trimmed): no split, no word strings.
  const length = normalized.length;
  let at = 0;
  while (at < length) {
    const wordStart = at;
    let m = WORD_HASH_SEED | 0;
    let digit = false;
    let code = normalized.charCodeAt(at);
    while (code !== 32) {
      if (code >= 48 && code <= 57) digit = true;
      m = mixBlock(m, code);
      if (++at >= length) break;
      code = normalized.charCodeAt(at);
    }
    const wordEnd = at;
    at++;
    const h = finalize(m, wordEnd - wordStart);
    wordCount++;
    if (wordCount <= OPENING_WORDS) opening = mixBlock(opening, h);
    if (wordCount === LEDE_WORDS) ledeEnd = wordEnd;
    if (!addSeen(h | 0, distinct)) continue;
    distinct++;
    if (digit) {
      setBit(figureMask, (h & 0xffff) % FIGURE_BITS);
      setBit(figureMask, (h >>> 16) % FIGURE_BITS);
    } else {
      actors |= actorClassAt(h | 0, normalized, wordStart, wordEnd);
    }
    if (digit || (hasNameHash(h | 0) && names.has(normalized.slice(wordStart, wordEnd)))) {
      setBit(figureMask, FIGURE_BITS + ((h >>> 3) & 0xffff) % NAME_BITS);
      setBit(figureMask, FIGURE_BITS + (h >>> 19) % NAME_BITS);
      const ah = lowbias32(h ^ 0x1b873593);
      anchorSum = (anchorSum + ah) | 0;
      anchorXor ^= lowbias32(ah ^ 0x68e31da4);
      anchorCount++;
      const rank = lowbias32(h ^ 0x68e31da4);
      if (rank < low1) {
        low2 = low1;
        start2 = start1;
        end2 = end1;
        low1 = rank;
        start1 = wordStart;
        end1 = wordEnd;
      } else if (rank < low2) {
        low2 = rank;
        start2 = wordStart;
        end2 = wordEnd;
      }
    }
    if (distinct > wordHashes.length) wordHashes = growInt32(wordHashes);
    wordHashes[distinct - 1] = h | 0;
  }
  // Two 16-bit min-hash slots per 32-bit hash (lowbias32 inlined: this loop is most of the signature).
  // Slot-major, so each slot's two minimums stay in registers over all distinct words.
  const hashes = wordHashes;
  for (let i = 0; i < SKETCH_SIZE; i++) {
    const seed = SEEDS_I32[i]!;
    let minLo = NO_MIN + 1;
    let minHi = NO_MIN + 1;
    for (let w = 0; w < distinct; w++) {
      let x = hashes[w]! ^ seed;
      x ^= x >>> 16;
      x = Math.imul(x, 0x7feb352d);
      x ^= x >>> 15;
      x = Math.imul(x, 0x846ca68b);
      x ^= x >>> 16;
      const lo = x & 0xffff;
      const hi = x >>> 16;
      if (lo < minLo) minLo = lo;
      if (hi < minHi) minHi = hi;
    }
    minsLo[i] = minLo;
    minsHi[i] = minHi;
  }
  const anchorHash = finalize(mixBlock(anchorSum, anchorXor), anchorCount) & 0xffff;
  figureMask[ANCHOR_HASH_AT] = anchorHash >>> 8;
  figureMask[ANCHOR_HASH_AT + 1] = anchorHash & 0xff;
  if (wordCount >= OPENING_MIN_WORDS) figureMask[OPENING_AT] = (finalize(opening, OPENING_WORDS) % 255) + 1;
  figureMask[ACTORS_AT] = actors;
  const sketch = new Uint8Array(SKETCH_SIZE);
  const bandTokens: string[] = [];
  if (wordCount > 0) {
    for (let i = 0; i < SKETCH_SIZE; i++) sketch[i] = ((minsLo[i]! & 0xf) << 4) | (minsHi[i]! & 0xf);
    for (let b = 0; b < BAND_COUNT; b++) {
      let h = 0x1b873593 + b;
      for (let r = 0; r < BAND_ROWS; r++) {
        const slot = b * BAND_ROWS + r;
        h = mixBlock(h, (slot & 1) === 0 ? minsLo[slot >>> 1]! : minsHi[slot >>> 1]!);
      }
      bandTokens.push(token48(finalize(h, b), finalize(h ^ 0x7f4a7c15, b)));
    }
  }
  const anchors = start1 < 0 ? [] : start2 < 0 ? [normalized.slice(start1, end1)] : [normalized.slice(start1, end1), normalized.slice(start2, end2)];
  return {
    contentHash: hash,
    exactToken: hash.slice(0, 12),
    // The first LEDE_WORDS words joined by single spaces are exactly this prefix of the normalized text.
    ledeToken: ledeEnd >= 0 ? ledeTokenOf(normalized, ledeEnd) : null,
    bandTokens,
    storyTokens: storyTokensOf(entities ?? null, anchors),
    distinctWords: Math.min(255, distinct),
    figureMask,
    sketch,
  };
}

/** Adds a word hash to this call's distinct set; false when it was already there. */
function addSeen(key: number, size: number): boolean {
  const mask = seenKeys.length - 1;
  let slot = lowbias32(key) & mask;
  while (seenStamps[slot] === seenStamp) {
    if (seenKeys[slot] === key) return false;
    slot = (slot + 1) & mask;
  }
  seenKeys[slot] = key;
  seenStamps[slot] = seenStamp;
  // Keep the table at most half full (long texts only: 512 distinct words fit the initial size).
  if ((size + 1) * 2 > seenKeys.length) growSeen();
  return true;
}

function growInt32(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

function growSeen(): void {
  const oldKeys = seenKeys;
  const oldStamps = seenStamps;
  seenKeys = new Int32Array(oldKeys.length * 2);
  seenStamps = new Uint32Array(oldKeys.length * 2);
  const mask = seenKeys.length - 1;
  for (let i = 0; i < oldKeys.length; i++) {
    if (oldStamps[i] !== seenStamp) continue;
    let slot = lowbias32(oldKeys[i]!) & mask;
    while (seenStamps[slot] === seenStamp) slot = (slot + 1) & mask;
    seenKeys[slot] = oldKeys[i]!;
    seenStamps[slot] = seenStamp;
  }
}

/** Whether a word hash is one of this call's name hashes (the string is compared by the caller). */
function hasNameHash(hash: number): boolean {
  if (nameListSize < 0) return NAME_HASHES.has(hash);
  for (let i = 0; i < nameListSize; i++) if (NAME_LIST[i] === hash) return true;
  return false;
}

/** Same as tokenOf(`lede ${text.slice(0, end)}`) without building the string. */
function ledeTokenOf(text: string, end: number): string {
  let high = LEDE_HIGH_STATE;
  let low = LEDE_LOW_STATE;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    high = mixBlock(high, code);
    low = mixBlock(low, code);
  }
  const length = LEDE_PREFIX.length + end;
  return token48(finalize(high, length), finalize(low, length));
}

/** Actor class of the word at [start, end) of the text, looked up by its hash. */
function actorClassAt(hash: number, text: string, start: number, end: number): number {
  if ((ACTOR_FILTER[(hash & 0xffff) >>> 3]! & (1 << (hash & 7))) === 0) return 0;
  const candidates = ACTORS_BY_HASH.get(hash);
  if (candidates === undefined) return 0;
  for (const [word, cls] of candidates) if (word.length === end - start && text.startsWith(word, start)) return cls;
  return 0;
}

function sha256Hex(text: string): string {
  return hashDigest('sha256', text, 'hex');
}

/** b-bit MinHash Jaccard estimate between two sketches (4-bit slots, corrected for nibble collisions). */
export function estimateJaccard(a: Uint8Array, b: Uint8Array): number {
  return estimateJaccardAt(a, b, 0);
}

/** estimateJaccard against the sketch stored at b[offset..offset+SKETCH_SIZE) (flat entry stores). */
export function estimateJaccardAt(a: Uint8Array, b: Uint8Array, offset: number): number {
  let matches = 0;
  for (let i = 0; i < SKETCH_SIZE; i++) {
    const d = a[i]! ^ b[offset + i]!;
    if ((d & 0xf0) === 0) matches++;
    if ((d & 0x0f) === 0) matches++;
  }
  return Math.max(0, (matches / SKETCH_SLOTS - NIBBLE_COLLISION) / (1 - NIBBLE_COLLISION));
}

/** Containment of the smaller set in the larger, from a Jaccard estimate and the set sizes. */
export function estimateContainment(jaccard: number, sizeA: number, sizeB: number): number {
  const small = Math.max(1, Math.min(sizeA, sizeB));
  return Math.min(1, (jaccard * (sizeA + sizeB)) / ((1 + jaccard) * small));
}

/** True when every figure and name bit of the text with fewer words is also set in the other's mask. */
export function figuresCompatible(a: Pick<DedupSignature, 'figureMask' | 'distinctWords'>, b: Pick<DedupSignature, 'figureMask' | 'distinctWords'>): boolean {
  const small = a.distinctWords <= b.distinctWords ? a.figureMask : b.figureMask;
  const large = a.distinctWords <= b.distinctWords ? b.figureMask : a.figureMask;
  for (let i = 0; i < ANCHOR_HASH_AT; i++) if ((small[i]! & ~large[i]!) !== 0) return false;
  return true;
}

/**
 * figuresCompatible (bytes = ANCHOR_HASH_AT) or storyFiguresCompatible (bytes = FIGURE_BYTES) against a mask
 * stored at b[offset..]: every bit of the first `bytes` mask bytes of the text with fewer words (a on a tie) is in the other's.
 */
export function masksCompatibleAt(a: Uint8Array, wordsA: number, b: Uint8Array, offset: number, wordsB: number, bytes: number): boolean {
  if (wordsA <= wordsB) {
    for (let i = 0; i < bytes; i++) if ((a[i]! & ~b[offset + i]!) !== 0) return false;
  } else {
    for (let i = 0; i < bytes; i++) if ((b[offset + i]! & ~a[i]!) !== 0) return false;
  }
  return true;
}

/** sameAnchors against a mask stored at b[offset..]. */
export function sameAnchorsAt(a: Uint8Array, b: Uint8Array, offset: number): boolean {
  for (let i = ANCHOR_HASH_AT; i < OPENING_AT; i++) if (a[i] !== b[offset + i]) return false;
  return true;
}

/** storyContextCompatible against a mask stored at b[offset..]. */
export function storyContextCompatibleAt(a: Uint8Array, b: Uint8Array, offset: number): boolean {
  const openingA = a[OPENING_AT]!;
  if (openingA !== 0 && openingA === b[offset + OPENING_AT]) return false;
  return !actorsConflict(a[ACTORS_AT]!, b[offset + ACTORS_AT]!);
}

/** Same exact set of figures and names (an edited copy keeps them; a template with another name does not). */
export function sameAnchors(a: Pick<DedupSignature, 'figureMask'>, b: Pick<DedupSignature, 'figureMask'>): boolean {
  for (let i = ANCHOR_HASH_AT; i < OPENING_AT; i++) if (a.figureMask[i] !== b.figureMask[i]) return false;
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
  if (!a.storyTokens.some((t) => b.storyTokens.includes(t)) || !storyFiguresCompatible(a, b) || !storyContextCompatible(a, b)) return false;
  const j = estimateJaccard(a.sketch, b.sketch);
  // A near-identical text that failed the duplicate guards is a template with another name or figure.
  return j >= thresholds.storyJaccard && j < thresholds.nearJaccard;
}

/**
 * Story anchors: the country set joined with each of the (up to) two anchor words (figures and
 * names) of smallest hash, a bottom-k sample, so two reports sharing most anchors share a token.
 * Needs at least one country: a bare name or number would link unrelated events.
 */
function storyTokensOf(entities: Entities | null, anchors: string[]): string[] {
  if (!entities || entities.countries.length === 0 || anchors.length === 0) return [];
  const codes: string[] = [];
  for (const c of entities.countries) {
    const code = c.iso2 ?? c.name;
    if (!codes.includes(code)) codes.push(code);
  }
  const countries = codes.sort().join(',');
  const tokens: string[] = [];
  for (let i = 0; i < anchors.length && i < MAX_STORY_TOKENS; i++) tokens.push(tokenOf(`story ${countries} ${anchors[i]!}`));
  return tokens;
}

/**
 * Story guards beyond figures. Two reports that open with the same words but are not near copies are
 * one template filled with other facts (another place, verb or outcome); reports about armed personnel
 * and about civilians only ("troops" vs "workers" sent to Russia) are different events.
 */
export function storyContextCompatible(a: Pick<DedupSignature, 'figureMask'>, b: Pick<DedupSignature, 'figureMask'>): boolean {
  const openingA = a.figureMask[OPENING_AT]!;
  const openingB = b.figureMask[OPENING_AT]!;
  if (openingA !== 0 && openingA === openingB) return false;
  return !actorsConflict(a.figureMask[ACTORS_AT]!, b.figureMask[ACTORS_AT]!);
}

/** Figures of the text with fewer words all appear in the other (story guard: "24 killed" is not "31 killed"). */
export function storyFiguresCompatible(a: Pick<DedupSignature, 'figureMask' | 'distinctWords'>, b: Pick<DedupSignature, 'figureMask' | 'distinctWords'>): boolean {
  const small = a.distinctWords <= b.distinctWords ? a.figureMask : b.figureMask;
  const large = a.distinctWords <= b.distinctWords ? b.figureMask : a.figureMask;
  for (let i = 0; i < FIGURE_BITS / 8; i++) if ((small[i]! & ~large[i]!) !== 0) return false;
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

const EMPTY_NAMES: ReadonlySet<string> = new Set();

function tokenOf(text: string): string {
  return token48(murmur32(text, 0x9747b28c), murmur32(text, 0x3c6ef372));
}

function token48(high: number, low: number): string {
  return HEX[(high >>> 24) & 0xff]! + HEX[(high >>> 16) & 0xff]! + HEX[(high >>> 8) & 0xff]! + HEX[high & 0xff]! + HEX[(low >>> 8) & 0xff]! + HEX[low & 0xff]!;
}

function setBit(mask: Uint8Array, bit: number): void {
  mask[bit >>> 3]! |= 1 << (bit & 7);
}

/** Cheap well-mixed 32-bit permutation (lowbias32): one per word and sketch slot. */
function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function murmur32(text: string, seed: number): number {
  return finalize(mixString(seed, text), text.length);
}

/** murmur32 state after mixing every char code of the text into the seed (not finalized). */
function mixString(seed: number, text: string): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = mixBlock(h, text.charCodeAt(i));
  return h;
}

