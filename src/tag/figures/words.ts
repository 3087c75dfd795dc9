/** A word read around a number: offsets into the text and its lower-case form. Read-only: words are memoized and shared. */
export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly lower: string;
  /** Starts with a digit ("155mm", "2A6"). */
  readonly numeric: boolean;
  /** First letter upper case. */
  readonly capital: boolean;
}

const RE_LETTER = /\p{L}/u;

/** Letter test on one UTF-16 unit: ASCII fast path, regex only for the rare non-ASCII letter. */
export function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c >= 0xc0 && RE_LETTER.test(String.fromCharCode(c));
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Horizontal white space only: a line break ends a phrase. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x2007 || c === 0x200a;
}

export function isHyphen(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011;
}

/**
 * A word over its source text. The slice and its lower-case form are made on first use: most words read
 * around a number are looked at once or not at all (hot path, thousands of numbers per second).
 */
class LazyWord implements Word {
  private raw: string | undefined;
  private low: string | undefined;

  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get text(): string {
    if (this.raw === undefined) this.raw = this.source.slice(this.start, this.end);
    return this.raw;
  }

  get lower(): string {
    if (this.low === undefined) this.low = this.text.toLowerCase();
    return this.low;
  }

  get numeric(): boolean {
    return isDigit(this.source.charCodeAt(this.start));
  }

  get capital(): boolean {
    const c = this.source.charCodeAt(this.start);
    if (c >= 65 && c <= 90) return true;
    if (c <= 127) return false;
    const t = this.text;
    return t[0] !== t[0]?.toLowerCase();
  }
}

function makeWord(text: string, start: number, end: number): Word {
  return new LazyWord(text, start, end);
}

/** The part of a word before its first '-' (all of it without one): split('-')[0] without the array. */
export function beforeHyphen(word: string): string {
  const dash = word.indexOf('-');
  return dash < 0 ? word : word.slice(0, dash);
}

/** Skips horizontal spaces from pos; returns the new position. */
export function skipSpaces(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

// One-entry memo: the word after a number is read by the date, range and noun rules in turn.
let memoAtText = '';
let memoAtPos = -1;
let memoAtWord: Word | null = null;

/**
 * The word starting at the first non-space at or after pos: letters or digits, with inner hyphens
 * ("air-defence", "Su-34") and dots between letters ("U.S"). Null at punctuation, line break or end.
 */
export function readWordAt(text: string, pos: number): Word | null {
  const i = skipSpaces(text, pos);
  if (i === memoAtPos && text === memoAtText) return memoAtWord;
  const w = scanWordAt(text, i);
  memoAtText = text;
  memoAtPos = i;
  memoAtWord = w;
  return w;
}

function scanWordAt(text: string, i: number): Word | null {
  const n = text.length;
  if (i >= n) return null;
  const c0 = text.charCodeAt(i);
  if (!isLetter(c0) && !isDigit(c0)) return null;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (isLetter(c) || isDigit(c)) {
      j++;
      continue;
    }
    // Dotted abbreviations: "U.S.", "U.K." (upper-case letter, dot, upper-case letter).
    if (c === 46 && j + 1 < n && isUpper(text.charCodeAt(j - 1)) && isUpper(text.charCodeAt(j + 1))) {
      j += 2;
      if (j < n && text.charCodeAt(j) === 46 && !(j + 1 < n && isLetter(text.charCodeAt(j + 1)))) j++;
      continue;
    }
    if ((isHyphen(c) || c === 0xb2) && j + 1 < n) {
      const d = text.charCodeAt(j + 1);
      if (c === 0xb2) {
        j++;
        continue;
      }
      if (isLetter(d) || isDigit(d)) {
        j += 2;
        continue;
      }
    }
    break;
  }
  return makeWord(text, i, j);
}

/** Up to max words after pos, stopping at punctuation or a line break. */
export function readWordsAfter(text: string, pos: number, max: number): Word[] {
  const out: Word[] = [];
  let p = pos;
  while (out.length < max) {
    const w = readWordAt(text, p);
    if (w === null) break;
    out.push(w);
    p = w.end;
  }
  return out;
}

// One-entry memo: a number's rules ask for the word before the same position several times.
let memoBeforeText = '';
let memoBeforePos = -1;
let memoBeforeWord: Word | null = null;

/** The word ending just before pos (spaces skipped), or null at punctuation or line start. */
export function readWordBefore(text: string, pos: number): Word | null {
  if (pos === memoBeforePos && text === memoBeforeText) return memoBeforeWord;
  const w = scanWordBefore(text, pos);
  memoBeforeText = text;
  memoBeforePos = pos;
  memoBeforeWord = w;
  return w;
}

function scanWordBefore(text: string, pos: number): Word | null {
  let e = pos;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  if (e === 0) return null;
  // "approx." keeps its dot out of the word.
  let s = e;
  while (s > 0) {
    const c = text.charCodeAt(s - 1);
    if (isLetter(c) || isDigit(c)) s--;
    else if (isHyphen(c) && s - 2 >= 0 && isLetter(text.charCodeAt(s - 2)) && s < e) s--;
    else break;
  }
  if (s === e) return null;
  return makeWord(text, s, e);
}

/** The word before pos, also across one dot ("No. 617", "Nov. 7"). */
export function readWordBeforeLoose(text: string, pos: number): Word | null {
  let e = pos;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > 0 && text.charCodeAt(e - 1) === 46) return readWordBefore(text, e - 1);
  return readWordBefore(text, pos);
}

/** Whether the word at start opens a sentence (text start or after . ! ? : or a line break). */
export function startsSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 34 || text.charCodeAt(i) === 0x201c || text.charCodeAt(i) === 0x2018 || text.charCodeAt(i) === 39)) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 46 || c === 33 || c === 63 || c === 58 || c === 10 || c === 13 || c === 0x2014 || c === 8211;
}

/** Up to max words before pos, nearest first. */
export function readWordsBefore(text: string, pos: number, max: number): Word[] {
  const out: Word[] = [];
  let p = pos;
  while (out.length < max) {
    const w = readWordBefore(text, p);
    if (w === null) break;
    out.push(w);
    p = w.start;
  }
  return out;
}

/** Whether pos is preceded on its line only by spaces (list numbering "1. ..."). */
export function atLineStart(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 13;
}
