import type { NamedEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import { ORG_FIRST_WORDS } from '../organizations/lexicon.ts';
import {
  GIVEN_NAMES, NAME_PARTICLES, NAME_STOPS, PEOPLE, PLACE_FOLLOWERS, SHIP_PREFIXES, SPEECH_VERBS, TITLES,
} from './lexicon.ts';
import type { PersonEntry } from './lexicon.ts';
import {
  endOf, hyphenAfter, countryIndexFor, isCap, makeKeyFilter, makeKeyMembership, isLetters, isUpper, keyAt, nameGapAfter, spaceAfter, wordsFor,
  startOf,
} from './words.ts';
import type { CountryIndex, Words } from './words.ts';

interface TableForm {
  tokens: string[];
  entry: PersonEntry;
  short: boolean;
}

/** Table forms indexed by first folded token, longest first. */
const FORMS_BY_FIRST: ReadonlyMap<string, TableForm[]> = buildFormIndex();

function buildFormIndex(): Map<string, TableForm[]> {
  const map = new Map<string, TableForm[]>();
  const add = (tokens: string[], entry: PersonEntry, short: boolean): void => {
    const first = tokens[0];
    if (first === undefined) return;
    let list = map.get(first);
    if (list === undefined) {
      list = [];
      map.set(first, list);
    }
    list.push({ tokens, entry, short });
  };
  for (const entry of PEOPLE) {
    for (const form of entry.forms) add(form, entry, false);
    for (const s of entry.shorts) add(s.split(' '), entry, true);
  }
  for (const list of map.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || Number(a.short) - Number(b.short));
  return map;
}

/** Family names written first in Korean names: a later "Kim" links to "Kim Jong Un" seen earlier. */
const FAMILY_FIRST: ReadonlySet<string> = new Set(['kim', 'lee', 'park', 'choi', 'yoon', 'han', 'shin', 'cho', 'choe', 'moon', 'xi', 'li', 'wang']);

/** Given names too common as ordinary capitalised words in headlines. */
const AMBIGUOUS_GIVEN: ReadonlySet<string> = new Set([
  'bill', 'mark', 'will', 'frank', 'grace', 'jordan', 'austin', 'victor', 'may', 'june', 'august', 'christian',
  'carol', 'jack', 'marine', 'ray', 'guy', 'art', 'hope', 'faith', 'joy', 'rich', 'chase', 'rob', 'sandra', 'roman',
  'jean', 'li', 'han', 'song', 'park', 'lee', 'kim', 'xi', 'wang', 'jung', 'ali', 'bob',
]);

/** Lower-case tokens can start a name only as a particle ("von der Leyen", "al-Sharaa"). */
const MAY_START_LOWER: (w: Words, k: number) => boolean = makeKeyFilter(NAME_PARTICLES);
const isParticle: (w: Words, k: number) => boolean = makeKeyMembership(NAME_PARTICLES);
const isTitle: (w: Words, k: number) => boolean = makeKeyMembership(TITLES);
const isShipPrefix: (w: Words, k: number) => boolean = makeKeyMembership(SHIP_PREFIXES);
const isPlaceFollower: (w: Words, k: number) => boolean = makeKeyMembership(PLACE_FOLLOWERS);

interface Candidate {
  start: number;
  end: number;
  first: number;
  last: number;
  name: string;
  /** Came from the curated table (canonical name fixed). */
  table: boolean;
}

function blockedAround(w: Words, first: number, last: number): boolean {
  const prev = first - 1;
  if (prev >= 0 && isShipPrefix(w, prev) && isUpper(w, prev) && spaceAfter(w, prev)) return true;
  const next = last + 1;
  if (next < w.count && spaceAfter(w, last) && isPlaceFollower(w, next) && isCap(w, next)) return true;
  return false;
}

function matchTable(w: Words, k: number): { last: number; form: TableForm } | null {
  const list = FORMS_BY_FIRST.get(keyAt(w, k));
  if (list === undefined) return null;
  if (!isCap(w, k) && !NAME_PARTICLES.has(keyAt(w, k))) return null;
  for (const form of list) {
    let ok = true;
    for (let t = 1; t < form.tokens.length; t++) {
      const j = k + t;
      if (j >= w.count || !nameGapAfter(w, j - 1) || keyAt(w, j) !== form.tokens[t]) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const last = k + form.tokens.length - 1;
    // Every word of a name is capitalised except particles and the tail of a hyphenated part ("Jong-un").
    for (let j = k + 1; j <= last; j++) {
      if (!isCap(w, j) && !NAME_PARTICLES.has(keyAt(w, j)) && !hyphenAfter(w, j - 1)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (form.short) {
      // "Melania Trump" is someone else; a short form right after another capitalised name word is not it.
      const prev = k - 1;
      if (prev >= 0 && nameGapAfter(w, prev) && isCap(w, prev) && GIVEN_NAMES.has(keyAt(w, prev))) return null;
    }
    return { last, form };
  }
  return null;
}

function isNameWord(w: Words, j: number, countries: CountryIndex, allCaps: boolean): boolean {
  if (j < 0 || j >= w.count || !isLetters(w, j) || !isCap(w, j)) return false;
  const key = keyAt(w, j);
  if (NAME_STOPS.has(key) || TITLES.has(key)) return false;
  if (!allCaps && isUpper(w, j)) return false;
  if (countries.byStart.has(startOf(w, j))) return false;
  return true;
}

/** Reads a name of up to three words from token k (particles allowed inside). Returns the last token or -1. */
function readName(w: Words, k: number, countries: CountryIndex, allCaps: boolean, maxWords: number): number {
  if (!isNameWord(w, k, countries, allCaps)) return -1;
  let last = k;
  let words = 1;
  let j = k + 1;
  while (j < w.count && words < maxWords && nameGapAfter(w, j - 1)) {
    if (isParticle(w, j) && !isCap(w, j) && isNameWord(w, j + 1, countries, allCaps) && nameGapAfter(w, j)) {
      last = j + 1;
      j += 2;
      words++;
      continue;
    }
    // "Jong-un": a lower-case tail after a hyphen stays in the name.
    if (hyphenAfter(w, j - 1) && isLetters(w, j)) {
      last = j;
      j++;
      continue;
    }
    if (!isNameWord(w, j, countries, allCaps)) break;
    last = j;
    words++;
    j++;
  }
  return last;
}

/** The gap is /^(?:\.? {1,2}|\u00a0)$/: " ", "  ", ". ", ".  " or a no-break space (tested without a slice). */
function isTitleGap(text: string, from: number, to: number): boolean {
  const len = to - from;
  const c = text.charCodeAt(from);
  if (len === 1) return c === 32 || c === 0xa0;
  if (len === 2) return (c === 32 || c === 46) && text.charCodeAt(from + 1) === 32;
  if (len === 3) return c === 46 && text.charCodeAt(from + 1) === 32 && text.charCodeAt(from + 2) === 32;
  return false;
}

/** Is token k preceded by a title ("President", "Gen.", "spokesman")? */
function titleBefore(w: Words, k: number): boolean {
  const prev = k - 1;
  if (prev < 0) return false;
  if (!isTitleGap(w.text, endOf(w, prev), startOf(w, k))) return false;
  return isTitle(w, prev) && isLetters(w, prev);
}

function detectTitleCase(w: Words): boolean {
  let words = 0;
  let caps = 0;
  for (let k = 0; k < w.count && words < 60; k++) {
    if (!isLetters(w, k) || endOf(w, k) - startOf(w, k) < 4) continue;
    words++;
    if (isCap(w, k)) caps++;
  }
  return words >= 3 && caps / words >= 0.8;
}

function spanName(w: Words, first: number, last: number): string {
  return w.text.slice(startOf(w, first), endOf(w, last)).replace(/\s+/g, ' ');
}

/** Finds people in one text: curated table, titles, given names, "First Last said", then surname links. */
export function scanPeople(text: string, context: KindContext): NamedEntity[] {
  const w = wordsFor(text, context);
  const countries = countryIndexFor(context);
  const titleCase = detectTitleCase(w);
  const allCaps = titleCase && w.count > 0 && isUpper(w, 0) && isUpper(w, w.count - 1);
  const found: Candidate[] = [];
  let k = 0;
  while (k < w.count) {
    if (!isLetters(w, k) || (!isCap(w, k) && !MAY_START_LOWER(w, k))) {
      k++;
      continue;
    }
    const t = matchTable(w, k);
    if (t !== null) {
      if (!blockedAround(w, k, t.last)) {
        found.push({ start: startOf(w, k), end: endOf(w, t.last), first: k, last: t.last, name: t.form.entry.canonical, table: true });
      }
      k = t.last + 1;
      continue;
    }
    if (!isCap(w, k)) {
      k++;
      continue;
    }
    const key = keyAt(w, k);
    let last = -1;
    if (titleBefore(w, k)) {
      const candLast = readName(w, k, countries, allCaps, 3);
      if (candLast >= 0 && (!titleCase || GIVEN_NAMES.has(key))) last = candLast;
    }
    if (last < 0 && GIVEN_NAMES.has(key) && !(titleCase && AMBIGUOUS_GIVEN.has(key)) && !countries.byStart.has(startOf(w, k))) {
      const candLast = readName(w, k, countries, allCaps, 3);
      if (candLast > k) last = candLast;
    }
    if (last < 0 && !titleCase && !ORG_FIRST_WORDS.has(key)) {
      // "Olena Kovalenko said": two name words and a verb of saying.
      const candLast = readName(w, k, countries, allCaps, 2);
      if (candLast === k + 1 && spaceAfter(w, candLast) && SPEECH_VERBS.has(keyAt(w, candLast + 1)) && !ORG_FIRST_WORDS.has(keyAt(w, candLast))) {
        last = candLast;
      }
    }
    if (last >= 0) {
      if (!blockedAround(w, k, last)) {
        found.push({ start: startOf(w, k), end: endOf(w, last), first: k, last, name: spanName(w, k, last), table: false });
      }
      k = last + 1;
      continue;
    }
    k++;
  }
  linkSurnames(w, found);
  const byName = new Map<string, NamedEntity>();
  const out: NamedEntity[] = [];
  found.sort((a, b) => a.start - b.start);
  for (const c of found) {
    let e = byName.get(c.name);
    if (e === undefined) {
      e = { name: c.name, mentions: [] };
      byName.set(c.name, e);
      out.push(e);
    }
    e.mentions.push({ text: text.slice(c.start, c.end), start: c.start, end: c.end });
  }
  return out;
}

/** Single-word mentions name the full name seen in the same text; other lone surnames become mentions too. */
function linkSurnames(w: Words, found: Candidate[]): void {
  // Most texts name nobody: no map for them.
  if (found.length === 0) return;
  const linkKey = new Map<string, { name: string; from: number }>();
  for (const c of found) {
    if (c.last === c.first) continue;
    const lastKey = keyAt(w, c.last);
    if (!linkKey.has(lastKey)) linkKey.set(lastKey, { name: c.name, from: c.start });
    const firstKey = keyAt(w, c.first);
    // The word count is needed only for family-first names: split last, when the cheap tests pass.
    if (FAMILY_FIRST.has(firstKey) && !linkKey.has(firstKey) && c.name.split(/[\s-]+/).length >= 3) linkKey.set(firstKey, { name: c.name, from: c.start });
  }
  if (linkKey.size === 0) return;
  // Lone general mentions ("Gen. Smith") take the full name when one is known.
  for (const c of found) {
    if (c.table || c.last !== c.first) continue;
    const link = linkKey.get(keyAt(w, c.first));
    if (link !== undefined) c.name = link.name;
  }
  // A plain array: a typed array's ArrayBuffer costs more than this whole pass on a snippet.
  const covered: number[] = new Array<number>(w.count).fill(0);
  for (const c of found) for (let j = c.first; j <= c.last; j++) covered[j] = 1;
  const added: Candidate[] = [];
  for (let j = 0; j < w.count; j++) {
    if (covered[j] === 1 || !isCap(w, j)) continue;
    const link = linkKey.get(keyAt(w, j));
    if (link === undefined || startOf(w, j) < link.from) continue;
    // Part of a longer capitalised name ("Austin Peay", "John Smith" when we know "Ann Smith") is not a link.
    if (j + 1 < w.count && spaceAfter(w, j) && isCap(w, j + 1) && !PLACE_FOLLOWERS.has(keyAt(w, j + 1))) continue;
    if (j > 0 && spaceAfter(w, j - 1) && isCap(w, j - 1) && !TITLES.has(keyAt(w, j - 1))) continue;
    if (blockedAround(w, j, j)) continue;
    added.push({ start: startOf(w, j), end: endOf(w, j), first: j, last: j, name: link.name, table: false });
  }
  found.push(...added);
}

