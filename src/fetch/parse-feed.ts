import { parseJsonFeed } from './parse-json-feed.ts';
import type { ParseFeedResult } from './parse-feed-result.ts';
import { parseXmlFeed } from './parse-xml-feed.ts';

export type { ParseFeedResult } from './parse-feed-result.ts';

const JSON_CONTENT_TYPE = /^\s*[\w.+-]+\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function isJsonContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && JSON_CONTENT_TYPE.test(contentType);
}

/**
 * Feed text to a normalized ParsedFeed: JSON Feed when the text starts with "{" or the content type is JSON (and the
 * text is not markup), else RSS 0.9x / 1.0 / 2.0 or Atom. Never throws: bad input gives `{ ok: false, reason }`.
 */
export async function parseFeed(text: string, contentType?: string | null): Promise<ParseFeedResult> {
  if (typeof text !== 'string') return { ok: false, reason: 'empty body' };
  // trimStart also drops a BOM (U+FEFF counts as white space).
  const first = text.trimStart().charAt(0);
  if (first === '') return { ok: false, reason: 'empty body' };
  // Servers often label XML feeds application/json (and vice versa); the first character is the better witness.
  if (first === '{' || (first !== '<' && isJsonContentType(contentType))) return parseJsonFeed(text);
  // Later: when the strict parse fails, retry here with a lenient pass and set recovered/recoveryReason.
  return parseXmlFeed(text);
}
