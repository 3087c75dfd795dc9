import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapseWhitespace } from '../../../src/extract/collapse-whitespace.ts';

// Every character \s matches in JavaScript, plus neighbours that it does not (zero-width space, soft hyphen).
const WHITESPACE = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const NOT_WHITESPACE = ['a', 'Z', '.', '\u200b', '\u00ad', 'é', '😀', '-'];

describe('collapseWhitespace', () => {
  it('when text mixes every kind of whitespace run with other characters, then it equals replace(/\\s+/g, " ")', () => {
    const piece = fc.oneof(fc.constantFrom(...WHITESPACE), fc.constantFrom(...NOT_WHITESPACE), fc.string({ maxLength: 4 }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
      const text = pieces.join('');
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' '));
    }), { numRuns: 2_000 });
  });

  it('when runs sit at the ends or are single spaces, then only the runs that are not one plain space change', () => {
    expect(collapseWhitespace('  a b\u00a0c \n d\t')).toBe(' a b c d ');
    expect(collapseWhitespace('one two three')).toBe('one two three');
    expect(collapseWhitespace('')).toBe('');
  });
});
