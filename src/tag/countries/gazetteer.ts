import countries from 'world-countries';
import type { CountryMentionKind } from '../../model/entities.ts';
import {
  BLOCKED_PHRASES, CURATED_FORMS, CaseMode, DROPPED_CAPITALS, DROPPED_FORMS, Flag,
} from './curated.ts';
import {
  ADJECTIVE_ENDINGS, CYRILLIC_DEMONYM_STEMS, CYRILLIC_FORMS, NOUN_ENDINGS,
} from './cyrillic.ts';
import { classifyGap, foldKey } from './normalize.ts';
import { tokenizeWords } from './tokenize.ts';

/** One surface form in the gazetteer. kind null marks a blocked phrase (matched, then dropped). */
export interface GazEntry {
  iso2: string | null;
  name: string;
  kind: CountryMentionKind | null;
  caseMode: CaseMode;
  /** ISO 639-1 code the form is limited to, or null for any text. */
  lang: string | null;
  flags: number;
  /** Surface tokens of the form, for the case check. */
  canon: string[];
  /** The form ends with a dot that belongs to it ("U.S."). */
  trailingDot: boolean;
  /** Lower wins when several entries share one key: blocks, curated, names, aliases... */
  rank: number;
}

export interface StemEdge {
  endings: ReadonlySet<string>;
  node: TrieNode;
}

/** Trie over token keys; edges are gap code + folded token ("north", " korea"). */
export interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Cyrillic stems: an edge taken when the token is stem + one of the endings. */
  stems: Map<string, StemEdge> | null;
  entries: GazEntry[] | null;
  /** Below the root: `next` split by gap code, so a walk looks up the cached token key without concatenating. */
  byGap: Map<string, Map<string, TrieNode>> | null;
}

/** Latin-script translations in world-countries, by ISO 639-1 code; used only when the text is in that language. */
const TRANSLATION_KEYS: ReadonlyArray<[string, string]> = [
  ['de', 'deu'], ['fr', 'fra'], ['es', 'spa'], ['it', 'ita'], ['pt', 'por'], ['nl', 'nld'], ['pl', 'pol'],
];

const Rank = { block: 0, curated: 1, name: 2, alias: 3, demonym: 4, capital: 5, translation: 6 } as const;

const SEATS: ReadonlySet<string> = new Set(['Кремль', 'Белый дом', 'Білий дім']);

const RE_LATIN_OR_CYRILLIC_ONLY = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{M}\s.'’\-]+$/u;
const RE_UPPER_ACRONYM = /^[A-Z.]{2,5}$/;
const RE_ADJECTIVE_END = /(?:ая|яя|ий|ый|ой|ій|ие|ые)$/;
const RE_SOFT_END = /[аяьйыи]$/;
const RE_CYRILLIC_UPPER = /^[\p{Lu}]+$/u;

interface PendingForm {
  keys: string[];
  entry: GazEntry;
  /** Per-token stem edges (Cyrillic inflection), aligned with keys. */
  stems: Array<{ stem: string; endings: ReadonlySet<string> } | null> | null;
}

interface Country {
  cca2: string;
  independent: boolean | null;
  unMember: boolean;
  name: { common: string; official: string };
  altSpellings: string[];
  capital: string[];
  demonyms: Record<string, { m: string; f: string } | undefined>;
  translations: Record<string, { common: string; official: string } | undefined>;
}

const COUNTRY_LIST = countries as unknown as Country[];
const BY_ISO = new Map<string, Country>(COUNTRY_LIST.map((c) => [c.cca2, c]));

/** Display name for an ISO code (world-countries common name). */
export function countryName(iso2: string | null, fallback: string): string {
  if (iso2 === null) return fallback;
  return BY_ISO.get(iso2)?.name.common ?? fallback;
}

function isIndependent(iso2: string | null): boolean {
  if (iso2 === null) return false;
  const c = BY_ISO.get(iso2);
  return c !== undefined && (c.independent === true || c.unMember);
}

