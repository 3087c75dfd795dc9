import type { ParsedFeed } from '../model/item.ts';

/** Outcome of parsing a feed body: never an exception. */
export type ParseFeedResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };

const MAX_DATE_LENGTH = 100;

/** ISO 8601 from any date string Date can read; null when absent or unparseable. */
export function toIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_DATE_LENGTH) return null;
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  // Date.parse accepts years beyond what toISOString can print.
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Trimmed string, or null for anything else or an empty string. */
export function toText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
