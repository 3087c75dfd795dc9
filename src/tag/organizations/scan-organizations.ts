import type { NamedEntity } from '../../model/entities.ts';
import type { KindContext } from '../kind-context.ts';
import {
  endOf, countryIndexFor, isCap, isLetters, keyAt, makeKeyFilter, rawAt, wordsFor, startOf,
} from '../people/words.ts';
import type { CountryIndex, Words } from '../people/words.ts';
import { BODY_DEMONYMS, BODY_OVERRIDES, COUNTRY_BODIES, ORG_FORMS } from './lexicon.ts';
import type { OrgForm } from './lexicon.ts';

const FORMS_BY_FIRST: ReadonlyMap<string, OrgForm[]> = indexForms();

function indexForms(): Map<string, OrgForm[]> {
  const map = new Map<string, OrgForm[]>();
  for (const f of ORG_FORMS) {
    const first = f.tokens[0];
    if (first === undefined) continue;
    let list = map.get(first);
    if (list === undefined) {
      list = [];
      map.set(first, list);
    }
    list.push(f);
  }
  for (const list of map.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return map;
}

const BODIES_BY_FIRST: ReadonlyMap<string, Array<{ tokens: string[]; suffix: string; lowerOk: boolean }>> = indexBodies();

function indexBodies(): Map<string, Array<{ tokens: string[]; suffix: string; lowerOk: boolean }>> {
  const map = new Map<string, Array<{ tokens: string[]; suffix: string; lowerOk: boolean }>>();
  for (const b of COUNTRY_BODIES) {
    for (const form of b.forms) {
      const tokens = form.split(' ');
      const first = tokens[0] ?? '';
      let list = map.get(first);
      if (list === undefined) {
        list = [];
        map.set(first, list);
      }
      list.push({ tokens, suffix: b.suffix, lowerOk: b.lowerOk });
    }
  }
  for (const list of map.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return map;
}

const LOWER_FUNCTION_WORDS: ReadonlySet<string> = new Set(['of', 'the', 'for', 'and', 'in', 'al', 's']);
/**
 * Tokens k and k+1 may join in one name: the gap is /^(?:|[ \u00a0]{1,2}|-|\/|\. ?|['\u2019] ?)$/, tested on
 * character codes (no slice, no regex call; this runs for most tokens).
 */
function joinable(w: Words, k: number): boolean {
  if (k < 0 || k + 1 >= w.count) return false;
  const t = w.text;
  const from = endOf(w, k);
  const len = startOf(w, k + 1) - from;
  if (len === 0) return true;
  if (len > 2 || len < 0) return false;
  const c = t.charCodeAt(from);
  if (len === 1) return c === 32 || c === 0xa0 || c === 45 || c === 47 || c === 46 || c === 39 || c === 0x2019;
  const d = t.charCodeAt(from + 1);
  if (c === 32 || c === 0xa0) return d === 32 || d === 0xa0;
  return (c === 46 || c === 39 || c === 0x2019) && d === 32;
}

/** Matches the curated forms at token k; the longest that fits its case rule wins. */
function matchForm(w: Words, k: number, allCaps: boolean): { last: number; form: OrgForm } | null {
  const list = FORMS_BY_FIRST.get(keyAt(w, k));
  if (list === undefined) return null;
  for (const form of list) {
    const n = form.tokens.length;
    let ok = true;
    for (let t = 0; t < n && ok; t++) {
      const j = k + t;
      if (j >= w.count || (t > 0 && !joinable(w, j - 1)) || keyAt(w, j) !== form.tokens[t]) ok = false;
      else if (form.exact) ok = rawAt(w, j) === form.raw[t] && !(allCaps && n === 1 && (form.raw[0] ?? '').length <= 3);
      else if (!LOWER_FUNCTION_WORDS.has(form.tokens[t] ?? '') && !isCap(w, j)) ok = false;
    }
    if (!ok) continue;
    // "RFE/RL" style forms must not run into a longer word ("U.N.-backed" is fine, "UNESCO" is one token anyway).
    if (n === 1 && form.canonical.startsWith('The ') && keyAt(w, k - 1) !== 'the') continue;
    return { last: k + n - 1, form };
  }
  return null;
}

/** Tokens that can start a curated name or a country body. */
const MAY_START: (w: Words, k: number) => boolean = makeKeyFilter([...FORMS_BY_FIRST.keys(), ...BODIES_BY_FIRST.keys()]);

interface Hit {
  start: number;
  end: number;
  name: string;
}

/** Reads the country right before a body: a demonym ("Russian") inside the span, a possessive outside it. */
function countryBefore(w: Words, k: number, countries: CountryIndex): { iso2: string | null; start: number } | null {
  const s = startOf(w, k);
  const before = w.text.slice(Math.max(0, s - 4), s);
  const m = /(['\u2019]s)?[ \u00a0]$/.exec(before);
  if (m === null) return null;
  const end = s - m[0].length;
  const hit = countries.byEnd.get(end) ?? countries.byEnd.get(end - 1);
  if (hit === undefined) return null;
  // A possessive stays outside the span; a demonym or alias is part of the name ("Russian Defence Ministry").
  return { iso2: hit.iso2, start: m[1] === undefined ? hit.start : s };
}

/** "of Russia" / "of the Russian Federation" after a body. */
function countryAfter(w: Words, last: number, countries: CountryIndex): { iso2: string | null; end: number } | null {
  if (keyAt(w, last + 1) !== 'of') return null;
  let j = last + 2;
  if (keyAt(w, j) === 'the') j++;
  const hit = countries.byStart.get(startOf(w, j));
  if (hit === undefined) return null;
  return { iso2: hit.iso2, end: hit.end };
}

function matchBody(w: Words, k: number, countries: CountryIndex): { hit: Hit; last: number } | null {
  const list = BODIES_BY_FIRST.get(keyAt(w, k));
  if (list === undefined) return null;
  for (const b of list) {
    const n = b.tokens.length;
    let ok = true;
    for (let t = 0; t < n && ok; t++) {
      const j = k + t;
      if (j >= w.count || (t > 0 && !joinable(w, j - 1)) || keyAt(w, j) !== b.tokens[t]) ok = false;
    }
    if (!ok) continue;
    const last = k + n - 1;
    const capital = isCap(w, k);
    const before = countryBefore(w, k, countries);
    const after = before === null ? countryAfter(w, last, countries) : null;
    const iso2 = before?.iso2 ?? after?.iso2 ?? null;
    if (!capital && (!b.lowerOk || iso2 === null)) return null;
    if (iso2 === null && b.suffix !== 'General Staff' && !b.suffix.startsWith('Ministry')) return null;
    const start = before !== null ? before.start : startOf(w, k);
    const end = after !== null ? after.end : endOf(w, last);
    let name = b.suffix;
    if (iso2 !== null) {
      name = BODY_OVERRIDES.get(`${iso2} ${b.suffix}`) ?? `${BODY_DEMONYMS.get(iso2) ?? iso2} ${b.suffix}`;
    } else if (b.suffix === 'military intelligence') {
      return null;
    }
    return { hit: { start, end, name }, last };
  }
  return null;
}

/** Same as `s === s.toUpperCase()` for s = text[start,end), without allocating for ASCII tokens. */
function hasNoLowerCase(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 0x80) {
      const s = text.slice(start, end);
      return s === s.toUpperCase();
    }
  }
  return true;
}

/** Finds organisations in one text: curated names and country-qualified government bodies. */
export function scanOrganizations(text: string, context: KindContext): NamedEntity[] {
  const w = wordsFor(text, context);
  const countries = countryIndexFor(context);
  let letters = 0;
  let upper = 0;
  for (let k = 0; k < w.count && letters < 40; k++) {
    if (!isLetters(w, k) || endOf(w, k) - startOf(w, k) < 3) continue;
    letters++;
    if (hasNoLowerCase(text, startOf(w, k), endOf(w, k))) upper++;
  }
  const allCaps = letters >= 3 && upper / letters >= 0.8;
  const hits: Hit[] = [];
  let k = 0;
  while (k < w.count) {
    if (!isLetters(w, k) || !MAY_START(w, k)) {
      k++;
      continue;
    }
    const body = matchBody(w, k, countries);
    const form = matchForm(w, k, allCaps);
    if (form !== null && (body === null || form.last >= body.last)) {
      const start = startOf(w, k);
      let end = endOf(w, form.last);
      // Keep the closing dot of an abbreviation written with dots ("U.N."), never a possessive.
      if (text.charCodeAt(end) === 46 && /\.[A-Za-z]\.$/.test(text.slice(start, end + 1))) end++;
      hits.push({ start, end, name: form.form.canonical });
      k = form.last + 1;
      continue;
    }
    if (body !== null) {
      hits.push(body.hit);
      k = body.last + 1;
      continue;
    }
    k++;
  }
  const byName = new Map<string, NamedEntity>();
  const out: NamedEntity[] = [];
  for (const h of hits) {
    let e = byName.get(h.name);
    if (e === undefined) {
      e = { name: h.name, mentions: [] };
      byName.set(h.name, e);
      out.push(e);
    }
    e.mentions.push({ text: text.slice(h.start, h.end), start: h.start, end: h.end });
  }
  return out;
}
