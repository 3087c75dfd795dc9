import { normalizeForComparison } from './normalize-text.ts';
import { finalize, mixBlock } from './murmur3.ts';

/*
 * SimHash-64 over word shingles. The 64 bits are two 32-bit halves, each from its own seeded 32-bit
 * hash, so no BigInt is needed on the hot path (~35x faster than BigInt arithmetic).
 */

const SHINGLE_WORDS = 3;
const SEED_HIGH = 0x9747b28c;
const SEED_LOW = 0x5bd1e995;
const HEX16 = /^[0-9a-fA-F]{16}$/;
const EMPTY_FINGERPRINT = '0000000000000000';

/** SimHash-64 of normalizeForComparison(text) over word 3-shingles (single words under 3 words), as 16 hex chars. */
export function simhash64(text: string): string {
  const normalized = normalizeForComparison(text);
  if (normalized === '') return EMPTY_FINGERPRINT;
  const words = normalized.split(' ');
  // Hash each word once; a shingle's hash mixes its words' hashes (no shingle strings are built).
  const high = new Uint32Array(words.length);
  const low = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    high[i] = murmur32(words[i]!, SEED_HIGH);
    low[i] = murmur32(words[i]!, SEED_LOW);
  }
  // Each output bit is set when more than half of the shingle hashes have it (SimHash's weight > 0).
  const highVotes = HIGH_VOTES.reset();
  const lowVotes = LOW_VOTES.reset();
  if (words.length < SHINGLE_WORDS) {
    for (let i = 0; i < words.length; i++) {
      highVotes.add(high[i]!);
      lowVotes.add(low[i]!);
    }
  } else {
    for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
      highVotes.add(mixShingle(SEED_HIGH, high[i]!, high[i + 1]!, high[i + 2]!));
      lowVotes.add(mixShingle(SEED_LOW, low[i]!, low[i + 1]!, low[i + 2]!));
    }
  }
  return toHex(highVotes.majority()) + toHex(lowVotes.majority());
}

/**
 * Per-bit counts of ones over many 32-bit values, kept bit-sliced: plane k holds bit k of all 32 counters,
 * so adding a value is a ripple carry over a few planes instead of 32 separate counter updates.
 */
class BitVotes {
  private readonly planes = new Int32Array(32);
  private used = 0;
  private count = 0;

  reset(): this {
    this.planes.fill(0, 0, this.used);
    this.used = 0;
    this.count = 0;
    return this;
  }

  add(value: number): void {
    this.count++;
    let carry = value | 0;
    for (let k = 0; carry !== 0; k++) {
      const plane = this.planes[k]!;
      this.planes[k] = plane ^ carry;
      carry &= plane;
      if (k >= this.used) this.used = k + 1;
    }
  }

  /** The bits that more than half of the added values have. */
  majority(): number {
    let out = 0;
    for (let bit = 0; bit < 32; bit++) {
      let ones = 0;
      for (let k = 0; k < this.used; k++) ones += ((this.planes[k]! >>> bit) & 1) << k;
      if (2 * ones > this.count) out |= 1 << bit;
    }
    return out >>> 0;
  }
}
const HIGH_VOTES = new BitVotes();
const LOW_VOTES = new BitVotes();

/** Number of differing bits between two simhash64 values; 64 (no match) when either is not 16 hex chars. */
export function hammingDistance64(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string' || !HEX16.test(a) || !HEX16.test(b)) return 64;
  const high = (Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16)) >>> 0;
  const low = (Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16)) >>> 0;
  return popcount32(high) + popcount32(low);
}

function toHex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** MurmurHash3-style 32-bit hash over UTF-16 code units (one block per unit), with the murmur3 finaliser. */
function murmur32(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = mixBlock(h, text.charCodeAt(i));
  return finalize(h, text.length);
}

/** Murmur3 over three 32-bit blocks: the word hashes of one shingle, in order. */
function mixShingle(seed: number, a: number, b: number, c: number): number {
  return finalize(mixBlock(mixBlock(mixBlock(seed | 0, a), b), c), 12);
}


function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
