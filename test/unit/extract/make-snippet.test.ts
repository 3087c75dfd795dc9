import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../../src/extract/make-snippet.ts';

describe('makeSnippet', () => {
  it.each([
    ['fits: unchanged', 'Short text.', 100, 'Short text.', false],
    ['exactly maxChars', 'abcde', 5, 'abcde', false],
    ['cuts at the last sentence that fits', 'First sentence here. Second sentence is here.', 30, 'First sentence here.', true],
    ['! and ? end sentences', 'Really? Yes! And then something much longer follows.', 15, 'Really? Yes!', true],
    ['closing quote stays with its sentence', 'He said "no." Then he left the room for good.', 20, 'He said "no."', true],
    ['not after U.S., Mr. or Gen.', 'The U.S. said Mr. Smith left. Gen. Jones stayed behind today.', 40, 'The U.S. said Mr. Smith left.', true],
    ['not after No. or initials', 'Brigade No. 5 under J. R. Smith moved. More text follows here.', 45, 'Brigade No. 5 under J. R. Smith moved.', true],
    ['not before a lower-case word', 'Microsoft Corp. said on Monday it would invest. More follows.', 50, 'Microsoft Corp. said on Monday it would invest.', true],
    ['no boundary: word cut with ellipsis', 'No sentence boundary in this very long text at all', 20, 'No sentence…', true],
    ['abbreviations only: word cut', 'The U.S. and Mr. Kim met on Oct. 5 in Pyongyang.', 30, 'The U.S. and Mr. Kim met on…', true],
    ['a tiny first sentence loses to a word cut', 'Hi. This is a much longer second sentence without end', 40, 'Hi. This is a much longer second…', true],
    ['trailing comma dropped before the ellipsis', 'Alpha beta, gamma delta epsilon zeta eta', 13, 'Alpha beta…', true],
    ['upstream "..." sets truncated', 'Ukrainian President Volodymyr Zelensky cited reports to aid ...', 300, 'Ukrainian President Volodymyr Zelensky cited reports to aid ...', true],
    ['upstream "…" sets truncated', 'Reports cited by officials …', 300, 'Reports cited by officials …', true],
    ['CJK sentence end', '日本の首相は言った。次の文はとても長いです。', 12, '日本の首相は言った。', true],
    ['one huge word: hard cut', 'x'.repeat(50), 10, `${'x'.repeat(9)}…`, true],
    ['decimal point is not a boundary', 'Growth was 3.5 percent in the quarter, officials said', 25, 'Growth was 3.5 percent…', true],
    ['maxChars 0', 'anything', 0, '', true],
    ['empty text', '', 10, '', false],
  ])('%s', (_name, text, maxChars, expected, truncated) => {
    const snippet = makeSnippet(text, maxChars);
    expect(snippet).toEqual({ text: expected, truncated });
    expect(snippet.text.length).toBeLessThanOrEqual(Math.max(maxChars, 0));
  });

  it('never splits a surrogate pair', () => {
    for (let max = 1; max < 12; max++) {
      const { text } = makeSnippet('😀'.repeat(10), max);
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('keeps emoji sequences and combining marks whole in a hard cut', () => {
    const family = '👩‍👩‍👧';
    const { text } = makeSnippet(family.repeat(5), family.length * 2 + 3);
    expect(text).toBe(`${family.repeat(2)}…`);
    const accented = 'e\u0301'.repeat(20);
    expect(makeSnippet(accented, 6).text).toBe(`${'e\u0301'.repeat(2)}…`);
  });

  it('handles odd maxChars values', () => {
    expect(makeSnippet('Some text here', Number.NaN)).toEqual({ text: '', truncated: true });
    expect(makeSnippet('Some text here', Infinity)).toEqual({ text: 'Some text here', truncated: false });
    expect(makeSnippet('Some text here', 9.9).text.length).toBeLessThanOrEqual(9);
  });
});
