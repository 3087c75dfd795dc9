const RE_NON_ASCII = /[^\x00-\x7f]/;
const RE_CYRILLIC = /[\u0400-\u052f]/;
const RE_MARKS = /\p{M}+/gu;
const RE_APOSTROPHES = /[\u2019\u02bc\u2018`]/g;

/** Lookup key for one token: lower case, diacritics removed ("Côte" → "cote", "Türkiye" → "turkiye"). */
export function foldKey(token: string): string {
  const lower = token.toLowerCase();
  if (!RE_NON_ASCII.test(lower)) return lower;
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
