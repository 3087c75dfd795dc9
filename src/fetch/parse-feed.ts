import { parseJsonFeed } from './parse-json-feed.ts';
import type { ParseFeedResult } from './parse-feed-result.ts';
import { parseXmlFeed } from './parse-xml-feed.ts';
import { repairXml } from './repair-xml.ts';

export type { ParseFeedResult } from './parse-feed-result.ts';

// Beyond this the lenient retry is not attempted: the strict failure stands (keeps a bad body within the time budget).
const MAX_REPAIR_CHARS = 8_000_000;

const ILLEGAL_CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const JSON_CONTENT_TYPE = /^\s*[\w.+-]+\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function isJsonContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && JSON_CONTENT_TYPE.test(contentType);
}

export interface ParseFeedOptions {
  /** Absolute URL of the document (Content-Location or the fetched URL): relative links resolve against it. */
  baseUrl?: string | null;
}

/**
 * Feed text to a normalized ParsedFeed: JSON Feed when the text starts with "{" or the content type is JSON (and the
 * text is not markup), else RSS 0.9x / 1.0 / 2.0, Atom or CDF. Never throws: bad input gives `{ ok: false, reason }`.
 */
export async function parseFeed(text: string, contentType?: string | null, options: ParseFeedOptions = {}): Promise<ParseFeedResult> {
  const baseUrl = options.baseUrl ?? null;
  if (typeof text !== 'string') return { ok: false, reason: 'empty body' };
  // trimStart also drops a BOM (U+FEFF counts as white space).
  const first = text.trimStart().charAt(0);
  if (first === '') return { ok: false, reason: 'empty body' };
  // Servers often label XML feeds application/json (and vice versa); the first character is the better witness.
  if (first === '{' || (first !== '<' && isJsonContentType(contentType))) return parseJsonFeed(text);
  // sax accepts C0 control characters that XML forbids; they go through the repair path so the result says so.
  const strict: ParseFeedResult = ILLEGAL_CONTROL.test(text)
    ? { ok: false, reason: 'illegal control characters' }
    : await parseXmlFeed(text, baseUrl);
  if (strict.ok || text.length > MAX_REPAIR_CHARS) return strict;
  // Lenient retry, only after a strict failure: repair the XML and parse again.
  const repaired = repairXml(text);
  if (repaired.reasons.length === 0) return strict;
  const retry = await parseXmlFeed(repaired.text, baseUrl);
  if (!retry.ok) return { ok: false, reason: `${strict.reason} (lenient retry: ${retry.reason})` };
  retry.feed.recovered = true;
  retry.feed.recoveryReason = `${repaired.reasons.join(', ')} (strict parse: ${strict.reason})`;
  return retry;
}
