import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRecord, recordJsonSchema, sourceDomain, validateRecord } from '../../../src/record/index.ts';
import { emptyEntities } from '../../../src/model/index.ts';
import { RecordInvalidError } from '../../../src/errors.ts';

function sample() {
  return buildRecord({
    id: '0123456789abcdef0123456789abcdef',
    feed: { id: 'northern-ledger', url: 'https://northern-ledger.example/rss', title: 'Northern Ledger' },
    sourceName: 'Northern Ledger',
    url: 'https://www.northern-ledger.example/a',
    guid: 'a',
    title: 'Title',
    snippet: 'Snippet.',
    truncated: false,
    language: 'en',
    publishedAt: 'Wed, 16 Oct 2024 10:00:00 GMT',
    fetchedAt: '2024-10-16T10:05:00.000Z',
    dedup: { contentHash: 'h', fingerprint: 'f', duplicateOf: null, cluster: '0123456789abcdef0123456789abcdef', story: '0123456789abcdef0123456789abcdef', sources: 1 },
    entities: emptyEntities(),
    versions: { sitrep: '0.1.0', tagger: 't' },
  });
}

describe('record', () => {
  it('when built, then it validates, dates are ISO and the domain drops www', () => {
    const record = validateRecord(sample());
    expect(record.publishedAt).toBe('2024-10-16T10:00:00.000Z');
    expect(record.source).toEqual({ name: 'Northern Ledger', domain: 'northern-ledger.example' });
    expect(record.provenance.revision).toBe(1);
  });

  it('when a field is wrong, then validation names it', () => {
    const bad = { ...sample(), id: 'not-hex' };
    expect(() => validateRecord(bad)).toThrow(RecordInvalidError);
    expect(() => validateRecord(bad)).toThrow(/id:/);
    const badMention = sample();
    badMention.entities.countries.push({ iso2: 'kp', name: 'North Korea', mentions: [] });
    expect(() => validateRecord(badMention)).toThrow(/entities\.countries\.0\.iso2/);
  });

  it.each([[null, null], ['not a url', null], ['https://WWW.BBC.co.uk/x', 'bbc.co.uk']])('sourceDomain(%s) = %s', (url, domain) => {
    expect(sourceDomain(url)).toBe(domain);
  });

  it('when the validator changes, then schema/record.v1.json is regenerated (npm run schema)', () => {
    const shipped = JSON.parse(readFileSync('schema/record.v1.json', 'utf8'));
    expect(shipped).toEqual(recordJsonSchema());
  });
});
