import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { TAGGER_VERSION, tagCountries, tagFields, tagText } from '../../../src/tag/index.ts';
import type { Entities } from '../../../src/model/entities.ts';

function expectEmptyOtherKinds(e: Entities): void {
  expect(e.units).toEqual([]);
  expect(e.figures).toEqual([]);
  expect(e.people).toEqual([]);
  expect(e.organizations).toEqual([]);
  expect(e.dates).toEqual([]);
}

describe('TAGGER_VERSION', () => {
  it('is a non-empty version string', () => {
    expect(TAGGER_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('tagText', () => {
  it('returns the countries of one text without a field', () => {
    const text = 'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.';
    const e = tagText(text, { language: 'en', published: '2024-10-17T00:00:00Z' });
    expect(e.countries).toEqual(tagCountries(text, { language: 'en' }));
    expect(e.countries.map((c) => c.iso2)).toEqual(['RU', 'UA', 'KR', 'KP']);
    for (const c of e.countries) for (const m of c.mentions) expect(m.field).toBeUndefined();
    expectEmptyOtherKinds(e);
  });

  it('never throws whatever the input', () => {
    for (const bad of [undefined, null, 3, {}, '', '\u0000\ud800']) {
      const e = tagText(bad as unknown as string, bad as never);
      expect(e.countries).toEqual([]);
      expectEmptyOtherKinds(e);
    }
  });
});

describe('tagFields', () => {
  it('attributes mentions to their field, with offsets into that field, title first', () => {
    const title = 'North Korean troops in Russia, says Kyiv';
    const snippet = 'Ukraine says Pyongyang sent troops; Moscow denies it.';
    const e = tagFields({ title, snippet });
    expect(e.countries.map((c) => c.iso2)).toEqual(['KP', 'RU', 'UA']);
    const rows = e.countries.flatMap((c) => c.mentions.map((m) => [c.iso2, m.field, m.text, m.kind]));
    expect(rows).toEqual([
      ['KP', 'title', 'North Korean', 'demonym'],
      ['KP', 'snippet', 'Pyongyang', 'capital'],
      ['RU', 'title', 'Russia', 'name'],
      ['RU', 'snippet', 'Moscow', 'capital'],
      ['UA', 'title', 'Kyiv', 'capital'],
      ['UA', 'snippet', 'Ukraine', 'name'],
    ]);
    for (const c of e.countries) {
      for (const m of c.mentions) {
        const source = m.field === 'title' ? title : snippet;
        expect(source.slice(m.start, m.end)).toBe(m.text);
      }
    }
    expectEmptyOtherKinds(e);
  });

  it('orders entities first seen only in the snippet after title entities', () => {
    const e = tagFields({ title: 'France votes', snippet: 'Germany and France agreed.' });
    expect(e.countries.map((c) => [c.iso2, c.mentions.map((m) => m.field)])).toEqual([
      ['FR', ['title', 'snippet']],
      ['DE', ['snippet']],
    ]);
  });

  it('shares document cues across fields ("the North" with Korea only in the title)', () => {
    const e = tagFields({ title: 'Seoul on alert', snippet: 'Officials said the North fired a missile.' });
    expect(e.countries.map((c) => [c.iso2, c.mentions.map((m) => `${m.field}:${m.text}`)])).toEqual([
      ['KR', ['title:Seoul']],
      ['KP', ['snippet:North']],
    ]);
    const ga = tagFields({ title: 'Georgia election results', snippet: 'Counting continued in Atlanta overnight.' });
    expect(ga.countries).toEqual([]);
  });

  it('does not mutate results of one call through another', () => {
    const a = tagFields({ title: 'Ukraine', snippet: 'Ukraine' });
    const b = tagFields({ title: 'Ukraine', snippet: 'Ukraine' });
    expect(a).toEqual(b);
    expect(a.countries[0]?.mentions).toHaveLength(2);
  });

  it('never throws and keeps offsets valid on random fields', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), (t, s) => {
        const title = `${t} Ukraine`;
        const snippet = `${s} the U.S.`;
        const e = tagFields({ title, snippet }, { language: null });
        for (const c of e.countries) {
          for (const m of c.mentions) {
            const source = m.field === 'title' ? title : snippet;
            expect(source.slice(m.start, m.end)).toBe(m.text);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(tagFields(null as never).countries).toEqual([]);
    expect(tagFields({ title: 5, snippet: undefined } as never).countries).toEqual([]);
  });
});
