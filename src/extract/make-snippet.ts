export interface Snippet {
  text: string;
  truncated: boolean;
}

/** A sentence cut must keep at least this share of maxChars, else a word cut keeps more text. */
const MIN_SENTENCE_SHARE = 0.3;
/** A word cut must keep at least this share of maxChars, else cut inside the (very long) word. */
const MIN_WORD_SHARE = 0.5;
const ELLIPSIS = '…';

/** Words that end in a period without ending the sentence (matched case-sensitively, period excluded). */
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Dr', 'Prof', 'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Cpt', 'Cmdr', 'Cdr', 'Sgt',
  'Cpl', 'Pvt', 'Adm', 'Brig', 'Gov', 'Sen', 'Rep', 'Rev', 'Pres', 'Amb', 'Hon', 'Supt', 'Insp', 'Det',
  'St', 'Mt', 'Ft', 'Ave', 'Blvd', 'Rd', 'Dept', 'Univ', 'No', 'Nos', 'Nr', 'Jr', 'Sr', 'Messrs',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'vs', 'v', 'approx', 'est', 'ca', 'cf', 'al', 'Fig', 'fig', 'Vol', 'vol', 'Art', 'art', 'Ch', 'ch',
  'pp', 'p', 'Op', 'para', 'Para', 'Ref', 'ref', 'Ex', 'Sec', 'Secs', 'Atty',
]);
/** Initials and dotted abbreviations: "J", "U.S", "U.K", "a.m", "e.g". */
const DOTTED = /^(?:\p{L}\.)*\p{L}$/u;
const CLOSERS = new Set(['"', '\'', '”', '’', ')', ']', '»']);
const CJK_TERMINATORS = new Set(['。', '！', '？']);
const TRAILING_JOINERS = /[\s,;:\-–—(\[{"'“‘/]+$/u;
const UPSTREAM_CUT = /(?:\.\.\.|…)$/;
const LOWERCASE_START = /^\p{Ll}/u;
const WHITESPACE = /\s/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to at most maxChars at a sentence boundary, else at a word boundary with "…" appended;
 * truncated when cut or when the source already ended in "..."/"…". Never splits a surrogate pair.
 */
export function makeSnippet(text: string, maxChars: number): Snippet {
  const source = typeof text === 'string' ? text.trim() : '';
  const limit = Number.isFinite(maxChars) ? Math.max(0, Math.floor(maxChars)) : maxChars > 0 ? Infinity : 0;
  const upstreamCut = UPSTREAM_CUT.test(source);
  if (source.length <= limit) return { text: source, truncated: upstreamCut };
  if (limit === 0) return { text: '', truncated: source.length > 0 };

  const sentenceEnd = findSentenceEnd(source, limit);
  if (sentenceEnd >= limit * MIN_SENTENCE_SHARE && sentenceEnd > 0) {
    return { text: source.slice(0, sentenceEnd).trimEnd(), truncated: true };
  }
  return { text: cutAtWord(source, limit - 1) + ELLIPSIS, truncated: true };
}

/** End offset of the last sentence that fits in limit chars, or 0. */
function findSentenceEnd(text: string, limit: number): number {
  let best = 0;
  const scanTo = Math.min(text.length, limit);
  for (let i = 0; i < scanTo; i++) {
    const ch = text[i]!;
    if (CJK_TERMINATORS.has(ch)) {
      let end = i + 1;
      while (end < text.length && CLOSERS.has(text[end]!)) end++;
      if (end <= limit) best = end;
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let end = i + 1;
    while (end < text.length && (text[end] === '.' || text[end] === '!' || text[end] === '?')) end++;
    while (end < text.length && CLOSERS.has(text[end]!)) end++;
    if (end > limit) break;
    if (end < text.length && !WHITESPACE.test(text[end]!)) {
      i = end - 1;
      continue; // "3.5", "example.com", "U.S.-led"
    }
    if (ch === '.' && end === i + 1 && isAbbreviation(text, i)) continue;
    if (end - i >= 3 && text.slice(i, i + 3) === '...') continue; // an ellipsis trails off, it does not end
    if (startsLowercase(text, end)) continue; // "approx. five", "Corp. said"
    best = end;
    i = end - 1;
  }
  return best;
}

function startsLowercase(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && WHITESPACE.test(text[i]!)) i++;
  return i < text.length && LOWERCASE_START.test(text.slice(i, i + 2));
}

function isAbbreviation(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && !/[\s("'“‘[]/.test(text[start - 1]!)) start--;
  const word = text.slice(start, dot);
  if (word.length === 0) return false;
  return ABBREVIATIONS.has(word) || DOTTED.test(word);
}

/** Longest prefix of at most maxLength chars ending at a word boundary (or a grapheme boundary in a huge word). */
function cutAtWord(text: string, maxLength: number): string {
  if (maxLength <= 0) return '';
  let space = -1;
  for (let i = maxLength; i > 0; i--) {
    if (WHITESPACE.test(text[i]!)) {
      space = i;
      break;
    }
  }
  const cut = space >= maxLength * MIN_WORD_SHARE ? space : graphemeBoundaryAtOrBefore(text, maxLength);
  const prefix = text.slice(0, cut).replace(TRAILING_JOINERS, '');
  return prefix.length > 0 ? prefix : text.slice(0, cut);
}

function graphemeBoundaryAtOrBefore(text: string, index: number): number {
  // Segment only a window around the cut: the grapheme clusters there are all that matter.
  const from = Math.max(0, index - 64);
  let boundary = from;
  for (const { index: offset } of graphemes.segment(text.slice(from, index + 64))) {
    const at = from + offset;
    if (at > index) break;
    boundary = at;
  }
  if (boundary === from && from > 0) boundary = index;
  // Whatever the segmenter said, never leave a lone high surrogate.
  const code = text.charCodeAt(boundary - 1);
  if (code >= 0xd800 && code <= 0xdbff) boundary--;
  return boundary;
}
