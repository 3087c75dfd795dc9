// Scores tagger output against the labelled set, per kind. Matching rules are documented in
// docs/tagging.md "Scoring"; each prediction can satisfy at most one label (greedy, in text order).
import type { Entities, Mention } from '../../src/model/entities.ts';
import { EVAL_KINDS } from './load-eval-set.ts';
import type { EvalKind, EvalSentence, Span } from './load-eval-set.ts';

export interface KindScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** One error: a label not matched (fn) or a prediction not matched (fp). */
export interface ScoreError {
  kind: EvalKind;
  type: 'fp' | 'fn';
  id: string;
  sentence: string;
  /** Short description of the label or prediction. */
  item: string;
}

export interface AttributeAccuracy {
  correct: number;
  total: number;
}

export interface EvalReport {
  sentences: number;
  kinds: Record<EvalKind, KindScore>;
  /** Among matched figures: category and country agreement (not gating). */
  figureAttributes: { category: AttributeAccuracy; country: AttributeAccuracy };
  errors: ScoreError[];
}

/** Case, diacritics, apostrophe style and spacing do not distinguish names. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^the /, '');
}

function overlaps(a: Span | Mention, b: Span | Mention): boolean {
  return a.start < b.end && b.start < a.end;
}

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function sameUnit(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function nameMatches(predicted: string, label: { name: string; alt: string[] }): boolean {
  const p = foldName(predicted);
  return p === foldName(label.name) || label.alt.some((a) => foldName(a) === p);
}

function safeArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function safeMentions(e: unknown): Mention[] {
  return safeArray<Mention>((e as { mentions?: unknown } | null)?.mentions).filter((m) => m !== null && typeof m === 'object');
}

/**
 * Greedy one-to-one matching: each label takes the first unused prediction that satisfies `match`.
 * Returns the indices of unmatched labels and predictions and the matched pairs.
 */
function matchAll<L, P>(labels: L[], preds: P[], match: (l: L, p: P) => boolean): { pairs: Array<[L, P]>; fnLabels: L[]; fpPreds: P[] } {
  const used = new Array<boolean>(preds.length).fill(false);
  const pairs: Array<[L, P]> = [];
  const fnLabels: L[] = [];
  for (const l of labels) {
    let hit = -1;
    for (let i = 0; i < preds.length; i++) {
      if (!used[i] && match(l, preds[i]!)) {
        hit = i;
        break;
      }
    }
    if (hit < 0) fnLabels.push(l);
    else {
      used[hit] = true;
      pairs.push([l, preds[hit]!]);
    }
  }
  return { pairs, fnLabels, fpPreds: preds.filter((_, i) => !used[i]) };
}

function describeSpan(s: Span | Mention): string {
  return `"${s.text}"@${s.start}-${s.end}`;
}

function describe(obj: Record<string, unknown>, keys: string[]): string {
  return keys.map((k) => `${k}=${JSON.stringify(obj[k] ?? null)}`).join(' ');
}

interface Acc {
  tp: number;
  fp: number;
  fn: number;
}

