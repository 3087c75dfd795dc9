import { describe, expect, it } from 'vitest';
import { computeSignature, contentHash, MemoryDedupIndex } from '../../../src/dedup/index.ts';

const t0 = Date.UTC(2030, 0, 1);
const TEXT = 'Taiwan detected 27 Chinese military aircraft and nine navy ships around the island in the past 24 hours, the defence ministry said on Saturday.';

describe('MemoryDedupIndex flat entry store', () => {
  it('finds near copies after many entries without a signature (store grows past them)', () => {
    const index = new MemoryDedupIndex();
    for (let i = 0; i < 2_000; i++) {
      const verdict = index.checkAndInsertSync({ recordId: `n${i}`, contentHash: contentHash(`item ${i}`), sourceDomain: null }, t0);
      expect(verdict.match).toBe('none');
    }
    const first = computeSignature(TEXT, null);
    expect(index.checkAndInsertSync({ recordId: 'a', contentHash: first.contentHash, sourceDomain: 'x', signature: first }, t0).match).toBe('none');
    const copy = computeSignature(TEXT.replace('said', 'says'), null);
    expect(index.checkAndInsertSync({ recordId: 'b', contentHash: copy.contentHash, sourceDomain: 'y', signature: copy }, t0)).toMatchObject({ duplicateOf: 'a', match: 'near', sources: 2 });
  });

  it('accepts content hashes that are not hex (exact matches by string)', () => {
    const index = new MemoryDedupIndex();
    expect(index.checkAndInsertSync({ recordId: 'a', contentHash: 'not-a-hex-hash!', sourceDomain: null }, t0).duplicateOf).toBeNull();
    expect(index.checkAndInsertSync({ recordId: 'b', contentHash: 'not-a-hex-hash!', sourceDomain: null }, t0)).toMatchObject({ duplicateOf: 'a', match: 'exact' });
    expect(index.checkAndInsertSync({ recordId: 'c', contentHash: 'NOT-A-HEX-HASH!', sourceDomain: null }, t0).duplicateOf).toBeNull();
  });

  it('keeps near matches apart across generations and finds them in older ones', () => {
    const index = new MemoryDedupIndex({ windowSeconds: 4 * 3_600 });
    const first = computeSignature(TEXT, null);
    index.checkAndInsertSync({ recordId: 'a', contentHash: first.contentHash, sourceDomain: null, signature: first }, t0);
    const copy = computeSignature(TEXT.replace('said', 'says'), null);
    // Three generations (hours) later: still within the window.
    expect(index.checkAndInsertSync({ recordId: 'b', contentHash: copy.contentHash, sourceDomain: null, signature: copy }, t0 + 3 * 3_600_000).duplicateOf).toBe('a');
  });
});
