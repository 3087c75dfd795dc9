import { describe, expect, it } from 'vitest';
import { normalizeForComparison } from '../../../src/dedup/normalize-text.ts';

describe('normalizeForComparison', () => {
  it.each([
    ['lower case and punctuation', 'Russia Says NO!', 'russia says no'],
    ['curly apostrophe folded and removed', 'Russia’s army', 'russias army'],
    ['straight apostrophe removed', 'Russia\'s army', 'russias army'],
    ['curly double quotes', '“first step to a world war”', 'first step to a world war'],
    ['single quotes used as quotes', '\'first step to a world war\'', 'first step to a world war'],
    ['dashes folded', 'Kim Jong-un — and Kim Jong‑un – again', 'kim jong un and kim jong un again'],
    ['whitespace collapsed', '  a \t b\n\nc  ', 'a b c'],
    ['NFKC: full-width and ligatures', 'Ｕｋｒａｉｎｅ ﬁghts', 'ukraine fights'],
    ['entities', 'Ukraine&#39;s &amp; Russia&#x2019;s &quot;talks&quot;&nbsp;end &eacute;t&eacute;', 'ukraines russias talks end été'],
    ['double-escaped entity', 'Tom &amp;quot;Jerry&amp;quot;', 'tom jerry'],
    ['digit groups joined, decimals kept', 'up to 3,000 troops and 3.5 million', 'up to 3000 troops and 3.5 million'],
    ['percent kept', 'rose 10% on Monday.', 'rose 10% on monday'],
    ['trailing ellipsis', 'North Korea was providing military personnel to aid ...', 'north korea was providing military personnel to aid'],
    ['trailing unicode ellipsis', 'to aid…', 'to aid'],
    ['WATCH: prefix', 'WATCH: Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['VIDEO: prefix', 'Video: Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['LIVE: prefix', 'LIVE: Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['BREAKING: prefix', 'BREAKING: Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['BREAKING NEWS: prefix', 'BREAKING NEWS: Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['UPDATE 2- prefix', 'UPDATE 2-Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['EXCLUSIVE- prefix', 'EXCLUSIVE-Zelensky addresses parliament', 'zelensky addresses parliament'],
    ['(Reuters) - dateline', '(Reuters) - Zelensky addressed parliament', 'zelensky addressed parliament'],
    ['city dateline', 'KYIV (Reuters) - Zelensky addressed parliament', 'zelensky addressed parliament'],
    ['city and date dateline', 'KYIV, Oct 16 (Reuters) - Zelensky addressed parliament', 'zelensky addressed parliament'],
    ['AP dateline with em dash', 'WASHINGTON (AP) — Zelensky addressed parliament', 'zelensky addressed parliament'],
    ['- Reuters suffix', 'Zelensky addresses parliament - Reuters', 'zelensky addresses parliament'],
    ['| AP News suffix', 'Zelensky addresses parliament | AP News', 'zelensky addresses parliament'],
    ['- BBC News suffix', 'Zelensky addresses parliament - BBC News', 'zelensky addresses parliament'],
    ['— The Guardian suffix', 'Zelensky addresses parliament — The Guardian', 'zelensky addresses parliament'],
    ['domain suffix', 'Zelensky addresses parliament | nbcnews.com', 'zelensky addresses parliament'],
    ['stacked labels', 'BREAKING: UPDATE 1-KYIV (Reuters) - Zelensky addresses parliament... - Reuters', 'zelensky addresses parliament'],
    ['hyphenated word is not a wire slug', 'Live-fire drills begin', 'live fire drills begin'],
    ['a dash inside the text stays content', 'Russia - which denies it - sent troops', 'russia which denies it sent troops'],
    ['empty', '', ''],
    ['only punctuation', '... — !!', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizeForComparison(input)).toBe(expected);
  });

  it('gives the same text for copies differing in quotes and the outlet suffix', () => {
    const a = 'Ukraine’s president says “up to 3,000” North Korean troops joined Russia’s forces - Reuters';
    const b = 'Ukraine\'s president says "up to 3,000" North Korean troops joined Russia\'s forces';
    expect(normalizeForComparison(a)).toBe(normalizeForComparison(b));
    expect(normalizeForComparison(a)).toBe('ukraines president says up to 3000 north korean troops joined russias forces');
  });

  it('keeps different figures different', () => {
    expect(normalizeForComparison('3,000 troops')).not.toBe(normalizeForComparison('10,000 troops'));
    expect(normalizeForComparison('3.5 million')).not.toBe(normalizeForComparison('35 million'));
  });

  it('is idempotent', () => {
    const once = normalizeForComparison('KYIV (Reuters) - Russia’s “new” 3,000-strong force... | AP News');
    expect(normalizeForComparison(once)).toBe(once);
  });
});

describe('normalizeForComparison called again', () => {
  it('when the same and other texts alternate, then each call gives that text\'s own form', () => {
    const texts = ['North Korea’s troops — “3,000”', 'Plain ascii text, here.', 'North Korea’s troops — “3,000”', ''];
    const first = texts.map((text) => normalizeForComparison(text));
    const again = [...texts].reverse().map((text) => normalizeForComparison(text)).reverse();
    expect(again).toEqual(first);
    expect(first).toEqual(['north koreas troops 3000', 'plain ascii text here', 'north koreas troops 3000', '']);
  });
});
