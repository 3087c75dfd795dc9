const RE_CYRILLIC = /[\u0400-\u052f]/;
const RE_MARKS = /\p{M}+/gu;
const RE_APOSTROPHES = /[\u2019\u02bc\u2018`]/g;

/** No unit above 0x7f; a loop beats a regex call on the short tokens seen here. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * 16-bit hash of text[from, to) lower-cased, or -1 when a unit is not ASCII. For an ASCII token it is the hash
 * of foldKey(token) (folding ASCII only lower-cases A-Z), so a bitset of key hashes rules tokens out exactly.
 */
export function asciiKeyHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return (h ^ (h >>> 16)) & 0xffff;
}

/** Bitset of asciiKeyHash over the ASCII keys given (non-ASCII keys can only match non-ASCII tokens). */
export function makeKeyHashSet(keys: Iterable<string>): Uint8Array {
  const bits = new Uint8Array(0x10000 >>> 3);
  for (const key of keys) {
    const h = asciiKeyHash(key, 0, key.length);
    if (h >= 0) bits[h >>> 3] = (bits[h >>> 3] ?? 0) | (1 << (h & 7));
  }
  return bits;
}

/** Whether hash h (from asciiKeyHash, not -1) is in the bitset. */
export function hasKeyHash(bits: Uint8Array, h: number): boolean {
  return ((bits[h >>> 3] ?? 0) & (1 << (h & 7))) !== 0;
}

/** Lookup key for one token: lower case, diacritics removed ("Côte" → "cote", "Türkiye" → "turkiye"). */
export function foldKey(token: string): string {
  const lower = token.toLowerCase();
  if (isAscii(lower)) return lower;
  // Cyrillic letters with marks (й, ї) are distinct letters: keep them, only merge ё into е.
  if (RE_CYRILLIC.test(lower)) return lower.replace(/ё/g, 'е');
  return lower.normalize('NFD').replace(RE_MARKS, '').replace(RE_APOSTROPHES, "'").normalize('NFC');
}

/** Longest gap (in UTF-16 units) still treated as a join between two tokens of one name. */
const MAX_GAP = 4;

/**
 * Classifies the characters between two tokens of a multi-word name: ' ' (spaces), '.', "'" or '-';
 * null when the tokens cannot belong to one name.
 */
export function classifyGap(text: string, from: number, to: number): string | null {
  const len = to - from;
  if (len <= 0 || len > MAX_GAP) return null;
  const c = text.charCodeAt(from);
  if (len === 1) {
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0) return ' ';
    if (c === 46) return '.';
    if (c === 39 || c === 0x2019 || c === 0x02bc) return "'";
    if (c === 45 || c === 0x2010 || c === 0x2011) return '-';
    return null;
  }
  // "U. S." style: a dot followed by spaces.
  const first = c === 46 ? 1 : 0;
  for (let i = from + first; i < to; i++) {
    const k = text.charCodeAt(i);
    if (k !== 32 && k !== 9 && k !== 10 && k !== 13 && k !== 0xa0) return null;
  }
  return first === 1 ? '.' : ' ';
}
