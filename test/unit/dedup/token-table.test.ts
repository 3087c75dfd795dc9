import { describe, expect, it } from 'vitest';
import { TOKEN_BAND, TOKEN_EXACT, TOKEN_LEDE, TOKEN_STORY, TokenTable } from '../../../src/dedup/token-table.ts';

const hex12 = (n: number) => (n * 2654435761 >>> 0).toString(16).padStart(8, '0') + (n & 0xffff).toString(16).padStart(4, '0');

describe('TokenTable', () => {
  it('keeps the first value per (kind, token) and tells kinds apart', () => {
    const table = new TokenTable();
    table.addIfAbsent(TOKEN_BAND, '0123456789ab', 1);
    table.addIfAbsent(TOKEN_BAND, '0123456789ab', 2);
    table.addIfAbsent(TOKEN_LEDE, '0123456789ab', 3);
    expect(table.get(TOKEN_BAND, '0123456789ab')).toBe(1);
    expect(table.get(TOKEN_LEDE, '0123456789ab')).toBe(3);
    expect(table.get(TOKEN_STORY, '0123456789ab')).toBe(-1);
    expect(table.get(TOKEN_BAND, '0123456789ac')).toBe(-1);
  });

  it.each([
    ['upper case hex', '0123456789AB'],
    ['short', 'abc'],
    ['long', '0123456789abc'],
    ['non-hex', 'zzzzzzzzzzzz'],
    ['non-ASCII', '0123456789a\u00e9'],
    ['empty', ''],
  ])('stores %s tokens as their own strings', (_label, token) => {
    const table = new TokenTable();
    table.addIfAbsent(TOKEN_EXACT, token, 7);
    expect(table.get(TOKEN_EXACT, token)).toBe(7);
    expect(table.get(TOKEN_BAND, token)).toBe(-1);
    // "0123456789AB" is not "0123456789ab": a Map<string, number> would keep them apart too.
    expect(table.get(TOKEN_EXACT, token.toLowerCase() === token ? `${token}0` : token.toLowerCase())).toBe(-1);
  });

  it('agrees with a Map over 50,000 keys across growth', () => {
    const table = new TokenTable();
    const reference = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const kind = i % 4;
      const token = hex12(i % 30_000);
      table.addIfAbsent(kind, token, i);
      if (!reference.has(`${kind}:${token}`)) reference.set(`${kind}:${token}`, i);
    }
    for (let i = 0; i < 60_000; i++) {
      const kind = i % 4;
      const token = hex12(i);
      expect(table.get(kind, token)).toBe(reference.get(`${kind}:${token}`) ?? -1);
    }
  });
});
