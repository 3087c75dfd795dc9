import { describe, expect, it } from 'vitest';
import { matchesRecordQuery, parseRecordQuery, streamRange, type RecordQuery } from '../../../src/api/record-query.ts';
import { averageItemsPerDay } from '../../../src/api/feed-views.ts';
import { describeFetch } from '../../../src/observability/instrument-workers.ts';
import { emptyEntities, type SitrepRecord } from '../../../src/model/index.ts';

function query(raw: Record<string, unknown>): RecordQuery {
  const parsed = parseRecordQuery(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
}

describe('parseRecordQuery', () => {
  it('applies defaults and normalizes', () => {
    expect(query({})).toEqual({ country: null, unit: null, person: null, feed: null, sinceMs: null, untilMs: null, cursor: null, limit: 50 });
    expect(query({ country: 'ua', person: ' Zelensky ', unit: ['Brigade', 'x'], limit: '200' })).toMatchObject({ country: 'UA', person: 'zelensky', unit: 'brigade', limit: 200 });
  });
  it.each([
    [{ limit: '0' }, 'limit'], [{ limit: '201' }, 'limit'], [{ limit: '2.5' }, 'limit'], [{ country: 'UKR' }, 'country'],
    [{ cursor: '12-x' }, 'cursor'], [{ since: 'soon' }, 'since'], [{ until: 'later' }, 'until'], [{ feed: 'A B' }, 'feed'],
  ])('rejects %o', (raw, field) => {
    const parsed = parseRecordQuery(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.startsWith(`${field}:`)).toBe(true);
  });
});

describe('streamRange', () => {
  it.each([
    [{}, { end: '+', start: '-' }],
    [{ cursor: '1700000000000-3' }, { end: '(1700000000000-3', start: '-' }],
    [{ since: '1970-01-01T00:00:01Z' }, { end: '+', start: '1000-0' }],
    [{ until: '1970-01-01T00:00:02Z', cursor: '5000-1' }, { end: '2000-18446744073709551615', start: '-' }],
    [{ until: '1970-01-01T00:00:09Z', cursor: '5000-1' }, { end: '(5000-1', start: '-' }],
  ])('%o -> %o', (raw, expected) => {
    expect(streamRange(query(raw))).toEqual(expected);
  });
  it('is empty when since is after until', () => {
    expect(streamRange(query({ since: '2024-02-01T00:00:00Z', until: '2024-01-01T00:00:00Z' }))).toBeNull();
  });
});

describe('matchesRecordQuery', () => {
  const entities = emptyEntities();
  entities.countries.push({ iso2: 'UA', name: 'Ukraine', mentions: [] });
  entities.people.push({ name: 'Volodymyr Zelensky', mentions: [] });
  entities.units.push({ name: '11th Separate Airborne Assault Brigade', ordinal: 11, echelon: 'brigade', country: 'RU', mentions: [] });
  const record = { feed: { id: 'kyiv-wire', url: 'http://x', title: null }, entities } as unknown as SitrepRecord;
  it.each([
    [{}, true], [{ country: 'UA' }, true], [{ country: 'RU' }, false], [{ person: 'zelen' }, true], [{ person: 'putin' }, false],
    [{ unit: 'AIRBORNE' }, true], [{ unit: 'fleet' }, false], [{ feed: 'kyiv-wire' }, true], [{ feed: 'other' }, false],
    [{ country: 'UA', person: 'zelensky', feed: 'kyiv-wire' }, true],
  ])('%o -> %s', (raw, expected) => {
    expect(matchesRecordQuery(record, query(raw))).toBe(expected);
  });
});

describe('averageItemsPerDay', () => {
  const now = Date.parse('2024-10-11T00:00:00Z');
  it.each([
    [30, null, null], [30, 'garbage', null], [30, '2024-10-10T23:00:00Z', 30], [30, '2024-10-01T00:00:00Z', 3], [10, '2024-10-08T00:00:00Z', 3.33],
  ])('%d items since %s -> %s', (count, first, expected) => {
    expect(averageItemsPerDay(count, first, now)).toBe(expected);
  });
});

describe('describeFetch', () => {
  const base = { url: 'u', finalUrl: 'u', durationMs: 1 };
  it.each([
    [null, 'error', { statusClass: 'none', errorKind: 'parse' }],
    [{ ...base, kind: 'not-modified', status: 304 }, 'not-modified', { statusClass: '3xx' }],
    [{ ...base, kind: 'error', status: 503, errorKind: 'http_5xx', message: 'm', retryAfterSeconds: null }, 'error', { statusClass: '5xx', errorKind: 'http_5xx' }],
    [{ ...base, kind: 'error', status: null, errorKind: 'dns', message: 'm', retryAfterSeconds: null }, 'error', { statusClass: 'none', errorKind: 'dns' }],
    [{ ...base, kind: 'ok', status: 200, contentType: null, body: Buffer.alloc(0), etag: null, lastModified: null }, 'error', { statusClass: '2xx', errorKind: 'parse' }],
  ] as const)('%o / %s', (fetched, outcome, expected) => {
    expect(describeFetch(fetched as never, outcome)).toEqual(expected);
  });
});