/** Scores one sentence's predicted entities into the running totals. */
function scoreSentence(s: EvalSentence, got: Entities, acc: Record<EvalKind, Acc>, report: EvalReport): void {
  const err = (kind: EvalKind, type: 'fp' | 'fn', item: string): void => {
    report.errors.push({ kind, type, id: s.id, sentence: s.text, item });
  };
  const tally = <L, P>(kind: EvalKind, labels: L[], preds: P[], match: (l: L, p: P) => boolean, showL: (l: L) => string, showP: (p: P) => string) => {
    const r = matchAll(labels, preds, match);
    acc[kind].tp += r.pairs.length;
    acc[kind].fn += r.fnLabels.length;
    acc[kind].fp += r.fpPreds.length;
    for (const l of r.fnLabels) err(kind, 'fn', showL(l));
    for (const p of r.fpPreds) err(kind, 'fp', showP(p));
    return r.pairs;
  };

  // countries: one unit of scoring per mention, matched by (iso2, start, end).
  const countryPreds = safeArray<{ iso2: string | null }>(got.countries).flatMap((e) => safeMentions(e).map((m) => ({ iso2: e?.iso2 ?? null, m })));
  tally('countries', s.expected.countries, countryPreds,
    (l, p) => l.iso2 === p.iso2 && l.start === p.m.start && l.end === p.m.end,
    (l) => `${l.iso2} ${describeSpan(l)} (${l.kind})`,
    (p) => `${p.iso2} ${describeSpan(p.m)} (${(p.m as { kind?: string }).kind ?? '?'})`);

  // units: one per entity, attributes equal and a mention overlapping the labelled span.
  const units = safeArray<Record<string, unknown> & { name: string }>(got.units);
  tally('units', s.expected.units, units,
    (l, p) => typeof p.name === 'string' && nameMatches(p.name, l) && p.ordinal === l.ordinal && p.echelon === l.echelon && (p.country ?? null) === l.country && safeMentions(p).some((m) => overlaps(m, l)),
    (l) => `${describe(l as unknown as Record<string, unknown>, ['name', 'ordinal', 'echelon', 'country'])} ${describeSpan(l)}`,
    (p) => `${describe(p, ['name', 'ordinal', 'echelon', 'country'])} ${safeMentions(p).map(describeSpan).join(',')}`);

  // figures: span overlap and value/min/max/qualifier/unit all equal.
  const figures = safeArray<Record<string, unknown> & Mention>(got.figures);
  const figPairs = tally('figures', s.expected.figures, figures,
    (l, p) => overlaps(l, p) && sameNumber(l.value, (p.value as number | null) ?? null) && sameNumber(l.min, (p.min as number | null) ?? null)
      && sameNumber(l.max, (p.max as number | null) ?? null) && l.qualifier === p.qualifier && sameUnit(l.unit, (p.unit as string | null) ?? null),
    (l) => `${describeSpan(l)} ${describe(l as unknown as Record<string, unknown>, ['value', 'min', 'max', 'qualifier', 'unit'])}`,
    (p) => `${describeSpan(p)} ${describe(p, ['value', 'min', 'max', 'qualifier', 'unit'])}`);
  for (const [l, p] of figPairs) {
    report.figureAttributes.category.total++;
    if (l.category === p.category) report.figureAttributes.category.correct++;
    report.figureAttributes.country.total++;
    if (l.country === ((p.country as string | null) ?? null)) report.figureAttributes.country.correct++;
  }

  // people, organizations: one per entity, name (or an accepted alternative) plus an overlapping mention.
  for (const kind of ['people', 'organizations'] as const) {
    const preds = safeArray<{ name: string }>(got[kind]);
    tally(kind, s.expected[kind], preds,
      (l, p) => typeof p?.name === 'string' && nameMatches(p.name, l) && safeMentions(p).some((m) => overlaps(m, l)),
      (l) => `${l.name} ${describeSpan(l)}`,
      (p) => `${p?.name} ${safeMentions(p).map(describeSpan).join(',')}`);
  }

  // dates: iso equal and span overlap.
  const dates = safeArray<Mention & { iso: string | null }>(got.dates);
  tally('dates', s.expected.dates, dates,
    (l, p) => l.iso === (p.iso ?? null) && overlaps(l, p),
    (l) => `${describeSpan(l)} iso=${l.iso}`,
    (p) => `${describeSpan(p)} iso=${p.iso}`);
}

function finish(a: Acc): KindScore {
  const precision = a.tp + a.fp === 0 ? 1 : a.tp / (a.tp + a.fp);
  const recall = a.tp + a.fn === 0 ? 1 : a.tp / (a.tp + a.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...a, precision, recall, f1 };
}

/** Runs `tag` over every sentence and scores the output per kind. A throwing tagger scores as empty output. */
export function scoreEvalSet(sentences: EvalSentence[], tag: (text: string, published: string | null) => Entities): EvalReport {
  const acc = Object.fromEntries(EVAL_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<EvalKind, Acc>;
  const report: EvalReport = {
    sentences: sentences.length,
    kinds: {} as Record<EvalKind, KindScore>,
    figureAttributes: { category: { correct: 0, total: 0 }, country: { correct: 0, total: 0 } },
    errors: [],
  };
  for (const s of sentences) {
    let got: Entities;
    try {
      got = tag(s.text, s.published);
    } catch (e) {
      report.errors.push({ kind: 'countries', type: 'fn', id: s.id, sentence: s.text, item: `tagger threw: ${(e as Error).message}` });
      got = { countries: [], units: [], figures: [], people: [], organizations: [], dates: [] };
    }
    scoreSentence(s, got ?? ({} as Entities), acc, report);
  }
  for (const k of EVAL_KINDS) report.kinds[k] = finish(acc[k]);
  return report;
}
