import type { Enclosure, FeedItem, ParsedFeed } from '../model/item.ts';
import { toIsoDate, toText, type ParseFeedResult } from './parse-feed-result.ts';

type JsonObject = Record<string, unknown>;

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/i;

function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** JSON Feed 1.1 `authors` (array), falling back to 1.0 `author` (object). */
function readAuthors(container: JsonObject): string[] {
  const list = Array.isArray(container['authors']) ? container['authors'] : [container['author']];
  const names = new Set<string>();
  for (const entry of list) {
    const name = typeof entry === 'string' ? toText(entry) : toText(asObject(entry)?.['name']);
    if (name !== null) names.add(name);
  }
  return [...names];
}

function readTags(item: JsonObject): string[] {
  const tags = new Set<string>();
  for (const tag of asArray(item['tags'])) {
    const text = toText(tag);
    if (text !== null) tags.add(text);
  }
  return [...tags];
}

function readAttachments(item: JsonObject): Enclosure[] {
  const enclosures: Enclosure[] = [];
  for (const raw of asArray(item['attachments'])) {
    const attachment = asObject(raw);
    const url = toText(attachment?.['url']);
    if (attachment === null || url === null) continue;
    const size = attachment['size_in_bytes'];
    enclosures.push({
      url,
      type: toText(attachment['mime_type']),
      length: typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : null,
    });
  }
  return enclosures;
}

function toFeedItem(item: JsonObject, feedAuthors: string[]): FeedItem {
  const authors = readAuthors(item);
  return {
    guid: toText(item['id']),
    link: toText(item['url']) ?? toText(item['external_url']),
    title: toText(item['title']),
    summary: toText(item['summary']),
    content: toText(item['content_html']) ?? toText(item['content_text']),
    published: toIsoDate(item['date_published']),
    updated: toIsoDate(item['date_modified']),
    // The spec makes feed-level authors the default for items that name none.
    authors: authors.length > 0 ? authors : [...feedAuthors],
    categories: readTags(item),
    enclosures: readAttachments(item),
  };
}

/** JSON Feed 1.0 / 1.1 text to a ParsedFeed; tolerates wrong field types, never throws. */
export function parseJsonFeed(text: string): ParseFeedResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, reason: 'empty body' };
  let parsed: unknown;
  try {
    // JSON.parse rejects a BOM; decodeBody strips it but callers may pass raw text.
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const root = asObject(parsed);
  if (root === null) return { ok: false, reason: 'not a JSON Feed: top level is not an object' };
  const version = toText(root['version']);
  const declared = version !== null && JSON_FEED_VERSION.test(version);
  if (!declared && !Array.isArray(root['items'])) {
    return { ok: false, reason: 'not a JSON Feed: no jsonfeed.org version and no items array' };
  }

  const feedAuthors = readAuthors(root);
  const items: FeedItem[] = [];
  for (const raw of asArray(root['items'])) {
    const item = asObject(raw);
    if (item !== null) items.push(toFeedItem(item, feedAuthors));
  }
  const feed: ParsedFeed = {
    format: 'json',
    title: toText(root['title']),
    link: toText(root['home_page_url']),
    language: toText(root['language']),
    items,
    recovered: false,
    recoveryReason: null,
  };
  return { ok: true, feed };
}
