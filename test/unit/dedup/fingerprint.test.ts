import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hammingDistance64, simhash64 } from '../../../src/dedup/fingerprint.ts';
import { finalize, mixBlock } from '../../../src/dedup/murmur3.ts';
import { normalizeForComparison } from '../../../src/dedup/normalize-text.ts';

/** SimHash as first written: one signed weight per bit, +1 or -1 for every shingle hash. */
function simhash64Reference(text: string): string {
  const normalized = normalizeForComparison(text);
  if (normalized === '') return '0000000000000000';
  const words = normalized.split(' ');
  const murmur = (word: string, seed: number) => {
    let h = seed | 0;
    for (let i = 0; i < word.length; i++) h = mixBlock(h, word.charCodeAt(i));
    return finalize(h, word.length);
  };
  const half = (seed: number) => {
    const hashes = words.map((word) => murmur(word, seed));
    const weights = new Array<number>(32).fill(0);
    const vote = (hash: number) => { for (let bit = 0; bit < 32; bit++) weights[bit]! += (hash >>> bit) & 1 ? 1 : -1; };
    if (words.length < 3) hashes.forEach(vote);
    else for (let i = 0; i + 3 <= words.length; i++) vote(finalize(mixBlock(mixBlock(mixBlock(seed | 0, hashes[i]!), hashes[i + 1]!), hashes[i + 2]!), 12));
    let value = 0;
    for (let bit = 0; bit < 32; bit++) if (weights[bit]! > 0) value |= 1 << bit;
    return (value >>> 0).toString(16).padStart(8, '0');
  };
  return half(0x9747b28c) + half(0x5bd1e995);
}

// The second paragraph of /work/shared/example-document.txt (84 words).
const base = 'In a surprising twist to the ongoing conflict in Ukraine, reports have surfaced that North Korea is sending '
  + 'military personnel to support Russia. According to Ukrainian intelligence sources, thousands of North Korean soldiers '
  + 'are undergoing training to engage alongside Russian forces against Ukraine. This galvanizing news has raised eyebrows '
  + 'and created speculation over the evolving dynamics of international military alliances. Ukraine\'s President '
  + 'Volodymyr Zelenskyy has confirmed these unsettling reports, citing the deepening relationship between Pyongyang and '
  + 'Moscow as a concerning development in the war.';

const snippets = [
  'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.',
  'Ukrainian intelligence believes that North Korea is sending thousands of its own soldiers to fight for Russia against Ukraine, a source tells NBC News.',
  'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.',
  'There are reports that at least 18 of the North Korean soldiers sent to Ukraine have already deserted from the Russian lines.',
  'Volodymyr Zelenskyy has backed reports that Pyongyang is sending large numbers of personnel to help Putin.',
  'The central bank raised interest rates by half a point on Thursday, citing stubborn inflation in services.',
  'A new species of frog was found in the cloud forests of Ecuador by a team of biologists last spring.',
];

describe('simhash64', () => {
  it('returns 16 lower-case hex chars and is stable', () => {
    const fp = simhash64(base);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64(base)).toBe(fp);
    // Pinned value: a change here silently invalidates every stored fingerprint.
    expect(simhash64('Russia says no, but Ukraine and South Korea point to a deepening relationship.')).toBe('7a0c1abb646cce46');
  });

  it('when texts of any length and wording are fingerprinted, then the bit-sliced vote gives the per-bit weight result', () => {
    const word = fc.constantFrom('north', 'korea', 'troops', 'the', 'a', 'Kyiv', '3,000', 'said', 'war', 'up', 'to', 'é', 'x');
    fc.assert(fc.property(fc.array(word, { maxLength: 400 }), (words) => {
      const text = words.join(' ');
      expect(simhash64(text)).toBe(simhash64Reference(text));
    }), { numRuns: 500 });
    for (const text of [base, base.repeat(40), ...snippets, 'one', 'two words']) expect(simhash64(text)).toBe(simhash64Reference(text));
  });

  it('is identical for copies that normalize the same', () => {
    const copy = `${base.toUpperCase().replace(/'/g, '’')} - Reuters`;
    expect(hammingDistance64(simhash64(base), simhash64(copy))).toBe(0);
  });

  // One edited word changes up to three of ~80 shingles; on 20-word snippets the same edit costs 5-17 bits.
  it.each([
    ['one word appended', `${base} Today`, 4],
    ['one word changed', base.replace('thousands', 'hundreds'), 6],
    ['one word dropped', base.replace('galvanizing ', ''), 8],
    ['cut upstream', `${base.slice(0, base.lastIndexOf(' development'))} ...`, 6],
  ])('keeps near-identical long texts close: %s', (_name, variant, maxDistance) => {
    expect(hammingDistance64(simhash64(base), simhash64(variant))).toBeLessThanOrEqual(maxDistance);
  });

  it('puts unrelated texts far apart', () => {
    for (let i = 0; i < snippets.length; i++) {
      for (let j = i + 1; j < snippets.length; j++) {
        expect(hammingDistance64(simhash64(snippets[i]!), simhash64(snippets[j]!))).toBeGreaterThan(20);
      }
    }
  });

  it('uses single words for texts under three words', () => {
    expect(simhash64('Kyiv')).not.toBe(simhash64('Moscow'));
    expect(simhash64('Kyiv Moscow')).toBe(simhash64('kyiv, moscow!'));
  });

  it('gives the zero fingerprint for empty or punctuation-only text', () => {
    expect(simhash64('')).toBe('0000000000000000');
    expect(simhash64('... — !!')).toBe('0000000000000000');
  });
});

describe('hammingDistance64', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['0000000000000001', '0000000000000000', 1],
    ['8000000000000000', '0000000000000000', 1],
    ['00000000ffffffff', '0000000000000000', 32],
    ['FFFF0000FFFF0000', 'ffff0000ffff0000', 0],
    ['0123456789abcdef', 'fedcba9876543210', 64],
    ['0123456789abcdef', '0000000000000000', 32],
  ])('%s vs %s = %i', (a, b, expected) => {
    expect(hammingDistance64(a, b)).toBe(expected);
    expect(hammingDistance64(b, a)).toBe(expected);
  });

  it.each([['', '0000000000000000'], ['xyz', '0000000000000000'], ['00000000000000000', '0000000000000000']])(
    'returns 64 for malformed input %j',
    (a, b) => {
      expect(hammingDistance64(a, b)).toBe(64);
    },
  );
});
