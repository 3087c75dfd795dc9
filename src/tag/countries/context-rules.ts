import {
  COMMON_NOUN_FOLLOWERS, COMMON_NOUN_PRECEDERS, Flag, GIVEN_NAMES, SHIP_PREFIXES, STATE_FOLLOWERS,
} from './curated.ts';
import { classifyGap } from './normalize.ts';
import type { Match, Scan } from './matcher.ts';
import { keyAt, walk } from './matcher.ts';
import { CharClass, isAllUpper, isUpperAt } from './tokenize.ts';

/** Words before a capital that make it a place ("in Moscow", "40 km east of Moscow", "visited Kyiv"). */
const PLACE_PRECEDERS: ReadonlySet<string> = new Set([
  'in', 'at', 'to', 'from', 'near', 'outside', 'inside', 'into', 'around', 'across', 'through',
  'throughout', 'within', 'of', 'via', 'above', 'over', 'off', 'beyond', 'onto', 'nearby',
  'visit', 'visits', 'visited', 'visiting', 'reach', 'reached', 'reaching', 'left', 'leave',
  'leaving', 'flew', 'fly', 'flying', 'travel', 'travelled', 'traveled', 'travelling', 'traveling',
  'hit', 'hits', 'struck', 'strike', 'strikes', 'attacked', 'bombed', 'shelled', 'shelling',
  'targeted', 'targeting', 'evacuated', 'entered', 'encircle', 'encircled', 'besieged',
  'occupied', 'captured', 'central', 'downtown', 'northern', 'southern', 'eastern', 'western',
  'suburban', 'greater', 'outskirts',
  // Russian and Ukrainian prepositions of place
  'в', 'во', 'у', 'из', 'под', 'около', 'возле', 'до', 'к', 'ко', 'з', 'із', 'зі', 'біля', 'над', 'через',
]);

/** Nouns after a capital that make it the city ("Moscow region", "Kyiv residents", "Moscow's streets"). */
const PLACE_NOUNS: ReadonlySet<string> = new Set([
  'region', 'oblast', 'city', 'mayor', 'metro', 'subway', 'airport', 'airports', 'residents',
  'resident', 'suburbs', 'suburb', 'outskirts', 'streets', 'street', 'centre', 'center', 'time',
  'district', 'districts', 'province', 'skyline', 'bureau', 'correspondent', 'correspondents',
  'university', 'marathon', 'zoo', 'police', 'apartment', 'apartments', 'hotel', 'hotels',
  'restaurant', 'river', 'theatre', 'theater', 'museum', 'underground', 'traffic', 'weather',
  'council', 'municipality', 'neighbourhood', 'neighborhood', 'area', 'areas', 'environs',
  'square', 'embankment', 'port', 'harbour', 'harbor', 'highway', 'ring', 'outskirt', 'suburbs',
  'population', 'stock', 'exchange', 'local', 'locals', 'office', 'offices', 'landmarks',
]);

/** Hyphenated words after a capital that make it a place ("Moscow-based"). */
const PLACE_HYPHEN_SUFFIXES: ReadonlySet<string> = new Set([
  'based', 'born', 'bound', 'area', 'region', 'headquartered', 'registered',
]);

/** Capitalised words before a country form that do not turn it into a person's name. */
const NAME_PREFIX_EXCEPTIONS: ReadonlySet<string> = new Set([
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central',
  'greater', 'upper', 'lower', 'neighbouring', 'neighboring', 'official', 'modern', 'ancient',
  'democratic', 'independent', 'occupied', 'free', 'soviet', 'imperial', 'royal', 'federal',
  'president', 'king', 'queen', 'prince', 'princess', 'the', 'and', 'of', 'with', 'against',
]);

/** Words around a demonym that make it a language name ("in Russian", "Russian-speaking"). */
const LANGUAGE_FOLLOWERS: ReadonlySet<string> = new Set([
  'language', 'languages', 'speaking', 'speaker', 'speakers', 'dialect', 'dialects', 'translation',
  'translations', 'subtitles', 'subtitled', 'alphabet', 'lessons', 'grammar', 'literature',
]);
const LANGUAGE_PRECEDERS: ReadonlySet<string> = new Set([
  'speak', 'speaks', 'spoke', 'spoken', 'speaking', 'fluent', 'learn', 'learning', 'learned',
  'learnt', 'teach', 'teaches', 'teaching', 'taught', 'translated', 'translate', 'translates',
  'into', 'dubbed',
]);

