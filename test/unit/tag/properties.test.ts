import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tagFields, tagText } from '../../../src/tag/index.ts';
import type { Entities, Mention } from '../../../src/model/entities.ts';

// Fragments news snippets are made of; the generator glues them with spaces and punctuation so that
// numbers meet units, demonyms meet formations, and dates meet weekdays in every arrangement.
const FRAGMENTS = [
  'North Korean', 'Russia’s', "Ukraine's", 'the Kremlin', 'Pyongyang', 'U.S.', 'the UK', 'DPRK', 'Soviet', 'Georgia', 'turkey',
  'Volodymyr Zelensky', 'President Putin', 'Kim Jong-un', 'Jordan', 'Chad', 'Gen.', 'Mr.', 'the Biden administration',
  '11th Separate Airborne Assault Brigade', 'Special Buryat Battalion', 'Wagner Group', 'Black Sea Fleet', 'XVIII Airborne Corps',
  '22nd and 88th Mechanized Brigades', 'Task Force 51', 'a brigade', 'Armed Forces of Ukraine', 'NATO', 'NBC News', 'GUR',
  'up to', 'at least', 'more than', 'nearly', 'some', 'an estimated', 'between', 'and', 'thousands of', 'a dozen', 'two hundred',
  '3,000', '10,000-12,000', '1.5 million', '$7.9bn', '€50 billion', '52 cents', '3.5%', '60k', '1 000', '25,000-strong',
  'troops', 'soldiers', 'drones', 'tanks', 'people', 'Su-34', 'F-16', 'T-72', '1-800-555-0199', '45-year-old', '2-0', 'one of the',
  'October 16', '16 October 2024', 'Oct. 7', 'mid-December 2017', 'early 2021', 'on Tuesday', 'the 14th', 'yesterday', 'last week',
  'in 2014', 'the 1990s', '3:15 a.m.', 'Christmas',
];
const PUNCT = [' ', ' ', ' ', ', ', '. ', '; ', ' — ', ' (', ') ', '’s ', '-', '…', '\n', ' “', '” ', '...'];

const newsLike = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...PUNCT)), { minLength: 0, maxLength: 40 })
  .map((parts) => parts.map(([f, p]) => f + p).join(''));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const garbageUnit = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('\u0000', '\u0007', '\u001b[0m', '\u200b', '\u200f', '\u202e', '\ufeff', '\ufffd', '🇰🇵', '👩‍👩‍👧', 'שלום', 'مرحبا', '北朝鮮', 'Пхеньян', '\u00a0', '\u2009', 'é', 'e\u0301'),
  loneSurrogate,
  fc.constantFrom(...FRAGMENTS),
);
const garbage = fc.array(garbageUnit, { maxLength: 30 }).map((xs) => xs.join(''));

/** Every located item of every kind, with the text its offsets refer to. */
function allMentions(e: Entities): Mention[] {
  return [
    ...e.countries.flatMap((c) => c.mentions),
    ...e.units.flatMap((u) => u.mentions),
    ...e.people.flatMap((p) => p.mentions),
    ...e.organizations.flatMap((o) => o.mentions),
    ...e.figures,
    ...e.dates,
  ];
}

/** One expect per call: per-mention expects dominate the cost on megabyte inputs. */
function expectSpansHold(e: Entities, sourceOf: (m: Mention) => string | null): void {
  const bad: Mention[] = [];
  for (const m of allMentions(e)) {
    const src = sourceOf(m);
    const ok = src !== null && Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.start < m.end
      && m.end <= src.length && src.slice(m.start, m.end) === m.text;
    if (!ok && bad.length < 5) bad.push(m);
  }
  expect(bad).toEqual([]);
}

function checkText(text: string, published: string | null): void {
  const e = tagText(text, { published });
  expectSpansHold(e, () => text);
}

function checkFields(title: string, snippet: string): void {
  const e = tagFields({ title, snippet }, { published: '2024-10-17' });
  expectSpansHold(e, (m) => (m.field === 'title' ? title : m.field === 'snippet' ? snippet : null));
}

const published = fc.constantFrom(null, '2024-10-17', '2024-10-17T09:00:00.000Z', 'not a date', '');

describe('tagger properties', () => {
  it('tagText never throws and every span is the source slice (news-like text)', () => {
    fc.assert(fc.property(newsLike, published, (text, pub) => checkText(text, pub)), { numRuns: 300 });
  });

  it('tagText never throws and every span is the source slice (garbage)', () => {
    fc.assert(fc.property(garbage, published, (text, pub) => checkText(text, pub)), { numRuns: 300 });
  });

  it('tagFields never throws; mentions name their field and slice it', () => {
    fc.assert(fc.property(fc.oneof(newsLike, garbage), fc.oneof(newsLike, garbage), (title, snippet) => checkFields(title, snippet)), { numRuns: 200 });
  });

  it('tolerates values that are not strings', () => {
    const bad = [undefined, null, 42, {}, [], Symbol('x')] as unknown[];
    for (const v of bad) {
      expect(() => tagText(v as string)).not.toThrow();
      expect(() => tagFields({ title: v as string, snippet: v as string })).not.toThrow();
      expect(() => tagFields(v as { title: string; snippet: string })).not.toThrow();
      expect(() => tagText('3,000 North Korean troops', v as { published: string })).not.toThrow();
    }
  });
});

/** CPU milliseconds of one call (robust to other processes on a shared machine). */
function cpuMs(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

describe('tagger cost is linear', () => {
  const NEWS = 'Up to 3,000 North Korean troops joined Russia’s 11th Separate Airborne Assault Brigade on October 16, Zelensky told NBC News; about $7.9bn and 3.5% were cited. ';
  const MB = 1_000_000;

  it('tags 1 MB of news text within 3 s and 2 MB in under 3x that', () => {
    const one = repeatTo(NEWS, MB);
    const two = repeatTo(NEWS, 2 * MB);
    tagText(NEWS.repeat(50));
    let tagged: Entities | undefined;
    const t1 = cpuMs(() => {
      tagged = tagText(one, { published: '2024-10-17' });
    });
    const t2 = cpuMs(() => tagText(two, { published: '2024-10-17' }));
    expectSpansHold(tagged!, () => one);
    expect(t1).toBeLessThan(3000);
    expect(t2).toBeLessThan(3 * Math.max(t1, 50));
  }, 60_000);

  // Inputs that make backtracking regexes or per-token rescans go quadratic.
  it.each([
    ['digits and separators', '1,000,000.000 '],
    ['one long number', '9'],
    ['no spaces', 'NorthKoreanBrigade'],
    ['qualifier chains', 'up to at least more than nearly some '],
    ['ordinals', '1st 2nd 3rd 4th '],
    ['capitalised words', 'Separate Airborne Assault '],
    ['dots', '. '],
    ['garbage', '\u0000\ud800🇰🇵\u202e'],
  ])('%s: 200 KB within 2 s and 400 KB in under 3x', (_name, unit) => {
    const small = repeatTo(unit, 200_000);
    const large = repeatTo(unit, 400_000);
    let tagged: Entities | undefined;
    const t1 = cpuMs(() => {
      tagged = tagText(small);
    });
    const t2 = cpuMs(() => tagText(large));
    expectSpansHold(tagged!, () => small);
    expect(t1).toBeLessThan(2000);
    expect(t2).toBeLessThan(3 * Math.max(t1, 50));
  }, 60_000);
});
