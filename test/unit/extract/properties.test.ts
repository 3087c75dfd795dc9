import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractItem } from '../../../src/extract/extract-item.ts';
import { htmlToText } from '../../../src/extract/html-to-text.ts';
import { makeSnippet } from '../../../src/extract/make-snippet.ts';
import { removeBoilerplate } from '../../../src/extract/remove-boilerplate.ts';
import { repairMojibake } from '../../../src/extract/repair-mojibake.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** UTF-8 bytes read as windows-1252 (undefined bytes as C1 controls, as browsers do). */
function asWindows1252(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = iconv.decode(Buffer.from([byte]), 'windows1252');
    out += ch === '\ufffd' ? String.fromCharCode(byte) : ch;
  }
  return out;
}

// Strings over every code unit (lone surrogates included), plus HTML- and mojibake-shaped ones.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom('<p>', '</p>', '<br>', '<script>', '&amp;', '&#', 'â€', 'โ', 'Ã', '™', 'a', ' ', '.', 'U.S.', '…', '😀', '[…]', 'Read more'), { maxLength: 60 }).map((parts) => parts.join('')),
);

describe('extract properties', () => {
  it('htmlToText, repairMojibake, removeBoilerplate never throw and return strings', () => {
    fc.assert(fc.property(anyText, (text) => {
      expect(typeof htmlToText(text)).toBe('string');
      expect(typeof repairMojibake(text)).toBe('string');
      expect(typeof removeBoilerplate(text)).toBe('string');
    }), { numRuns: 500 });
  });

  it('htmlToText output has no runs of whitespace and no outer whitespace', () => {
    fc.assert(fc.property(anyText, (text) => {
      const out = htmlToText(text);
      expect(out).not.toMatch(/\s\s|^\s|\s$/);
    }), { numRuns: 300 });
  });

  it('makeSnippet never throws, respects maxChars, and flags every cut', () => {
    fc.assert(fc.property(anyText, fc.integer({ min: 0, max: 250 }), (text, maxChars) => {
      const snippet = makeSnippet(text, maxChars);
      expect(snippet.text.length).toBeLessThanOrEqual(maxChars + 1);
      if (snippet.text !== text.trim()) expect(snippet.truncated).toBe(true);
    }), { numRuns: 500 });
  });

  it('makeSnippet never splits a surrogate pair of well-formed text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.integer({ min: 1, max: 60 }), (text, maxChars) => {
      expect(makeSnippet(text, maxChars).text).not.toMatch(LONE_SURROGATE);
    }), { numRuns: 500 });
  });

  it('repairMojibake leaves text without any mojibake-alphabet character alone', () => {
    const clean = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x400, max: 0x4ff }), fc.integer({ min: 0x3040, max: 0x30ff }))
      .map((cp) => String.fromCodePoint(cp)), maxLength: 100 });
    fc.assert(fc.property(clean, (text) => {
      expect(repairMojibake(text)).toBe(text);
    }), { numRuns: 300 });
  });

  it('repairMojibake undoes windows-1252 mojibake of accented Latin text', () => {
    const letters = [...'abcdefghij XYZ.,àâçéèêëîïôùûüÿñäößáíóúõãåæøœÀÉÇÖÜ'];
    const latin = fc.array(fc.constantFrom(...letters), { maxLength: 60 }).map((chars) => chars.join(''));
    fc.assert(fc.property(latin, (text) => {
      expect(repairMojibake(asWindows1252(text))).toBe(text);
    }), { numRuns: 300 });
  });

  it('extractItem never throws on arbitrary fields', () => {
    fc.assert(fc.property(fc.option(anyText), fc.option(anyText), fc.option(anyText), fc.integer({ min: -5, max: 400 }),
      (title, summary, content, maxSnippetChars) => {
        const out = extractItem({
          guid: null, link: null, title, summary, content, published: null, updated: null,
          authors: [], categories: [], enclosures: [],
        }, { maxSnippetChars });
        expect(typeof out.title).toBe('string');
        expect(out.snippet.length).toBeLessThanOrEqual(Math.max(0, maxSnippetChars) + 1);
      }), { numRuns: 300 });
  });
});
