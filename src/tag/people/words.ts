import type { CountryEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { asciiKeyHash, foldKey, hasKeyHash, makeKeyHashSet } from '../countries/normalize.ts';
import { CharClass, isAllUpper, isUpperAt, tokenizeWords } from '../countries/tokenize.ts';
import type { Tokens } from '../countries/tokenize.ts';

/**
 * One text split into word tokens (letter runs or digit runs, as the country tagger splits them), with
 * folded keys computed lazily. Shared by the units, people and organisation taggers.
 */
export interface Words {
  text: string;
  tokens: Tokens;
  count: number;
  keys: Array<string | undefined>;
}

let lastWords: Words | null = null;

/**
 * Tokenizes text for the name-like taggers. The units, people and organisation taggers run one after
 * another on the same text, so the last result (with its folded keys) is reused.
 */
export function splitWords(text: string): Words {
  if (lastWords !== null && lastWords.text === text) return lastWords;
  const tokens = tokenizeWords(text);
  const words: Words = { text, tokens, count: tokens.count, keys: new Array<string | undefined>(tokens.count) };
  lastWords = words;
  return words;
}

/** The context's shared tokens when they are for this text, else a fresh (or the cached) split. */
export function wordsFor(text: string, context: KindContext | undefined): Words {
  const shared = context?.words;
  return shared !== undefined && shared.text === text ? shared : splitWords(text);
}

/** The context's prebuilt country index, else one built from its countries. */
export function countryIndexFor(context: KindContext | undefined): CountryIndex {
  return context?.countryIndex ?? indexCountries(context?.countries);
}

export function startOf(w: Words, k: number): number {
  return w.tokens.starts[k] ?? 0;
}

export function endOf(w: Words, k: number): number {
  return w.tokens.ends[k] ?? 0;
}

/** Raw text of token k. */
export function rawAt(w: Words, k: number): string {
  return w.text.slice(startOf(w, k), endOf(w, k));
}

/** Folded (lower case, no diacritics) text of token k. */
export function keyAt(w: Words, k: number): string {
  if (k < 0 || k >= w.count) return '';
  let key = w.keys[k];
  if (key === undefined) {
    key = foldKey(rawAt(w, k));
    w.keys[k] = key;
  }
  return key;
}

export function isLetters(w: Words, k: number): boolean {
  const c = w.tokens.classes[k];
  return c === CharClass.latin || c === CharClass.cyrillic || c === CharClass.otherLetter;
}

export function isDigits(w: Words, k: number): boolean {
  return w.tokens.classes[k] === CharClass.digit;
}

/** Token k starts with an upper-case letter. */
export function isCap(w: Words, k: number): boolean {
  return k >= 0 && k < w.count && isLetters(w, k) && isUpperAt(w.text, startOf(w, k));
}

/** Token k is all upper case (two letters or more). */
export function isUpper(w: Words, k: number): boolean {
  return k >= 0 && k < w.count && isAllUpper(w.text, startOf(w, k), endOf(w, k));
}

/** The characters between token k and token k+1 ('' when they touch, null past the end). */
export function gapAfter(w: Words, k: number): string | null {
  if (k < 0 || k + 1 >= w.count) return null;
  return w.text.slice(endOf(w, k), startOf(w, k + 1));
}

function isPlainSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

/** The gap [from, to) is one to three plain spaces (/^[ \t\u00a0]{1,3}$/ on the slice, without slicing). */
function isShortSpaceRun(text: string, from: number, to: number): boolean {
  const len = to - from;
  if (len < 1 || len > 3) return false;
  for (let i = from; i < to; i++) if (!isPlainSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Tokens k and k+1 are separated by plain spaces only (one line, no punctuation). */
export function spaceAfter(w: Words, k: number): boolean {
  if (k < 0 || k + 1 >= w.count) return false;
  return isShortSpaceRun(w.text, endOf(w, k), startOf(w, k + 1));
}

/** Tokens k and k+1 can belong to one name: spaces, a hyphen, or an initial's dot. */
export function nameGapAfter(w: Words, k: number): boolean {
  if (k < 0 || k + 1 >= w.count) return false;
  const from = endOf(w, k);
  const to = startOf(w, k + 1);
  if (isShortSpaceRun(w.text, from, to)) return true;
  const c = w.text.charCodeAt(from);
  if (to - from === 1 && (c === 45 || c === 0x2010 || c === 0x2011)) return true;
  // A dot joins only after an initial ("Joseph R. Biden", "J.D. Vance"), not across sentences.
  const initialGap = c === 46 && (to - from === 1 || (to - from === 2 && w.text.charCodeAt(from + 1) === 32));
  return initialGap && from - startOf(w, k) === 1;
}

/** The gap between tokens k and k+1 is exactly one hyphen-minus (gapAfter(w, k) === '-'). */
export function hyphenAfter(w: Words, k: number): boolean {
  if (k < 0 || k + 1 >= w.count) return false;
  const from = endOf(w, k);
  return startOf(w, k + 1) - from === 1 && w.text.charCodeAt(from) === 45;
}

/** Token k+1 is a possessive "s" glued by an apostrophe ("Russia's", "Ukraine’s", "forces'"). */
export function possessiveAfter(w: Words, k: number): boolean {
  const g = gapAfter(w, k);
  if (g === null || g.length !== 1) return false;
  const c = g.charCodeAt(0);
  return (c === 39 || c === 0x2019 || c === 0x02bc) && keyAt(w, k + 1) === 's' && endOf(w, k + 1) - startOf(w, k + 1) === 1;
}

/** Country mentions of this text indexed by start and by end offset. */
export interface CountryIndex {
  byStart: Map<number, { iso2: string | null; end: number; kind: string }>;
  byEnd: Map<number, { iso2: string | null; start: number; kind: string }>;
}

/** Indexes the country mentions found in the same text. */
export function indexCountries(countries: readonly CountryEntity[] | undefined): CountryIndex {
  const byStart = new Map<number, { iso2: string | null; end: number; kind: string }>();
  const byEnd = new Map<number, { iso2: string | null; start: number; kind: string }>();
  if (Array.isArray(countries)) {
    for (const c of countries) {
      for (const m of c.mentions) {
        byStart.set(m.start, { iso2: c.iso2, end: m.end, kind: m.kind });
        byEnd.set(m.end, { iso2: c.iso2, start: m.start, kind: m.kind });
      }
    }
  }
  return { byStart, byEnd };
}

/** Sorted, de-duplicated, non-overlapping-first ordering of spans: earlier start, then longer. */
export function compareSpans(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Exactly `keys.has(keyAt(w, k))`, without folding the key of an all-ASCII token whose key hash is not in the
 * set (most tokens tested against small word lists).
 */
export function makeKeyMembership(keys: ReadonlySet<string>): (w: Words, k: number) => boolean {
  const hashes = makeKeyHashSet(keys);
  return (w, k) => {
    if (k >= 0 && k < w.count) {
      const h = asciiKeyHash(w.text, startOf(w, k), endOf(w, k));
      if (h >= 0 && !hasKeyHash(hashes, h)) return false;
    }
    return keys.has(keyAt(w, k));
  };
}

/**
 * A cheap pre-check on token k before its folded key is computed: true when some key of the given list
 * has the same first letter (case-insensitive) and length and, for an all-ASCII token, the same key hash.
 * Non-ASCII first letters always pass.
 */
export function makeKeyFilter(keys: Iterable<string>): (w: Words, k: number) => boolean {
  const list = [...keys];
  const seen = new Uint8Array(128 * 64);
  for (const key of list) {
    const c = key.charCodeAt(0);
    if (c < 128 && key.length < 64) seen[c * 64 + key.length] = 1;
  }
  // Then a hash of the whole lower-cased token: an ASCII token's key is exactly that, so a clear bit rules it out.
  const hashes = makeKeyHashSet(list);
  return (w, k) => {
    const s = startOf(w, k);
    const e = endOf(w, k);
    const len = e - s;
    let c = w.text.charCodeAt(s);
    if (c >= 128) return true;
    if (c >= 65 && c <= 90) c += 32;
    if (!(len < 64 && seen[c * 64 + len] === 1)) return false;
    const h = asciiKeyHash(w.text, s, e);
    return h < 0 || hasKeyHash(hashes, h);
  };
}