/** Words after Georgia that mean the US state ("Georgia's governor", "Georgia voters"). */
const US_STATE_FOLLOWERS: ReadonlySet<string> = new Set([
  'governor', 'gov', 'legislature', 'senate', 'senator', 'lawmakers', 'voters', 'democrats',
  'republicans', 'primary', 'county', 'counties', 'bulldogs', 'sheriff', 'statehouse', 'state',
  'election', 'elections', 'ballots', 'peach',
]);
const US_GEORGIA_CITIES: ReadonlySet<string> = new Set([
  'atlanta', 'savannah', 'augusta', 'macon', 'athens', 'columbus', 'marietta', 'valdosta', 'alpharetta',
]);

const HONORIFICS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'dr', 'miss', 'sir', 'dame', 'lady']);

/** Words after "the Emirates" that make it the airline or a venue. */
const BRAND_FOLLOWERS: ReadonlySet<string> = new Set([
  'airline', 'airlines', 'flight', 'flights', 'stadium', 'cup', 'plane', 'planes', 'jet', 'jets', 'crew',
]);

const MONTHS: ReadonlySet<string> = new Set([
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october',
  'november', 'december',
]);

const RE_SENTENCE_PUNCT = /[.!?:;"“”«»()[\]\n|•–—]/;

function isWord(scan: Scan, k: number): boolean {
  const c = scan.tokens.classes[k];
  return c === CharClass.latin || c === CharClass.cyrillic;
}

/** Raw text between token k-1 and token k. */
function gapBefore(scan: Scan, k: number): string {
  const { starts, ends } = scan.tokens;
  const from = k > 0 ? (ends[k - 1] ?? 0) : 0;
  const to = starts[k] ?? 0;
  // Long gaps are never a join; only their punctuation matters, so look at a bounded slice.
  return to - from > 16 ? scan.text.slice(from, from + 8) + '\n' : scan.text.slice(from, to);
}

/** True when token k directly follows k-1 with only spaces between. */
function spaceJoined(scan: Scan, k: number): boolean {
  if (k <= 0 || k >= scan.tokens.count) return false;
  return classifyGap(scan.text, scan.tokens.ends[k - 1] ?? 0, scan.tokens.starts[k] ?? 0) === ' ';
}

function isSentenceStart(scan: Scan, k: number): boolean {
  if (k <= 0) return true;
  if (!isWord(scan, k - 1)) return false;
  return RE_SENTENCE_PUNCT.test(gapBefore(scan, k));
}

/** A capitalised Latin word that sits inside a sentence (so it is likely part of a proper name). */
function isInnerCapitalised(scan: Scan, k: number): boolean {
  if (k < 0 || k >= scan.tokens.count) return false;
  if (scan.tokens.classes[k] !== CharClass.latin) return false;
  if (!isUpperAt(scan.text, scan.tokens.starts[k] ?? 0)) return false;
  return !isSentenceStart(scan, k);
}

/** Index of the word before `first` joined by spaces, optionally skipping "the"; -1 if none. */
function prevWord(scan: Scan, first: number, skipThe: boolean): number {
  let k = first - 1;
  if (k < 0 || !spaceJoined(scan, first) || !isWord(scan, k)) return -1;
  if (skipThe && keyAt(scan, k) === 'the') {
    if (k - 1 < 0 || !spaceJoined(scan, k) || !isWord(scan, k - 1)) return -1;
    k--;
  }
  return k;
}

/** Index of the word after `last` joined by spaces, or -1. */
function nextWord(scan: Scan, last: number): number {
  const k = last + 1;
  if (k >= scan.tokens.count || !spaceJoined(scan, k) || !isWord(scan, k)) return -1;
  return k;
}

/** Length of a possessive "'s" / "’s" right at `pos`, else 0. */
function possessiveAt(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c !== 39 && c !== 0x2019) return 0;
  const s = text.charCodeAt(pos + 1);
  if (s !== 115 && s !== 83) return 0;
  const after = text.charAt(pos + 2);
  if (after !== '' && /[\p{L}\p{N}]/u.test(after)) return 0;
  return 2;
}

function isLineStart(text: string, pos: number): boolean {
  for (let p = pos - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  return true;
}

function skipSpaces(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && p - pos < 8) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 0xa0) break;
    p++;
  }
  return p;
}

