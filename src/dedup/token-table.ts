/*
 * Open-addressing table from (kind, 48-bit hex token) to a small non-negative integer, in typed arrays:
 * no key strings kept, no per-entry objects for the GC to trace. Tokens that are not 12 lowercase hex
 * chars (a contentHash-derived token can be anything) go to a plain Map, so every string keeps its
 * own identity exactly as a Map<string, number> would.
 */

/** Token kinds sharing one table: the kind is part of the key. */
export const TOKEN_EXACT = 0;
export const TOKEN_LEDE = 1;
export const TOKEN_BAND = 2;
export const TOKEN_STORY = 3;

const TOKEN_HEX_CHARS = 12;
const OCCUPIED = 1 << 20;
const INITIAL_CAPACITY = 1024;
// Char code -> hex digit value, -1 for anything else (upper case included: "A" and "a" are other tokens).
const HEX_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let d = 0; d < 10; d++) table[48 + d] = d;
  for (let d = 0; d < 6; d++) table[97 + d] = 10 + d;
  return table;
})();

// Decoded key of the last parseToken call (single-threaded, never re-entered).
let keyHigh = 0;
let keyLow = 0;

/** Decodes a 12-char lowercase hex token into keyHigh (first 32 bits) and keyLow (last 16); false if it is not one. */
function parseToken(token: string): boolean {
  if (token.length !== TOKEN_HEX_CHARS) return false;
  let high = 0;
  let low = 0;
  for (let i = 0; i < TOKEN_HEX_CHARS; i++) {
    const c = token.charCodeAt(i);
    const v = c < 128 ? HEX_VALUE[c]! : -1;
    if (v < 0) return false;
    if (i < 8) high = (high << 4) | v;
    else low = (low << 4) | v;
  }
  keyHigh = high;
  keyLow = low;
  return true;
}

export class TokenTable {
  private high = new Int32Array(INITIAL_CAPACITY);
  /** Low 16 token bits, kind << 16, and OCCUPIED; 0 marks an empty slot. */
  private low = new Int32Array(INITIAL_CAPACITY);
  private values = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private odd: Map<string, number> | null = null;

  /** Value stored for (kind, token), or -1. */
  get(kind: number, token: string): number {
    if (!parseToken(token)) return this.odd?.get(`${kind}:${token}`) ?? -1;
    const high = keyHigh;
    const low = keyLow | (kind << 16) | OCCUPIED;
    const mask = this.high.length - 1;
    let slot = slotOf(high, low) & mask;
    for (;;) {
      const l = this.low[slot]!;
      if (l === 0) return -1;
      if (l === low && this.high[slot] === high) return this.values[slot]!;
      slot = (slot + 1) & mask;
    }
  }

  /** Stores value for (kind, token) unless the key is already there (the first insert wins). */
  addIfAbsent(kind: number, token: string, value: number): void {
    if (!parseToken(token)) {
      const key = `${kind}:${token}`;
      this.odd ??= new Map();
      if (!this.odd.has(key)) this.odd.set(key, value);
      return;
    }
    const high = keyHigh;
    const low = keyLow | (kind << 16) | OCCUPIED;
    if ((this.size + 1) * 2 > this.high.length) this.grow();
    const mask = this.high.length - 1;
    let slot = slotOf(high, low) & mask;
    for (;;) {
      const l = this.low[slot]!;
      if (l === 0) break;
      if (l === low && this.high[slot] === high) return;
      slot = (slot + 1) & mask;
    }
    this.high[slot] = high;
    this.low[slot] = low;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const oldHigh = this.high;
    const oldLow = this.low;
    const oldValues = this.values;
    const capacity = oldHigh.length * 2;
    this.high = new Int32Array(capacity);
    this.low = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < oldHigh.length; i++) {
      const l = oldLow[i]!;
      if (l === 0) continue;
      const h = oldHigh[i]!;
      let slot = slotOf(h, l) & mask;
      while (this.low[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = h;
      this.low[slot] = l;
      this.values[slot] = oldValues[i]!;
    }
  }
}

function slotOf(high: number, low: number): number {
  // Tokens are already hash output; the mix spreads the kind and low bits into the slot too.
  let h = high ^ Math.imul(low, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
