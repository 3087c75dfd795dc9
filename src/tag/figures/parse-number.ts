import { SCALE_SUFFIXES, SCALE_WORDS, SMALL_NUMBERS } from './lexicon.ts';
import { beforeHyphen, isDigit, isLetter, isSpace, readWordAt } from './words.ts';

/** One number as written, before qualifiers and the counted noun. */
export interface NumberExpr {
  start: number;
  end: number;
  value: number;
  /** Digits only, no separator, no decimal, no scale: candidates for years and identifiers. */
  bare: boolean;
  spelled: boolean;
  /** A scale word or suffix was applied ("million", "bn", "k"); ranges share it. */
  scale: number;
  /** Scale was a glued "m" ("3m"): million with money, else possibly metres. */
  ambiguousM: boolean;
}

function isGroupSep(c: number): boolean {
  return c === 44 || c === 46 || c === 32 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x2007;
}

/** Exactly three digits at i, not followed by another digit. */
function threeDigitsAt(text: string, i: number): boolean {
  return (
    i + 3 <= text.length &&
    isDigit(text.charCodeAt(i)) && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) &&
    !(i + 3 < text.length && isDigit(text.charCodeAt(i + 3)))
  );
}

/** Scale word or glued suffix right after a number ending at pos. */
function readScale(text: string, pos: number): { end: number; scale: number; m: boolean } | null {
  // Glued suffix: "3bn", "10k", "5m" (must end the letter run).
  const c = text.charCodeAt(pos);
  if (isLetter(c)) {
    let j = pos;
    while (j < text.length && isLetter(text.charCodeAt(j))) j++;
    const suffix = text.slice(pos, j);
    const scale = SCALE_SUFFIXES.get(suffix.toLowerCase());
    if (scale !== undefined && !(j < text.length && isDigit(text.charCodeAt(j)))) {
      // "5M" alone is ambiguous with model names; accept lower-case m, or upper case when letters are 2+.
      if (suffix === 'K' || suffix === 'B' || suffix === 'M' || suffix.length > 1 || suffix === suffix.toLowerCase()) {
        return { end: j, scale, m: suffix.toLowerCase() === 'm' };
      }
    }
    return null;
  }
  if (!isSpace(c)) return null;
  const w = readWordAt(text, pos);
  if (w === null || w.numeric) return null;
  const scale = SCALE_WORDS.get(w.lower);
  if (scale === undefined || w.lower === 'dozen') return null;
  return { end: w.end, scale, m: false };
}

/** Parses digits at i ("3,000", "3.000", "3 000", "1.5 million", "3bn", "10k"). Null when i is not a digit. */
export function parseDigits(text: string, i: number): NumberExpr | null {
  const n = text.length;
  if (i >= n || !isDigit(text.charCodeAt(i))) return null;
  let j = i;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  const firstLen = j - i;
  let digits = text.slice(i, j);
  let grouped = false;
  let sepKind = -1;
  if (firstLen <= 3) {
    while (j < n && isGroupSep(text.charCodeAt(j)) && threeDigitsAt(text, j + 1)) {
      const sep = text.charCodeAt(j);
      if (sepKind !== -1 && sep !== sepKind) break;
      // A dot followed by three digits is a decimal when a scale follows ("1.250bn") or it is a second dot group.
      if (sep === 46 && readScale(text, j + 4) !== null) break;
      // Plain-space grouping only for a whole-looking number ("3 000"), never after a comma group.
      sepKind = sep;
      digits += text.slice(j + 1, j + 4);
      j += 4;
      grouped = true;
    }
  }
  let value = Number(digits);
  let decimal = false;
  if (j + 1 < n && (text.charCodeAt(j) === 46 || (text.charCodeAt(j) === 44 && sepKind !== 44 && !grouped && !threeDigitsAt(text, j + 1))) && isDigit(text.charCodeAt(j + 1))) {
    // Decimal point (or decimal comma "1,5 million" when it cannot be a thousands group).
    if (text.charCodeAt(j) === 44 && readScale(text, skipDigits(text, j + 1)) === null) {
      // "3,5" without a scale is likely a list; leave it as the integer part.
    } else {
      const k = skipDigits(text, j + 1);
      value = Number(`${digits}.${text.slice(j + 1, k)}`);
      decimal = true;
      j = k;
    }
  }
  if (!Number.isFinite(value)) return null;
  let scale = 1;
  let ambiguousM = false;
  const sc = readScale(text, j);
  if (sc !== null) {
    scale = sc.scale;
    ambiguousM = sc.m;
    value = value * sc.scale;
    j = sc.end;
  }
  return {
    start: i,
    end: j,
    value: roundValue(value),
    bare: !grouped && !decimal && scale === 1,
    spelled: false,
    scale,
    ambiguousM,
  };
}

function skipDigits(text: string, i: number): number {
  let k = i;
  while (k < text.length && isDigit(text.charCodeAt(k))) k++;
  return k;
}

/** Removes binary float noise ("7.9 * 1e9"). */
function roundValue(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Parses spelled-out numbers starting at the word at pos ("eighteen", "two hundred", "twenty-five",
 * "one hundred and fifty", "two dozen", "a thousand" is handled by the caller). Null when not a number.
 */
export function parseSpelled(text: string, pos: number): NumberExpr | null {
  let total = 0;
  let cur = 0;
  let any = false;
  let start = -1;
  let end = pos;
  let scale = 1;
  let p = pos;
  let lastWasScale = false;
  for (let guard = 0; guard < 12; guard++) {
    const w = readWordAt(text, p);
    if (w === null || w.numeric) break;
    if (w.lower === 'and' && any && lastWasScale) {
      // "one hundred and fifty": only when a number word follows.
      const nx = readWordAt(text, w.end);
      if (nx !== null && SMALL_NUMBERS.has(beforeHyphen(nx.lower))) {
        p = w.end;
        continue;
      }
      break;
    }
    const parts = w.lower.split('-');
    let ok = true;
    let partsValue = 0;
    for (const part of parts) {
      const v = SMALL_NUMBERS.get(part);
      if (v === undefined) {
        ok = false;
        break;
      }
      partsValue += v;
    }
    if (ok && parts.length <= 2) {
      // "twenty five" after a tens word continues; "five twenty" does not.
      if (any && !lastWasScale && !(cur % 100 >= 20 && cur % 10 === 0 && partsValue < 10)) break;
      cur += partsValue;
      any = true;
      lastWasScale = false;
      if (start < 0) start = w.start;
      end = w.end;
      p = w.end;
      continue;
    }
    const s = SCALE_WORDS.get(w.lower);
    if (s !== undefined && any && w.lower !== 'mln' && w.lower !== 'mn' && w.lower !== 'bln') {
      if (s === 100 || s === 12) cur = (cur || 1) * s;
      else {
        total += (cur || 1) * s;
        cur = 0;
      }
      scale = Math.max(scale, s);
      lastWasScale = true;
      end = w.end;
      p = w.end;
      continue;
    }
    break;
  }
  if (!any || start < 0) return null;
  return { start, end, value: total + cur, bare: false, spelled: true, scale, ambiguousM: false };
}
