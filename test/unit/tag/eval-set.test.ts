import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { EVAL_KINDS, loadEvalSet, locateSpan } from '../../../scripts/eval/load-eval-set.ts';
import { scoreEvalSet } from '../../../scripts/eval/score-tags.ts';
import { emptyEntities } from '../../../src/model/entities.ts';
import type { Entities } from '../../../src/model/entities.ts';

const set = loadEvalSet();
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function withTempSet(lines: string[], run: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tag-eval-'));
  try {
    writeFileSync(path.join(dir, 'x.jsonl'), `${lines.join('\n')}\n`);
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('tag evaluation set', () => {
  it('has at least 220 sentences with unique ids', () => {
    expect(set.length).toBeGreaterThanOrEqual(220);
    expect(new Set(set.map((s) => s.id)).size).toBe(set.length);
  });

  it.each(EVAL_KINDS)('%s: at least 40 labels and at least 20 sentences where it is expected empty', (kind) => {
    const labelled = set.reduce((n, s) => n + s.expected[kind].length, 0);
    const empty = set.filter((s) => s.expected[kind].length === 0).length;
    expect(labelled).toBeGreaterThanOrEqual(40);
    expect(empty).toBeGreaterThanOrEqual(20);
  });

  it('every label resolves to a span whose text is the sentence slice', () => {
    for (const s of set) {
      for (const kind of EVAL_KINDS) {
        for (const label of s.expected[kind]) {
          expect(s.text.slice(label.start, label.end), `${s.id} ${kind}`).toBe(label.text);
        }
      }
    }
  });

  it('bare weekday dates resolve to the latest such day not after the publication date, else null', () => {
    for (const s of set) {
      for (const d of s.expected.dates) {
        const day = WEEKDAYS.indexOf(d.text);
        if (day < 0) continue;
        if (s.published === null) {
          expect(d.iso, s.id).toBeNull();
          continue;
        }
        const pub = new Date(`${s.published.slice(0, 10)}T00:00:00Z`);
        const back = (pub.getUTCDay() - day + 7) % 7;
        const want = new Date(pub.getTime() - back * 86_400_000).toISOString().slice(0, 10);
        expect(d.iso, s.id).toBe(want);
      }
    }
  });

  it('covers the negatives DESIGN.md names', () => {
    const texts = set.map((s) => s.text).join('\n');
    for (const needle of ['turkey', 'Jordan Bardella', 'Chad Wolf', 'Armed Forces of Ukraine', 'U.S. Navy', 'A brigade', 'Biden administration', 'Su-34', 'year-old', 'Yesterday', 'Georgia Governor', 'one of the', 'twice', 'six-time', 'Soviet']) {
      expect(texts, needle).toContain(needle);
    }
  });
});

describe('locateSpan', () => {
  it.each([
    ['Russia and Russian', 'Russia', 1, 0],
    ['Russian and Russia', 'Russia', 1, 12],
    ['the US and USS Ford', 'US', 1, 4],
    ['Kyiv, then Kyiv', 'Kyiv', 2, 11],
    ['$425 million', '$425 million', 1, 0],
  ])('%s / %s #%d', (text, needle, occ, start) => {
    expect(locateSpan(text, needle, occ)?.start).toBe(start);
  });

  it('returns null when the text is absent or only inside a longer word', () => {
    expect(locateSpan('Russian forces', 'Russia')).toBeNull();
    expect(locateSpan('abc', 'x')).toBeNull();
  });
});

describe('loadEvalSet fails loudly', () => {
  it.each([
    ['label text not in sentence', '{"id":"a","text":"Kyiv says.","expected":{"countries":[{"iso2":"UA","text":"Ukraine","kind":"name"}]}}', /not found/],
    ['second occurrence missing', '{"id":"a","text":"Kyiv says.","expected":{"countries":[{"iso2":"UA","text":"Kyiv","kind":"capital","occurrence":2}]}}', /occurrence 2/],
    ['unknown kind', '{"id":"a","text":"x","expected":{"ships":[]}}', /unknown kind/],
    ['bad echelon', '{"id":"a","text":"the 1st Platoon","expected":{"units":[{"name":"1st Platoon","echelon":"platoon","text":"1st Platoon"}]}}', /echelon/],
    ['up_to with a wrong max', '{"id":"a","text":"up to 5 tanks","expected":{"figures":[{"text":"up to 5 tanks","value":5,"max":6,"qualifier":"up_to","unit":"tanks"}]}}', /up_to/],
    ['date without iso', '{"id":"a","text":"on Monday","expected":{"dates":[{"text":"Monday"}]}}', /iso/],
    ['invalid JSON', '{"id":', /invalid JSON/],
  ])('%s', (_name, line, error) => {
    withTempSet([line], (dir) => expect(() => loadEvalSet(dir)).toThrow(error));
  });

  it('rejects duplicate ids', () => {
    const line = '{"id":"a","text":"x","expected":{}}';
    withTempSet([line, line], (dir) => expect(() => loadEvalSet(dir)).toThrow(/duplicate id/));
  });
});

describe('scoreEvalSet', () => {
  const gold = (text: string, published: string | null): Entities => {
    const s = set.find((x) => x.text === text && x.published === published)!;
    const e = emptyEntities();
    const m = (l: { text: string; start: number; end: number }) => ({ text: l.text, start: l.start, end: l.end });
    e.countries = s.expected.countries.map((c) => ({ iso2: c.iso2, name: c.iso2 ?? 'x', mentions: [{ ...m(c), kind: c.kind as 'name' }] }));
    e.units = s.expected.units.map((u) => ({ name: u.name, ordinal: u.ordinal, echelon: u.echelon, country: u.country, mentions: [m(u)] }));
    e.figures = s.expected.figures.map((f) => ({ ...f }));
    e.people = s.expected.people.map((p) => ({ name: p.name, mentions: [m(p)] }));
    e.organizations = s.expected.organizations.map((o) => ({ name: o.name, mentions: [m(o)] }));
    e.dates = s.expected.dates.map((d) => ({ ...m(d), iso: d.iso }));
    return e;
  };

  it('scores the labels themselves as perfect', () => {
    const report = scoreEvalSet(set, gold);
    for (const kind of EVAL_KINDS) expect(report.kinds[kind].f1, kind).toBe(1);
    expect(report.errors).toEqual([]);
  });

  it('scores empty output as zero recall and a throwing tagger as empty output', () => {
    const report = scoreEvalSet(set, () => {
      throw new Error('boom');
    });
    for (const kind of EVAL_KINDS) {
      expect(report.kinds[kind].tp).toBe(0);
      expect(report.kinds[kind].recall).toBe(0);
    }
  });

  it('counts a figure with a wrong attribute as one FP and one FN', () => {
    const s = set.find((x) => x.id === 'ur001')!;
    const report = scoreEvalSet([s], (text, published) => {
      const e = gold(text, published);
      e.figures = e.figures.map((f) => ({ ...f, qualifier: 'about' as const, approx: true }));
      return e;
    });
    expect(report.kinds.figures).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(report.kinds.units.f1).toBe(1);
  });
});