/** Splits a form into trie keys; null when it has joins a text could not reproduce. */
function formKeys(form: string): { keys: string[]; canon: string[]; trailingDot: boolean } | null {
  const t = tokenizeWords(form);
  if (t.count === 0) return null;
  const keys: string[] = [];
  const canon: string[] = [];
  for (let i = 0; i < t.count; i++) {
    const s = t.starts[i] ?? 0;
    const e = t.ends[i] ?? 0;
    const tok = form.slice(s, e);
    let gap = '';
    if (i > 0) {
      const g = classifyGap(form, t.ends[i - 1] ?? 0, s);
      if (g === null) return null;
      gap = g;
    } else if (s !== 0) {
      return null;
    }
    keys.push(gap + foldKey(tok));
    canon.push(tok);
  }
  const lastEnd = t.ends[t.count - 1] ?? 0;
  const rest = form.slice(lastEnd);
  if (rest !== '' && rest !== '.') return null;
  return { keys, canon, trailingDot: rest === '.' };
}

function makeEntry(
  iso2: string | null, name: string, kind: CountryMentionKind | null, rank: number,
  canon: string[], trailingDot: boolean, opts: { caseMode?: CaseMode; flags?: number; lang?: string | null },
): GazEntry {
  return {
    iso2, name, kind, rank, canon, trailingDot,
    caseMode: opts.caseMode ?? CaseMode.capitalized,
    flags: opts.flags ?? 0,
    lang: opts.lang ?? null,
  };
}

/** Plural of an English demonym noun, or null when the word does not take one ("Chinese", "Swiss"). */
function pluralDemonym(d: string): string | null {
  if (/(?:ese|ish|ch|sh|ss|x|z|ic)$/.test(d)) return null;
  if (d.endsWith('s')) return null;
  return d + 's';
}

function cyrillicStem(token: string): { stem: string; endings: ReadonlySet<string> } | null {
  if (RE_CYRILLIC_UPPER.test(token)) return null; // acronyms (США, КНДР) do not decline
  if (RE_ADJECTIVE_END.test(token) && token.length >= 5) {
    return { stem: token.slice(0, -2), endings: ADJECTIVE_ENDINGS };
  }
  const stem = RE_SOFT_END.test(token) ? token.slice(0, -1) : token;
  if (stem.length < 3) return null;
  return { stem, endings: NOUN_ENDINGS };
}

