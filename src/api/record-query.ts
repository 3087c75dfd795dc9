import type { SitrepRecord } from '../model/index.ts';

/** Filters of GET /api/records, validated. */
export interface RecordQuery {
  country: string | null;
  unit: string | null;
  person: string | null;
  feed: string | null;
  /** Stream-id bounds (ms) from since/until: records written in [sinceMs, untilMs]. */
  sinceMs: number | null;
  untilMs: number | null;
  /** Exclusive upper bound: the stream id of the last record on the previous page. */
  cursor: string | null;
  limit: number;
}

export type ParsedRecordQuery = { ok: true; query: RecordQuery } | { ok: false; error: string };

export const DEFAULT_RECORD_LIMIT = 50;
export const MAX_RECORD_LIMIT = 200;
const STREAM_ID = /^\d{1,16}-\d{1,16}$/;
const ISO2 = /^[A-Za-z]{2}$/;
const FEED_ID = /^[a-z0-9-]{1,200}$/;
const MAX_NEEDLE_CHARS = 200;

function single(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string') return single(value[0]);
  return null;
}

function parseTime(value: string | null, name: string): { ok: true; ms: number | null } | { ok: false; error: string } {
  if (value === null) return { ok: true, ms: null };
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? { ok: true, ms } : { ok: false, error: `${name}: not an ISO time: ${JSON.stringify(value.slice(0, 50))}` };
}

/** Validates the query string of GET /api/records (pure; never throws). */
export function parseRecordQuery(raw: Record<string, unknown>): ParsedRecordQuery {
  const country = single(raw.country);
  if (country !== null && !ISO2.test(country)) return { ok: false, error: 'country: expected an ISO 3166-1 alpha-2 code such as UA' };
  const feed = single(raw.feed);
  if (feed !== null && !FEED_ID.test(feed)) return { ok: false, error: 'feed: expected a feed id ([a-z0-9-])' };
  const cursor = single(raw.cursor);
  if (cursor !== null && !STREAM_ID.test(cursor)) return { ok: false, error: 'cursor: expected a stream id from nextCursor' };
  const limitText = single(raw.limit);
  const limit = limitText === null ? DEFAULT_RECORD_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECORD_LIMIT) return { ok: false, error: `limit: expected a whole number 1..${MAX_RECORD_LIMIT}` };
  const since = parseTime(single(raw.since), 'since');
  if (!since.ok) return since;
  const until = parseTime(single(raw.until), 'until');
  if (!until.ok) return until;
  const unit = single(raw.unit);
  const person = single(raw.person);
  return {
    ok: true,
    query: {
      country: country?.toUpperCase() ?? null,
      unit: unit?.slice(0, MAX_NEEDLE_CHARS).toLowerCase() ?? null,
      person: person?.slice(0, MAX_NEEDLE_CHARS).toLowerCase() ?? null,
      feed,
      sinceMs: since.ms,
      untilMs: until.ms,
      cursor,
      limit,
    },
  };
}

/** Whether a record passes the entity and feed filters (time and cursor are stream ranges). */
export function matchesRecordQuery(record: SitrepRecord, query: RecordQuery): boolean {
  if (query.feed !== null && record.feed.id !== query.feed) return false;
  const { entities } = record;
  if (query.country !== null && !entities.countries.some((country) => country.iso2 === query.country)) return false;
  const unit = query.unit;
  if (unit !== null && !entities.units.some((entry) => entry.name.toLowerCase().includes(unit))) return false;
  const person = query.person;
  if (person !== null && !entities.people.some((entry) => entry.name.toLowerCase().includes(person))) return false;
  return true;
}

/** The XREVRANGE bounds for a query: [end, start] with the cursor exclusive. */
export function streamRange(query: RecordQuery): { end: string; start: string } | null {
  if (query.untilMs !== null && query.untilMs < 0) return null;
  let end = query.untilMs !== null ? `${Math.floor(query.untilMs)}-18446744073709551615` : '+';
  if (query.cursor !== null) {
    // The cursor is older than anything before it; keep the tighter bound.
    const cursorMs = Number(query.cursor.split('-')[0]);
    if (query.untilMs === null || cursorMs <= query.untilMs) end = `(${query.cursor}`;
  }
  const start = query.sinceMs !== null ? `${Math.max(0, Math.floor(query.sinceMs))}-0` : '-';
  if (query.sinceMs !== null && query.untilMs !== null && query.sinceMs > query.untilMs) return null;
  return { end, start };
}
