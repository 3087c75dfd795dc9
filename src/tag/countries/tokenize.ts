/** Character classes used by the tokenizer. */
export const CharClass = {
  boundary: 0,
  latin: 1,
  cyrillic: 2,
  otherLetter: 3,
  digit: 4,
  mark: 5,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const RE_MARK = /^\p{M}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_LATIN = /^\p{Script=Latin}$/u;
const RE_CYRILLIC = /^\p{Script=Cyrillic}$/u;

/** One class per BMP code unit, built once so the hot loop is a table lookup (surrogates are boundaries). */
const CLASS_TABLE: Uint8Array = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    // Large uniform blocks (CJK, Hangul) are letters of another script; skip the regex work.
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3)) {
      table[c] = CharClass.otherLetter;
      continue;
    }
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) table[c] = CharClass.latin;
      else if (c >= 48 && c <= 57) table[c] = CharClass.digit;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (RE_MARK.test(ch)) table[c] = CharClass.mark;
    else if (RE_DIGIT.test(ch)) table[c] = CharClass.digit;
    else if (RE_LETTER.test(ch)) {
      if (RE_LATIN.test(ch)) table[c] = CharClass.latin;
      else if (RE_CYRILLIC.test(ch)) table[c] = CharClass.cyrillic;
      else table[c] = CharClass.otherLetter;
    }
  }
  return table;
}

/** Word tokens as parallel arrays of UTF-16 offsets and classes (no per-token objects). */
export interface Tokens {
  count: number;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  classes: ArrayLike<number>;
}

/** Texts at least this long get typed arrays; shorter ones plain arrays (see tokenizeWords). */
const TYPED_FROM_CHARS = 4096;

/**
 * Splits text into runs of one letter script (plus combining marks) or digits.
 * A change of script is a boundary, so mis-decoded glue ("Koreaโa") still leaves "Korea" whole.
 */
export function tokenizeWords(text: string): Tokens {
  return text.length >= TYPED_FROM_CHARS ? tokenizeLong(text) : tokenizeShort(text);
}

// Snippets: plain arrays of small integers. A typed array costs an ArrayBuffer allocation each, several
// times the whole scan of a 200-character snippet.
function tokenizeShort(text: string): Tokens {
  const n = text.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const classes: number[] = [];
  let i = 0;
  while (i < n) {
    const cls = CLASS_TABLE[text.charCodeAt(i)] ?? 0;
    if (cls === CharClass.boundary || cls === CharClass.mark) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      const c = CLASS_TABLE[text.charCodeAt(i)] ?? 0;
      if (c === cls || (c === CharClass.mark && cls !== CharClass.digit)) i++;
      else break;
    }
    starts.push(start);
    ends.push(i);
    classes.push(cls);
  }
  return { count: starts.length, starts, ends, classes };
}

// Long texts: typed arrays grown by doubling, off the JS heap so big inputs add no GC scanning.
function tokenizeLong(text: string): Tokens {
  const n = text.length;
  let cap = 1024;
  let starts: Int32Array<ArrayBuffer> = new Int32Array(cap);
  let ends: Int32Array<ArrayBuffer> = new Int32Array(cap);
  let classes: Uint8Array<ArrayBuffer> = new Uint8Array(cap);
  let count = 0;
  let i = 0;
  while (i < n) {
    const cls = CLASS_TABLE[text.charCodeAt(i)] ?? 0;
    if (cls === CharClass.boundary || cls === CharClass.mark) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      const c = CLASS_TABLE[text.charCodeAt(i)] ?? 0;
      if (c === cls || (c === CharClass.mark && cls !== CharClass.digit)) i++;
      else break;
    }
    if (count === cap) {
      cap *= 2;
      starts = growInt(starts, cap);
      ends = growInt(ends, cap);
      const nc = new Uint8Array(cap);
      nc.set(classes);
      classes = nc;
    }
    starts[count] = start;
    ends[count] = i;
    classes[count] = cls;
    count++;
  }
  return { count, starts, ends, classes };
}

function growInt(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** True when the code unit is an upper-case letter (ASCII fast path). */
export function isUpperAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 0x80) return c >= 65 && c <= 90;
  const ch = text.charAt(index);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** True when every letter of text[start,end) is upper case and there are at least two of them. */
export function isAllUpper(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  let letters = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) {
      letters++;
      continue;
    }
    if (c >= 0x80) {
      // Rare: decide the whole range the slow, Unicode-aware way.
      const s = text.slice(start, end);
      return s === s.toUpperCase() && s !== s.toLowerCase();
    }
  }
  return letters >= 2;
}