function isDash(c: number): boolean {
  return c === 45 || c === 0x2013 || c === 0x2014 || c === 0x2015 || c === 0x2012;
}

/** "MOSCOW (Reuters) -", "KYIV, Oct 16 -", "Kyiv, Ukraine —" at the start of a line. */
function isDateline(scan: Scan, m: Match, start: number, end: number): boolean {
  const { text, tokens } = scan;
  const p = skipSpaces(text, end);
  const c = text.charCodeAt(p);
  const caps = isAllUpper(text, start, end) && end - start >= 4;
  if (!caps && !isLineStart(text, start)) return false;
  if (c === 40 || isDash(c)) return true;
  if (c !== 44) return false;
  if (caps) return true;
  const k = m.last + 1;
  if (k >= tokens.count) return false;
  if (tokens.classes[k] === CharClass.digit) return true;
  if (MONTHS.has(keyAt(scan, k))) return true;
  if (isAllUpper(text, tokens.starts[k] ?? 0, tokens.ends[k] ?? 0)) return true;
  const after = walk(scan, k);
  return after !== null && (after.entry.kind === 'name' || after.entry.kind === 'alias');
}

/** Capital or seat of power: true when it stands for the state, false when it is the place. */
function isStateUse(scan: Scan, m: Match, start: number, end: number): boolean {
  const { text } = scan;
  const seat = (m.entry.flags & Flag.seat) !== 0;
  if (isDateline(scan, m, start, end)) return false;
  const poss = possessiveAt(text, end);
  if (poss > 0) {
    const p = skipSpaces(text, end + poss);
    const k = findTokenAt(scan, m.last + 1, p);
    return k < 0 || !PLACE_NOUNS.has(keyAt(scan, k));
  }
  const prev = prevWord(scan, m.first, true);
  if (prev >= 0 && PLACE_PRECEDERS.has(keyAt(scan, prev))) return false;
  const after = m.last + 1;
  if (after < scan.tokens.count && isWord(scan, after)) {
    const g = classifyGap(text, scan.tokens.ends[m.last] ?? 0, scan.tokens.starts[after] ?? 0);
    if (g === '-' && PLACE_HYPHEN_SUFFIXES.has(keyAt(scan, after))) return false;
  }
  const next = nextWord(scan, m.last);
  if (next >= 0) {
    if (PLACE_NOUNS.has(keyAt(scan, next))) return false;
    if (!seat && !scan.titleCase && isInnerCapitalised(scan, next)) return false;
  }
  if (!seat && !scan.titleCase) {
    const p = prevWord(scan, m.first, false);
    if (p >= 0 && p !== scan.lastMatchEnd && isInnerCapitalised(scan, p)
        && !NAME_PREFIX_EXCEPTIONS.has(keyAt(scan, p))) return false;
  }
  // "in Moscow and Beijing": the second capital shares the first one's reading.
  if (scan.lastCapitalEnd >= 0 && scan.lastCapitalWasPlace) {
    const k = m.first - 1;
    if (k === scan.lastCapitalEnd && /,/.test(gapBefore(scan, m.first))) return false;
    if (k === scan.lastCapitalEnd + 1 && (keyAt(scan, k) === 'and' || keyAt(scan, k) === 'or')) return false;
  }
  return true;
}

/** The token starting exactly at `pos`, searching from `from`; -1 if none. */
function findTokenAt(scan: Scan, from: number, pos: number): number {
  for (let k = from; k < scan.tokens.count && k < from + 4; k++) {
    const s = scan.tokens.starts[k] ?? 0;
    if (s === pos) return k;
    if (s > pos) break;
  }
  return -1;
}

function isLanguageUse(scan: Scan, m: Match, end: number): boolean {
  const { text, tokens } = scan;
  const after = m.last + 1;
  if (after < tokens.count && isWord(scan, after)) {
    const g = classifyGap(text, tokens.ends[m.last] ?? 0, tokens.starts[after] ?? 0);
    if ((g === '-' || g === ' ') && LANGUAGE_FOLLOWERS.has(keyAt(scan, after))) return true;
  }
  const prev = prevWord(scan, m.first, false);
  if (prev < 0) return false;
  const pk = keyAt(scan, prev);
  if (LANGUAGE_PRECEDERS.has(pk)) return true;
  if (pk === 'in') {
    const p = skipSpaces(text, end);
    if (p >= text.length) return true;
    const c = text.charCodeAt(p);
    return c === 44 || c === 46 || c === 59 || c === 58 || c === 41 || c === 33 || c === 63 || c === 34
      || c === 0x201d || c === 10;
  }
  return false;
}

