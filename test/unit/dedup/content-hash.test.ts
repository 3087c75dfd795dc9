import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/dedup/content-hash.ts';

describe('contentHash', () => {
  it('is 32 lower-case hex chars', () => {
    expect(contentHash('Anything at all')).toMatch(/^[0-9a-f]{32}$/);
    expect(contentHash('')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is the sha256 prefix of the normalized text', () => {
    // First 32 hex chars of sha256("russia says no"), computed independently.
    expect(contentHash('Russia says NO!')).toBe('5d038201dc5c20edccdbf55c2f8d6719');
  });

  it.each([
    ['curly vs straight quotes and outlet suffix',
      'Ukraine’s president says “up to 3,000” North Korean troops joined Russia’s forces - Reuters',
      'Ukraine\'s president says "up to 3,000" North Korean troops joined Russia\'s forces'],
    ['dateline and case', 'KYIV (Reuters) - Russia denied the reports.', 'russia denied the reports'],
    ['entities and whitespace', 'Russia&#39;s  army\nmoved', 'Russia’s army moved'],
    ['upstream ellipsis', 'Pyongyang is sending large numbers of personnel ...', 'Pyongyang is sending large numbers of personnel'],
  ])('is equal for copies: %s', (_name, a, b) => {
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it.each([
    ['a changed figure', 'As many as 3,000 North Korean troops', 'As many as 10,000 North Korean troops'],
    ['a changed word', 'Russia denied the reports', 'Ukraine denied the reports'],
    ['a negation', 'Moscow confirmed the deployment', 'Moscow never confirmed the deployment'],
  ])('differs for %s', (_name, a, b) => {
    expect(contentHash(a)).not.toBe(contentHash(b));
  });
});
