// Loads the labelled tagging evaluation set (test/fixtures/tag-eval/*.jsonl) and resolves every label's
// surface text to UTF-16 offsets. Throws with file, line and label on anything malformed: a silent
// mislabel would corrupt every score computed from it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Echelon, FigureCategory, FigureQualifier } from '../../src/model/entities.ts';

export const EVAL_KINDS = ['countries', 'units', 'figures', 'people', 'organizations', 'dates'] as const;
export type EvalKind = (typeof EVAL_KINDS)[number];

/** A resolved surface span in the sentence text. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface CountryLabel extends Span {
  iso2: string | null;
  kind: string;
}
export interface UnitLabel extends Span {
  name: string;
  /** Other accepted spellings of the name (DESIGN leaves some normalisations open). */
  alt: string[];
  ordinal: number | null;
  echelon: Echelon;
  country: string | null;
}
export interface FigureLabel extends Span {
  value: number | null;
  min: number | null;
  max: number | null;
  approx: boolean;
  qualifier: FigureQualifier;
  unit: string | null;
  category: FigureCategory;
  country: string | null;
}
export interface NamedLabel extends Span {
  name: string;
  alt: string[];
}
export interface DateLabel extends Span {
  iso: string | null;
}

export interface EvalSentence {
  id: string;
  file: string;
  line: number;
  text: string;
  published: string | null;
  expected: {
    countries: CountryLabel[];
    units: UnitLabel[];
    figures: FigureLabel[];
    people: NamedLabel[];
    organizations: NamedLabel[];
    dates: DateLabel[];
  };
}

export const DEFAULT_EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/tag-eval');

const ECHELONS: ReadonlySet<string> = new Set([
  'troop', 'squadron', 'company', 'battalion', 'battalion_tactical_group', 'battlegroup', 'regiment', 'brigade',
  'division', 'corps', 'army', 'group_of_forces', 'task_force', 'fleet', 'pmc',
]);
const QUALIFIERS: ReadonlySet<string> = new Set(['exactly', 'about', 'up_to', 'at_least', 'range', 'vague']);
const CATEGORIES: ReadonlySet<string> = new Set(['personnel', 'casualties', 'equipment', 'money', 'percent', 'area', 'other']);
const COUNTRY_KINDS: ReadonlySet<string> = new Set(['name', 'demonym', 'alias', 'capital']);
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

class LabelError extends Error {}

type Raw = Record<string, unknown>;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** Offsets of the n-th (1-based) occurrence of `needle` that is not part of a longer word. */
export function locateSpan(text: string, needle: string, occurrence = 1): Span | null {
  if (needle.length === 0) return null;
  let seen = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return null;
    const end = at + needle.length;
    const leftOk = !(isWordChar(needle[0]) && isWordChar(text[at - 1]));
    const rightOk = !(isWordChar(needle[needle.length - 1]) && isWordChar(text[end]));
    if (leftOk && rightOk) {
      seen++;
      if (seen === occurrence) return { text: needle, start: at, end };
    }
    from = at + 1;
  }
}

function str(raw: Raw, key: string, where: string): string {
  const v = raw[key];
  if (typeof v !== 'string' || v.length === 0) throw new LabelError(`${where}: "${key}" must be a non-empty string`);
  return v;
}

function optStr(raw: Raw, key: string, where: string): string | null {
  const v = raw[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new LabelError(`${where}: "${key}" must be a string or null`);
  return v;
}

function optNum(raw: Raw, key: string, where: string): number | null | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LabelError(`${where}: "${key}" must be a number or null`);
  return v;
}

function alts(raw: Raw, where: string): string[] {
  const v = raw.alt;
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((a) => typeof a !== 'string')) throw new LabelError(`${where}: "alt" must be an array of strings`);
  return v as string[];
}

function span(sentence: string, raw: Raw, where: string): Span {
  const text = str(raw, 'text', where);
  const occ = raw.occurrence ?? 1;
  if (typeof occ !== 'number' || !Number.isInteger(occ) || occ < 1) throw new LabelError(`${where}: "occurrence" must be a positive integer`);
  const found = locateSpan(sentence, text, occ);
  if (found === null) throw new LabelError(`${where}: text ${JSON.stringify(text)} (occurrence ${occ}) not found in the sentence`);
  return found;
}

function parseFigure(sentence: string, raw: Raw, where: string): FigureLabel {
  const s = span(sentence, raw, where);
  const qualifier = str(raw, 'qualifier', where);
  if (!QUALIFIERS.has(qualifier)) throw new LabelError(`${where}: unknown qualifier ${qualifier}`);
  const value = optNum(raw, 'value', where) ?? null;
  // Defaults follow DESIGN's qualifier table so labels only spell out what the table cannot infer.
  const min = optNum(raw, 'min', where) ?? (qualifier === 'at_least' ? value : null);
  const max = optNum(raw, 'max', where) ?? (qualifier === 'up_to' ? value : null);
  const approxRaw = raw.approx;
  if (approxRaw !== undefined && typeof approxRaw !== 'boolean') throw new LabelError(`${where}: "approx" must be boolean`);
  const approx = approxRaw ?? (qualifier === 'about' || qualifier === 'vague');
  const category = optStr(raw, 'category', where) ?? 'other';
  if (!CATEGORIES.has(category)) throw new LabelError(`${where}: unknown category ${category}`);
  const unit = optStr(raw, 'unit', where);
  const fig: FigureLabel = { ...s, value, min, max, approx, qualifier: qualifier as FigureQualifier, unit, category: category as FigureCategory, country: optStr(raw, 'country', where) };
  checkFigureTable(fig, where);
  return fig;
}

