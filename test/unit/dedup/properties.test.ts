import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/dedup/content-hash.ts';
import { hammingDistance64, simhash64 } from '../../../src/dedup/fingerprint.ts';
import { normalizeForComparison } from '../../../src/dedup/normalize-text.ts';

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom('WATCH:', '(Reuters) -', ' - Reuters', ' | AP News', '&amp;', '&#', '’', '“', '…', '...', '3,000', 'a', ' ', '-', '😀'), { maxLength: 40 })
    .map((parts) => parts.join('')),
);

describe('dedup properties', () => {
  it('normalizeForComparison never throws, is collapsed and is idempotent', () => {
    fc.assert(fc.property(anyText, (text) => {
      const once = normalizeForComparison(text);
      expect(once).not.toMatch(/\s\s|^\s|\s$/);
      expect(once).toBe(once.toLowerCase());
      expect(normalizeForComparison(once)).toBe(once);
    }), { numRuns: 500 });
  });

  it('contentHash and simhash64 never throw and have fixed shapes', () => {
    fc.assert(fc.property(anyText, anyText, (a, b) => {
      expect(contentHash(a)).toMatch(/^[0-9a-f]{32}$/);
      const fa = simhash64(a);
      expect(fa).toMatch(/^[0-9a-f]{16}$/);
      const d = hammingDistance64(fa, simhash64(b));
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(64);
      expect(hammingDistance64(fa, fa)).toBe(0);
    }), { numRuns: 300 });
  });
});