function collectForms(): PendingForm[] {
  const out: PendingForm[] = [];
  const add = (form: string, entryOf: (canon: string[], trailingDot: boolean) => GazEntry, stems = false): void => {
    const k = formKeys(form);
    if (k === null) return;
    const entry = entryOf(k.canon, k.trailingDot);
    let stemList: PendingForm['stems'] = null;
    if (stems) {
      stemList = k.canon.map((tok) => {
        const s = cyrillicStem(tok);
        return s === null ? null : { stem: foldKey(s.stem), endings: s.endings };
      });
    }
    out.push({ keys: k.keys, entry, stems: stemList });
  };

  for (const p of BLOCKED_PHRASES) {
    add(p, (canon, dot) => makeEntry(null, '', null, Rank.block, canon, dot, { caseMode: CaseMode.any }));
  }
  for (const f of CURATED_FORMS) {
    const name = countryName(f.iso2, f.name ?? f.form);
    add(f.form, (canon, dot) => makeEntry(f.iso2, name, f.kind, Rank.curated, canon, dot, {
      caseMode: f.caseMode ?? (RE_UPPER_ACRONYM.test(f.form) ? CaseMode.exact : CaseMode.capitalized),
      flags: (f.flags ?? 0) | (f.kind === 'capital' ? Flag.capital : 0),
    }));
  }
  for (const f of CYRILLIC_FORMS) {
    const name = countryName(f.iso2, f.form);
    const isAcronym = RE_CYRILLIC_UPPER.test(f.form);
    add(f.form, (canon, dot) => makeEntry(f.iso2, name, f.kind, Rank.curated, canon, dot, {
      caseMode: isAcronym ? CaseMode.exact : CaseMode.capitalized,
      flags: f.kind === 'capital' ? Flag.capital | (SEATS.has(f.form) ? Flag.seat : 0) : 0,
    }), !isAcronym);
    for (const extra of f.stems ?? []) {
      add(extra, (canon, dot) => makeEntry(f.iso2, name, f.kind, Rank.curated, canon, dot, {
        flags: f.kind === 'capital' ? Flag.capital : 0,
      }), true);
    }
  }
  for (const d of CYRILLIC_DEMONYM_STEMS) {
    const k = formKeys(d.stem);
    if (k === null) continue;
    out.push({
      keys: [],
      entry: makeEntry(d.iso2, countryName(d.iso2, d.stem), 'demonym', Rank.curated, k.canon, false, { caseMode: CaseMode.any }),
      stems: [{ stem: foldKey(d.stem), endings: d.noun === true ? NOUN_ENDINGS : ADJECTIVE_ENDINGS }],
    });
  }

  for (const c of COUNTRY_LIST) {
    const iso2 = c.cca2;
    const name = c.name.common;
    const independent = c.independent === true || c.unMember;
    const nameWords = new Set(foldKey(name).split(/[\s-]+/).filter((w) => w.length >= 4));
    const wcForm = (form: string, kind: CountryMentionKind, rank: number, flags = 0): void => {
      if (DROPPED_FORMS.has(foldKey(form))) return;
      if (!RE_LATIN_OR_CYRILLIC_ONLY.test(form)) return;
      add(form, (canon, dot) => makeEntry(iso2, name, kind, rank, canon, dot, {
        caseMode: RE_UPPER_ACRONYM.test(form) ? CaseMode.exact : CaseMode.capitalized, flags,
      }));
    };
    wcForm(name, 'name', Rank.name);
    wcForm(c.name.official, 'name', Rank.name);
    for (const alt of c.altSpellings) {
      if (RE_UPPER_ACRONYM.test(alt)) continue; // codes and acronyms come from the curated list
      if (alt.includes(',') || alt.includes('(')) continue;
      const words = foldKey(alt).split(/[\s-]+/);
      const kind = words.some((w) => nameWords.has(w)) ? 'name' : 'alias';
      wcForm(alt, kind, kind === 'name' ? Rank.name : Rank.alias);
    }
    const eng = c.demonyms['eng'];
    const demonyms = new Set<string>();
    for (const d of [eng?.m, eng?.f]) {
      if (!d) continue;
      for (const part of d.split(/,\s*|\s+or\s+/)) if (part.trim() !== '') demonyms.add(part.trim());
    }
    for (const d of demonyms) {
      wcForm(d, 'demonym', Rank.demonym);
      const pl = pluralDemonym(d);
      if (pl !== null) wcForm(pl, 'demonym', Rank.demonym);
    }
    if (independent) {
      const folded = foldKey(name);
      for (const cap of c.capital) {
        const fc = foldKey(cap);
        if (DROPPED_CAPITALS.has(fc) || fc.includes(folded)) continue;
        wcForm(cap, 'capital', Rank.capital, Flag.capital);
      }
    }
    for (const [lang, key] of TRANSLATION_KEYS) {
      const tr = c.translations[key]?.common;
      if (!tr || tr.includes('(') || tr.includes(',')) continue;
      if (DROPPED_FORMS.has(foldKey(tr))) continue;
      add(tr, (canon, dot) => makeEntry(iso2, name, 'name', Rank.translation, canon, dot, { lang }));
    }
    const rus = c.translations['rus']?.common;
    if (rus && !rus.includes('(') && !rus.includes(',')) {
      add(rus, (canon, dot) => makeEntry(iso2, name, 'name', Rank.translation, canon, dot, {}));
    }
  }
  return out;
}

/**
 * Keeps one entry per key and language: the lowest rank; among equals an independent state;
 * a key still shared by two states is ambiguous and dropped.
 */