function isUsGeorgia(scan: Scan, m: Match, end: number): boolean {
  const { text } = scan;
  const poss = possessiveAt(text, end);
  const nextPos = skipSpaces(text, end + poss);
  const k = findTokenAt(scan, m.last + 1, nextPos);
  if (k >= 0 && US_STATE_FOLLOWERS.has(keyAt(scan, k))) return true;
  const prev = m.first - 1;
  if (prev >= 0 && US_GEORGIA_CITIES.has(keyAt(scan, prev)) && /^,\s*$/.test(gapBefore(scan, m.first))) return true;
  const p1 = prevWord(scan, m.first, false);
  if (p1 >= 1 && keyAt(scan, p1) === 'of' && keyAt(scan, p1 - 1) === 'state') return true;
  if (scan.ctx.georgiaCountry) return false;
  return scan.ctx.georgiaUsState;
}

/** Applies the context rules of the entity contract to one gazetteer match. */
export function acceptMatch(scan: Scan, m: Match): boolean {
  const e = m.entry;
  const f = e.flags;
  const { text, tokens } = scan;
  const start = tokens.starts[m.first] ?? 0;
  const end = tokens.ends[m.last] ?? 0;

  // "Mr. Sudan", "Dr Chad": a person.
  if (m.first > 0 && isWord(scan, m.first - 1) && HONORIFICS.has(keyAt(scan, m.first - 1))
      && /^\.?\s+$/.test(gapBefore(scan, m.first))) return false;
  const prev = prevWord(scan, m.first, false);
  if (prev >= 0 && SHIP_PREFIXES.has(keyAt(scan, prev))
      && isAllUpper(text, tokens.starts[prev] ?? 0, tokens.ends[prev] ?? 0)) return false;

  if ((f & Flag.requiresThe) !== 0) {
    if (prev < 0 || keyAt(scan, prev) !== 'the') return false;
    const next = nextWord(scan, m.last);
    if (next >= 0 && isUpperAt(text, tokens.starts[next] ?? 0)) return false;
    if ((f & Flag.koreaContext) !== 0 && !scan.ctx.korea) return false;
    if (next >= 0 && BRAND_FOLLOWERS.has(keyAt(scan, next))) return false;
  }
  if ((f & Flag.shortAcronym) !== 0) {
    if (scan.allCaps) return false;
    // "US$5bn" is a currency.
    if (text.charCodeAt(end) === 36) return false;
  }
  if ((f & Flag.commonNoun) !== 0) {
    const next = nextWord(scan, m.last);
    if (next >= 0 && COMMON_NOUN_FOLLOWERS.has(keyAt(scan, next))) return false;
    if (prev >= 0 && COMMON_NOUN_PRECEDERS.has(keyAt(scan, prev))) return false;
  }
  if ((f & Flag.georgia) !== 0 && isUsGeorgia(scan, m, end)) return false;
  if ((f & Flag.washington) !== 0) {
    if (scan.ctx.washingtonState) return false;
    const next = nextWord(scan, m.last);
    if (next >= 0 && keyAt(scan, next) === 'state') return false;
  }
  if ((f & Flag.givenName) !== 0 && !scan.titleCase) {
    const next = nextWord(scan, m.last);
    if (next >= 0 && isInnerCapitalised(scan, next) && !STATE_FOLLOWERS.has(keyAt(scan, next))) return false;
  }
  if ((f & Flag.surname) !== 0 && prev >= 0 && prev !== scan.lastMatchEnd) {
    const pk = keyAt(scan, prev);
    if (GIVEN_NAMES.has(pk) && isUpperAt(text, tokens.starts[prev] ?? 0)) return false;
    if (!scan.titleCase && isInnerCapitalised(scan, prev) && !NAME_PREFIX_EXCEPTIONS.has(pk)) return false;
  }
  if (e.kind === 'demonym' && tokens.classes[m.first] === CharClass.latin && isLanguageUse(scan, m, end)) {
    return false;
  }
  if ((f & Flag.capital) !== 0) {
    const state = isStateUse(scan, m, start, end);
    scan.lastCapitalEnd = m.last;
    scan.lastCapitalWasPlace = !state;
    return state;
  }
  return true;
}
