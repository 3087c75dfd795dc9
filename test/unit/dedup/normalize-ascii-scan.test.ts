import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeForComparison } from '../../../src/dedup/normalize-text.ts';

// A zero-width space is removed by the folding path before anything else looks at the text, so
// text + ZWSP takes the regex path (NFKC, \s+, Unicode PUNCTUATION) and must give what the ASCII
// char scans give for the text alone.
const ZWSP = '\u200b';
const viaRegexPath = (text: string) => normalizeForComparison(`${text}${ZWSP}`);

const ASCII_NO_BACKTICK = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '`');
const asciiText = fc.array(
  fc.oneof(
    fc.constantFrom(...ASCII_NO_BACKTICK),
    fc.constantFrom(' ', '  ', '\t', '\n', '.', '...', '1.5', '3.', '.5', '1,000', "it's", ' - Reuters', 'WATCH: ', '(AP) - ', ' | example.com', '[...]', 'word', 'Kyiv'),
  ),
  { maxLength: 30 },
).map((parts) => parts.join(''));

describe('normalizeForComparison ASCII scans', () => {
  it('matches the regex path on every ASCII character between letters and between digits', () => {
    for (const c of ASCII_NO_BACKTICK) {
      for (const text of [`a${c}b`, `1${c}2`, `${c}a`, `a${c}`, `${c}`, `a ${c} b`, `a${c}${c}b`]) {
        expect(normalizeForComparison(text), JSON.stringify(text)).toBe(viaRegexPath(text));
      }
    }
  });

  it.each([
    ['a  b', 'a b'],
    [' a b ', 'a b'],
    ['a\tb\nc', 'a b c'],
    ['cost 1.5 bn.', 'cost 1.5 bn'],
    ['3. 5 .5 a.b', '3 5 5 a b'],
    ['1,000 troops', '1000 troops'],
    ['Already single spaced words', 'already single spaced words'],
    ['', ''],
  ])('%j -> %j', (text, expected) => {
    expect(normalizeForComparison(text)).toBe(expected);
    expect(viaRegexPath(text)).toBe(expected);
  });

  it('matches the regex path on random ASCII text', () => {
    fc.assert(fc.property(asciiText, (text) => normalizeForComparison(text) === viaRegexPath(text)), { numRuns: 3000 });
  });
});