function resolveCollisions(forms: PendingForm[]): PendingForm[] {
  const groups = new Map<string, PendingForm[]>();
  const order: string[] = [];
  for (const f of forms) {
    const stemPart = f.stems?.map((s) => (s === null ? '' : s.stem + (s.endings === NOUN_ENDINGS ? '#n' : '#a'))).join('\u0002') ?? '';
    const key = `${f.entry.lang ?? ''}\u0003${f.keys.join('\u0001')}\u0003${stemPart}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = [];
      groups.set(key, g);
      order.push(key);
    }
    g.push(f);
  }
  const englishKeys = new Map<string, string | null>();
  const kept: PendingForm[] = [];
  for (const key of order) {
    const g = groups.get(key) ?? [];
    const first = g[0];
    if (first === undefined) continue;
    let best: PendingForm = first;
    for (const f of g) if (f.entry.rank < best.entry.rank) best = f;
    const bestRank = best.entry.rank;
    const top = g.filter((f) => f.entry.rank === bestRank);
    const isos = new Set(top.map((f) => f.entry.iso2));
    if (isos.size > 1) {
      const indep = top.filter((f) => isIndependent(f.entry.iso2));
      const indepIsos = new Set(indep.map((f) => f.entry.iso2));
      if (best.entry.rank === Rank.curated) best = top[0] ?? best;
      else if (indepIsos.size === 1 && indep[0] !== undefined) best = indep[0];
      else continue;
    }
    if (best.entry.lang === null) englishKeys.set(best.keys.join('\u0001'), best.entry.iso2);
    kept.push(best);
  }
  // A translation identical to an English form of the same state adds nothing.
  return kept.filter((f) => {
    if (f.entry.lang === null) return true;
    const k = f.keys.join('\u0001');
    return !(englishKeys.has(k) && englishKeys.get(k) === f.entry.iso2);
  });
}

function newNode(): TrieNode {
  return { next: null, stems: null, entries: null, byGap: null };
}

function insert(root: TrieNode, f: PendingForm): void {
  let node = root;
  const n = Math.max(f.keys.length, f.stems?.length ?? 0);
  for (let i = 0; i < n; i++) {
    const stem = f.stems?.[i] ?? null;
    const gap = i === 0 ? '' : (f.keys[i]?.charAt(0) ?? ' ');
    if (stem !== null) {
      const sk = gap + stem.stem + (stem.endings === NOUN_ENDINGS ? '#n' : '#a');
      if (node.stems === null) node.stems = new Map();
      let edge = node.stems.get(sk);
      if (edge === undefined) {
        edge = { endings: stem.endings, node: newNode() };
        node.stems.set(sk, edge);
      }
      node = edge.node;
    } else {
      const key = f.keys[i] ?? '';
      if (node.next === null) node.next = new Map();
      let child = node.next.get(key);
      if (child === undefined) {
        child = newNode();
        node.next.set(key, child);
      }
      node = child;
    }
  }
  if (node.entries === null) node.entries = [];
  node.entries.push(f.entry);
  // Language-limited entries first, so a matching language wins over the English reading.
  node.entries.sort((a, b) => (a.lang === null ? 1 : 0) - (b.lang === null ? 1 : 0) || a.rank - b.rank);
}

/** Builds the gazetteer trie (called once at module load). */
export function buildGazetteer(): { root: TrieNode; maxDepth: number; size: number } {
  const forms = resolveCollisions(collectForms());
  const root = newNode();
  let maxDepth = 1;
  for (const f of forms) {
    insert(root, f);
    maxDepth = Math.max(maxDepth, f.keys.length, f.stems?.length ?? 0);
  }
  indexByGap(root, true);
  return { root, maxDepth, size: forms.length };
}

/** Fills byGap of every node below the root (edge keys there are one gap character + token key). */
function indexByGap(node: TrieNode, isRoot: boolean): void {
  if (node.next !== null) {
    for (const [k, child] of node.next) {
      if (!isRoot && k.length > 0) {
        if (node.byGap === null) node.byGap = new Map();
        const gap = k.charAt(0);
        let m = node.byGap.get(gap);
        if (m === undefined) {
          m = new Map();
          node.byGap.set(gap, m);
        }
        m.set(k.slice(1), child);
      }
      indexByGap(child, false);
    }
  }
  if (node.stems !== null) for (const edge of node.stems.values()) indexByGap(edge.node, false);
}

