import type { Echelon, Mention, UnitEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import {
  endOf, gapAfter, countryIndexFor, isCap, isDigits, isLetters, isUpper, keyAt, makeKeyFilter, nameGapAfter, possessiveAfter,
  rawAt, spaceAfter, wordsFor, startOf,
} from '../people/words.ts';
import type { CountryIndex, Words } from '../people/words.ts';
import {
  ECHELON_HEADS, FLEET_NAMES, GENERIC_MODIFIERS, KNOWN_COUNTRY, NAMED_UNITS, NAME_STOPS, NON_MILITARY_MODIFIERS,
  PHONETIC, PRE_UNIT_ADJECTIVES, SPELLED_ORDINALS, normalizeUnitKey,
} from './lexicon.ts';
import type { NamedUnit } from './lexicon.ts';

/** One unit found: span, canonical name and attributes. */
interface Found {
  start: number;
  end: number;
  name: string;
  ordinal: number | null;
  echelon: Echelon;
  /** Country from the text itself (adjacent demonym or possessive); undefined when the text says nothing. */
  country: string | null | undefined;
}

/** Named forms indexed by their first folded token, longest first. */
const NAMED_BY_FIRST: ReadonlyMap<string, Array<{ tokens: string[]; unit: NamedUnit }>> = buildNamedIndex();

function buildNamedIndex(): Map<string, Array<{ tokens: string[]; unit: NamedUnit }>> {
  const map = new Map<string, Array<{ tokens: string[]; unit: NamedUnit }>>();
  for (const unit of NAMED_UNITS) {
    for (const form of unit.forms) {
      const tokens = form.split(/[\s-]+/);
      const first = tokens[0] ?? '';
      let list = map.get(first);
      if (list === undefined) {
        list = [];
        map.set(first, list);
      }
      list.push({ tokens, unit });
    }
  }
  for (const list of map.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return map;
}

const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th']);
const RE_ROMAN = /^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$/;
const ROMAN_VALUES: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50 };

function romanValue(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s.charAt(i)] ?? 0;
    const next = ROMAN_VALUES[s.charAt(i + 1)] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

interface Ordinal {
  first: number;
  value: number;
  /** A bare number ("16 Air Assault Brigade"), accepted only in stricter conditions. */
  bare: boolean;
}

/** Reads an ordinal whose last token is k ("11th", "Third", "XVIII", bare "16"). */
function ordinalEndingAt(w: Words, k: number): Ordinal | null {
  if (k < 0) return null;
  if (isDigits(w, k)) {
    const raw = rawAt(w, k);
    if (raw.length > 4) return null;
    // A digit token glued to the previous token belongs to something else ("Su-34", "T-72").
    if (k > 0 && gapAfter(w, k - 1) !== null && (gapAfter(w, k - 1) === '' || gapAfter(w, k - 1) === '-')) return null;
    return { first: k, value: Number(raw), bare: true };
  }
  const key = keyAt(w, k);
  if (ORDINAL_SUFFIXES.has(key) && k > 0 && isDigits(w, k - 1) && gapAfter(w, k - 1) === '') {
    const raw = rawAt(w, k - 1);
    if (raw.length > 4) return null;
    return { first: k - 1, value: Number(raw), bare: false };
  }
  const spelled = SPELLED_ORDINALS.get(key);
  if (spelled !== undefined && isCap(w, k)) return { first: k, value: spelled, bare: false };
  if (isLetters(w, k)) {
    const raw = rawAt(w, k);
    if (RE_ROMAN.test(raw)) return { first: k, value: romanValue(raw), bare: false };
  }
  return null;
}

function countryTokenAt(w: Words, k: number, countries: CountryIndex): boolean {
  // A country mention ending at token k ("Russian", "U.S"): it is outside the unit's name.
  const end = endOf(w, k);
  return countries.byEnd.has(end) || countries.byEnd.has(end + 1);
}

const RE_BEFORE_UNIT = new RegExp(`(?:['\u2019]s)?\\s+(?:(?:${PRE_UNIT_ADJECTIVES})\\s+)?(?:the\\s+)?$`);
const RE_NATO_BEFORE = /\bNATO(?:['\u2019]s)?(?:-led)?\s+$/;

/** Country said by the text right before a unit ("Russia's", "Ukrainian", "Moscow's"), or undefined. */
function countryBefore(text: string, start: number, countries: CountryIndex): string | null | undefined {
  const from = Math.max(0, start - 48);
  const before = text.slice(from, start);
  if (RE_NATO_BEFORE.test(before)) return null;
  const m = RE_BEFORE_UNIT.exec(before);
  if (m === null) return undefined;
  const end = start - m[0].length;
  const hit = countries.byEnd.get(end);
  if (hit !== undefined) return hit.iso2;
  return undefined;
}

const RE_SENTENCE_END = /[.!?;\n]/;

/**
 * Country of the nearest country word in the same sentence ("Russia formed a new 44th Army Corps",
 * "Sudan's army said its 16th Infantry Division", "... Brigade of the Armed Forces of Ukraine").
 */
function countryInSentence(text: string, start: number, end: number, sorted: ReadonlyArray<{ start: number; end: number; iso2: string | null }>): string | null | undefined {
  let best: { iso2: string | null } | undefined;
  for (const m of sorted) {
    if (m.end <= start) {
      if (!RE_SENTENCE_END.test(text.slice(m.end, start))) best = m;
    } else if (m.start >= end) {
      if (best === undefined && !RE_SENTENCE_END.test(text.slice(end, m.start))) best = m;
      break;
    }
  }
  return best?.iso2;
}

/** Name for an entity: the written words, head made singular for coordinated plurals. */
function buildName(w: Words, first: number, last: number, singularHead: string | null): string {
  let out = '';
  for (let k = first; k <= last; k++) {
    let word = rawAt(w, k);
    if (k === last && singularHead !== null) word = matchCase(word, singularHead);
    if (k > first) {
      const gap = gapAfter(w, k - 1) ?? ' ';
      out += gap === '' ? '' : gap.trim() === '' ? ' ' : gap.replace(/\s+/g, ' ');
    }
    out += word;
  }
  return out;
}

function matchCase(written: string, lower: string): string {
  if (written === written.toUpperCase()) return lower.toUpperCase();
  if (written.charAt(0) === written.charAt(0).toUpperCase()) return lower.charAt(0).toUpperCase() + lower.slice(1);
  return lower;
}

/** Tries the curated named formations at token k. */
function matchNamed(w: Words, k: number): { last: number; unit: NamedUnit } | null {
  if (!isCap(w, k)) return null;
  const list = NAMED_BY_FIRST.get(keyAt(w, k));
  if (list === undefined) return null;
  for (const { tokens, unit } of list) {
    let ok = true;
    for (let t = 1; t < tokens.length; t++) {
      const j = k + t;
      if (j >= w.count || !nameGapAfter(w, j - 1) || keyAt(w, j) !== tokens[t]) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const last = k + tokens.length - 1;
    if (!namedContextOk(w, k, last, unit)) return null;
    return { last, unit };
  }
  return null;
}

const AZOV_PLACE_BEFORE: ReadonlySet<string> = new Set(['of', 'sea', 'the']);
const AZOV_PLACE_AFTER: ReadonlySet<string> = new Set(['sea', 'coast', 'coastline', 'region', 'port', 'shore', 'steel', 'waters']);

function namedContextOk(w: Words, first: number, last: number, unit: NamedUnit): boolean {
  if (unit.name === 'Azov' && first === last) {
    if (AZOV_PLACE_BEFORE.has(keyAt(w, first - 1)) && keyAt(w, first - 1) !== 'the') return false;
    if (AZOV_PLACE_AFTER.has(keyAt(w, last + 1))) return false;
  }
  if (unit.name === 'Wagner Group' && first === last) {
    // The composer, not the company.
    if (keyAt(w, first - 1) === 'richard' || keyAt(w, last + 1) === 'opera') return false;
  }
  return true;
}

const BATTLEGROUP_CUES: ReadonlySet<string> = new Set(['multinational', 'nato', 'efp', 'forward']);

/** Parses a formation whose head (echelon word) is token h. */
function parseAtHead(w: Words, h: number, countries: CountryIndex, out: Found[]): void {
  const key = keyAt(w, h);
  let head = ECHELON_HEADS.get(key);
  let last = h;
  let walkFrom = h - 1;
  let echelon: Echelon;
  let plural = false;
  let singular: string | null = null;
  const capHead = isCap(w, h);

  if (key === 'group') {
    const k1 = keyAt(w, h + 1);
    const k2 = keyAt(w, h + 2);
    if (k1 === 'of' && (k2 === 'forces' || k2 === 'troops') && spaceAfter(w, h) && spaceAfter(w, h + 1)) {
      echelon = 'group_of_forces';
      last = h + 2;
    } else if (keyAt(w, h - 1) === 'tactical' && keyAt(w, h - 2) === 'battalion') {
      echelon = 'battalion_tactical_group';
      walkFrom = h - 3;
    } else if (keyAt(w, h - 1) === 'strategic' || keyAt(w, h - 1) === 'operational') {
      echelon = 'group_of_forces';
      walkFrom = keyAt(w, h - 2) === 'operational' ? h - 3 : h - 2;
    } else if (keyAt(w, h - 1) === 'battle') {
      echelon = 'battlegroup';
      walkFrom = h - 2;
    } else {
      return;
    }
    head = undefined;
  } else if (key === 'groups' && keyAt(w, h - 1) === 'tactical' && keyAt(w, h - 2) === 'battalion') {
    echelon = 'battalion_tactical_group';
    plural = true;
    singular = 'group';
    walkFrom = h - 3;
  } else if (key === 'force' || key === 'forces') {
    if (keyAt(w, h - 1) !== 'task' || !isCap(w, h) || key === 'forces') return;
    parseTaskForce(w, h, countries, out);
    return;
  } else if (head !== undefined) {
    echelon = head.echelon;
    plural = head.plural;
    if (plural) singular = head.singular;
    if ((key === 'btg' || key === 'btgs') && !isUpper(w, h)) return;
  } else {
    return;
  }

  // Walk back over the name's modifiers to an ordinal, a stop word or a country word.
  let first = walkFrom + 1;
  let ordinal: Ordinal | null = null;
  let distinctive = 0;
  let nonMilitary = false;
  let modifiers = 0;
  let phonetic = false;
  const fleetWords: string[] = [];
  for (let k = walkFrom; k >= 0 && modifiers < 7; k--) {
    if (!nameGapAfter(w, k)) break;
    const ord = ordinalEndingAt(w, k);
    if (ord !== null) {
      ordinal = ord;
      first = ord.first;
      break;
    }
    if (!isLetters(w, k)) break;
    const mk = keyAt(w, k);
    if (possessiveAfter(w, k)) break;
    if (NAME_STOPS.has(mk) && !(mk === 'us' && isUpper(w, k) && false)) break;
    if (countryTokenAt(w, k, countries) && !FLEET_NAMES.has(mk)) break;
    const cap = isCap(w, k);
    if (!cap && !GENERIC_MODIFIERS.has(mk)) break;
    if (NON_MILITARY_MODIFIERS.has(mk)) nonMilitary = true;
    if (cap && !GENERIC_MODIFIERS.has(mk)) distinctive++;
    if (PHONETIC.has(mk) || (cap && endOf(w, k) - startOf(w, k) === 1)) phonetic = true;
    fleetWords.unshift(mk);
    first = k;
    modifiers++;
  }
  if (nonMilitary) return;
  if (ordinal === null && first < walkFrom + 1 && keyAt(w, first) === 'of') return;

  if (ordinal !== null) {
    if (ordinal.bare) {
      // "16 Air Assault Brigade" (British style) but not "12 Brigades" or "3 new brigades".
      if (plural || !capHead || modifiers === 0) return;
      for (let k = ordinal.first + 1; k < h; k++) if (!isCap(w, k)) return;
      if (ordinal.value > 999) return;
    }
    // A Roman numeral must sit right before capitalised words ("XVIII Airborne Corps"); "I" only before "Corps".
    if (!capHead && isUpper(w, ordinal.first) && !isDigits(w, ordinal.first)) return;
    if (rawAt(w, ordinal.first) === 'I' && !(ordinal.first === h - 1 && key === 'corps')) return;
  } else {
    if (echelon === 'battlegroup') {
      if (!plural) parseBattlegroup(w, h, countries, out);
      return;
    }
    if (plural) return;
    if (!capHead && !(echelon === 'group_of_forces' && distinctive > 0)) return;
    if (echelon === 'fleet') {
      if (!FLEET_NAMES.has(fleetWords.join(' '))) return;
    } else if (echelon === 'company' || echelon === 'troop') {
      if (!phonetic || modifiers !== 1) return;
    } else if (echelon === 'brigade' || echelon === 'battalion' || echelon === 'regiment' || echelon === 'group_of_forces') {
      if (distinctive === 0) return;
    } else if (echelon === 'battalion_tactical_group') {
      return;
    } else {
      // Divisions, corps, armies, squadrons without a number are named only through the curated table.
      return;
    }
  }

  const start = startOf(w, first);
  const end = endOf(w, last);
  const country = countryBefore(w.text, start, countries);
  const name = ordinal !== null ? titleCaseWords(buildName(w, first, last, singular)) : buildName(w, first, last, singular);
  const ord = ordinal?.value ?? null;
  out.push({ start, end, name, ordinal: ord, echelon, country });

  // "the 22nd and 88th Mechanized Brigades": earlier ordinals share the modifiers and the head.
  if (plural && ordinal !== null && !ordinal.bare) {
    const tail = titleCaseWords(buildName(w, ordinal.first + 2, last, singular));
    let k = ordinal.first - 1;
    while (k >= 1) {
      const joiner = keyAt(w, k);
      let prevEnd: number;
      if ((joiner === 'and' || joiner === 'or') && isLetters(w, k)) {
        prevEnd = k - 1;
        const g = gapAfter(w, prevEnd);
        if (g === null || !/^,?\s+$/.test(g)) break;
      } else {
        const g = gapAfter(w, k);
        if (g === null || !/^,\s+$/.test(g)) break;
        prevEnd = k;
      }
      const prev = ordinalEndingAt(w, prevEnd);
      if (prev === null || prev.bare) break;
      const ps = startOf(w, prev.first);
      const pe = endOf(w, prevEnd);
      const pname = `${rawAt(w, prev.first)}${rawAt(w, prevEnd)} ${tail}`;
      out.push({ start: ps, end: pe, name: pname, ordinal: prev.value, echelon, country: countryBefore(w.text, ps, countries) ?? country });
      k = prev.first - 1;
    }
  }
}

const RE_LOWER_WORD = /(^|[\s-])([a-z])/g;

/** "47th mechanized brigade" → "47th Mechanized Brigade", so that casing variants merge. */
function titleCaseWords(name: string): string {
  return name.replace(RE_LOWER_WORD, (_m, sep: string, c: string) => sep + c.toUpperCase())
    .replace(/(\d)(St|Nd|Rd|Th)\b/g, (_m, d: string, suf: string) => d + suf.toLowerCase())
    .replace(/ Of /g, ' of ');
}

/** "NATO's multinational battlegroup in Estonia": cue words before, optional "in <country>" after. */
function parseBattlegroup(w: Words, h: number, countries: CountryIndex, out: Found[]): void {
  let first = h;
  for (let k = h - 1; k >= 0 && k >= h - 3; k--) {
    if (!nameGapAfter(w, k) || !BATTLEGROUP_CUES.has(keyAt(w, k)) || possessiveAfter(w, k)) break;
    first = k;
  }
  if (first === h) return;
  let last = h;
  if (keyAt(w, h + 1) === 'in' && spaceAfter(w, h) && spaceAfter(w, h + 1)) {
    const hit = countries.byStart.get(startOf(w, h + 2));
    if (hit !== undefined) {
      let j = h + 2;
      while (j < w.count && endOf(w, j) < hit.end) j++;
      last = j;
    }
  }
  const start = startOf(w, first);
  const end = endOf(w, last);
  out.push({ start, end, name: w.text.slice(start, end).replace(/\s+/g, ' '), ordinal: null, echelon: 'battlegroup', country: null });
}

/** "Task Force 59", "Task Force Dnipro", "Joint Task Force Bravo". */
function parseTaskForce(w: Words, h: number, countries: CountryIndex, out: Found[]): void {
  let first = h - 1;
  if (!isCap(w, first)) return;
  for (let k = first - 1; k >= 0 && k >= h - 3; k--) {
    if (!nameGapAfter(w, k) || !isCap(w, k) || NAME_STOPS.has(keyAt(w, k)) || countryTokenAt(w, k, countries)) break;
    first = k;
  }
  let last = h;
  let ordinal: number | null = null;
  const next = h + 1;
  if (next < w.count && nameGapAfter(w, h)) {
    if (isDigits(w, next) && rawAt(w, next).length <= 4) {
      last = next;
      ordinal = Number(rawAt(w, next));
    } else if (isCap(w, next) && !NAME_STOPS.has(keyAt(w, next))) {
      last = next;
    }
  }
  if (last === h) return;
  const start = startOf(w, first);
  out.push({
    start, end: endOf(w, last), name: buildName(w, first, last, null), ordinal, echelon: 'task_force',
    country: countryBefore(w.text, start, countries),
  });
}

/** Keeps the longest of overlapping spans (nested names count once). */
function dropNested(found: Found[]): Found[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    out.push(f);
    lastEnd = f.end;
  }
  return out;
}

/** Tokens worth a closer look: echelon heads and first words of named formations. */
const MAY_START: (w: Words, k: number) => boolean = makeKeyFilter([
  ...ECHELON_HEADS.keys(), 'group', 'groups', 'force', ...NAMED_BY_FIRST.keys(),
]);

/** normalizeUnitKey results by name and ordinal: the same formations recur across items (bounded). */
const UNIT_KEYS = new Map<string, string>();
const MAX_UNIT_KEYS = 4096;

function unitKey(name: string, ordinal: number | null): string {
  const id = ordinal === null ? name : `${ordinal}\u0000${name}`;
  let key = UNIT_KEYS.get(id);
  if (key === undefined) {
    key = normalizeUnitKey(name, ordinal);
    if (UNIT_KEYS.size >= MAX_UNIT_KEYS) UNIT_KEYS.clear();
    UNIT_KEYS.set(id, key);
  }
  return key;
}

/** Finds military formations in one text. */
export function scanUnits(text: string, context: KindContext): UnitEntity[] {
  const w = wordsFor(text, context);
  const countries = countryIndexFor(context);
  const found: Found[] = [];
  for (let k = 0; k < w.count; k++) {
    if (!isLetters(w, k) || !MAY_START(w, k)) continue;
    const named = matchNamed(w, k);
    if (named !== null) {
      const start = startOf(w, k);
      const c = countryBefore(text, start, countries);
      found.push({
        start, end: endOf(w, named.last), name: named.unit.name, ordinal: named.unit.ordinal,
        echelon: named.unit.echelon, country: c === undefined ? named.unit.country : c ?? named.unit.country,
      });
    }
    const key = keyAt(w, k);
    if (ECHELON_HEADS.has(key) || key === 'group' || key === 'groups' || key === 'force') parseAtHead(w, k, countries, found);
  }
  const byName = new Map<string, UnitEntity>();
  const out: UnitEntity[] = [];
  // Country mentions by start, built only when a unit needs its sentence's country.
  let sorted: Array<{ start: number; end: number; iso2: string | null }> | null = null;
  for (const f of dropNested(found)) {
    const fKey = unitKey(f.name, f.ordinal);
    if (f.country === undefined && f.echelon !== 'battlegroup' && !KNOWN_COUNTRY.has(fKey)) {
      sorted ??= [...countries.byStart.entries()].map(([start, m]) => ({ start, end: m.end, iso2: m.iso2 })).sort((a, b) => a.start - b.start);
      f.country = countryInSentence(text, f.start, f.end, sorted);
    }
    const mention: Mention = { text: text.slice(f.start, f.end), start: f.start, end: f.end };
    let entity = byName.get(f.name);
    if (entity === undefined) {
      const known = KNOWN_COUNTRY.get(fKey) ?? null;
      entity = { name: f.name, ordinal: f.ordinal, echelon: f.echelon, country: f.country === undefined ? known : f.country, mentions: [] };
      byName.set(f.name, entity);
      out.push(entity);
    } else if (entity.country === null && f.country !== undefined && f.country !== null) {
      entity.country = f.country;
    }
    entity.mentions.push(mention);
  }
  return out;
}