/** The qualifier table in DESIGN.md fixes which of value/min/max are set. */
function checkFigureTable(f: FigureLabel, where: string): void {
  const bad = (why: string): never => {
    throw new LabelError(`${where}: figure ${JSON.stringify(f.text)} ${why}`);
  };
  switch (f.qualifier) {
    case 'exactly':
      if (f.value === null || f.min !== null || f.max !== null || f.approx) bad('exactly needs value, no min/max, approx false');
      break;
    case 'about':
      if (f.value === null || f.min !== null || (f.max !== null && f.max !== f.value) || !f.approx) bad('about needs value, max null or = value, approx true');
      break;
    case 'up_to':
      if (f.value === null || f.max !== f.value || f.min !== null || f.approx) bad('up_to needs max = value');
      break;
    case 'at_least':
      if (f.value === null || f.min !== f.value || f.max !== null || f.approx) bad('at_least needs min = value');
      break;
    case 'range':
      if (f.value !== null || f.min === null || f.max === null || f.min >= f.max || f.approx) bad('range needs min < max and value null');
      break;
    case 'vague':
      if (f.value !== null || f.min === null || f.max !== null || !f.approx) bad('vague needs min (magnitude), value null, approx true');
      break;
  }
  if (f.unit !== null && f.unit !== f.unit.toLowerCase() && !/^[A-Z]{3}$/.test(f.unit)) bad('unit must be lower case or an ISO 4217 code');
}

function parseSentence(raw: Raw, file: string, line: number): EvalSentence {
  const where0 = `${file}:${line}`;
  const id = str(raw, 'id', where0);
  const text = str(raw, 'text', where0);
  const published = optStr(raw, 'published', where0);
  if (published !== null && !/^\d{4}-\d{2}-\d{2}/.test(published)) throw new LabelError(`${where0}: bad published ${published}`);
  const exp = raw.expected;
  if (exp === null || typeof exp !== 'object' || Array.isArray(exp)) throw new LabelError(`${where0}: "expected" must be an object`);
  const e = exp as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!(EVAL_KINDS as readonly string[]).includes(key)) throw new LabelError(`${where0}: unknown kind "${key}"`);
  }
  const list = (kind: EvalKind): Raw[] => {
    const v = e[kind];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => x === null || typeof x !== 'object')) throw new LabelError(`${where0}: "${kind}" must be an array of objects`);
    return v as Raw[];
  };
  const at = (kind: string, i: number): string => `${where0} (${id}) ${kind}[${i}]`;
  return {
    id, file, line, text, published,
    expected: {
      countries: list('countries').map((r, i) => {
        const w = at('countries', i);
        const kind = str(r, 'kind', w);
        if (!COUNTRY_KINDS.has(kind)) throw new LabelError(`${w}: unknown country kind ${kind}`);
        const iso2 = optStr(r, 'iso2', w);
        if (iso2 !== null && !/^[A-Z]{2}$/.test(iso2)) throw new LabelError(`${w}: bad iso2 ${iso2}`);
        return { ...span(text, r, w), iso2, kind };
      }),
      units: list('units').map((r, i) => {
        const w = at('units', i);
        const echelon = str(r, 'echelon', w);
        if (!ECHELONS.has(echelon)) throw new LabelError(`${w}: unknown echelon ${echelon}`);
        const ordinal = optNum(r, 'ordinal', w) ?? null;
        return { ...span(text, r, w), name: str(r, 'name', w), alt: alts(r, w), ordinal, echelon: echelon as Echelon, country: optStr(r, 'country', w) };
      }),
      figures: list('figures').map((r, i) => parseFigure(text, r, at('figures', i))),
      people: list('people').map((r, i) => ({ ...span(text, r, at('people', i)), name: str(r, 'name', at('people', i)), alt: alts(r, at('people', i)) })),
      organizations: list('organizations').map((r, i) => ({ ...span(text, r, at('organizations', i)), name: str(r, 'name', at('organizations', i)), alt: alts(r, at('organizations', i)) })),
      dates: list('dates').map((r, i) => {
        const w = at('dates', i);
        const iso = optStr(r, 'iso', w);
        if (r.iso === undefined) throw new LabelError(`${w}: "iso" is required (null when unresolvable)`);
        if (iso !== null && !ISO_DATE.test(iso)) throw new LabelError(`${w}: bad iso ${iso}`);
        return { ...span(text, r, w), iso };
      }),
    },
  };
}

/** Reads every *.jsonl file of `dir` (sorted); throws on the first malformed line or unresolvable label. */
export function loadEvalSet(dir: string = DEFAULT_EVAL_DIR): EvalSentence[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  if (files.length === 0) throw new Error(`no *.jsonl files in ${dir}`);
  const out: EvalSentence[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((lineText, index) => {
      if (lineText.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(lineText);
      } catch (err) {
        throw new Error(`${file}:${index + 1}: invalid JSON: ${(err as Error).message}`);
      }
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}:${index + 1}: not a JSON object`);
      const sentence = parseSentence(raw as Raw, file, index + 1);
      if (ids.has(sentence.id)) throw new Error(`${file}:${index + 1}: duplicate id ${sentence.id}`);
      ids.add(sentence.id);
      out.push(sentence);
    });
  }
  return out;
}
