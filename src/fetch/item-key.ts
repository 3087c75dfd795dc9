import { createHash } from 'node:crypto';
import type { FeedItem } from '../model/item.ts';
import { canonicalizeUrl } from './canonical-url.ts';

function nonEmpty(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A GUID some publishers fill with the feed's own URL for every item: useless as identity. */
function isFeedUrl(guid: string, feedUrl: string): boolean {
  if (guid === feedUrl.trim()) return true;
  const canonicalGuid = canonicalizeUrl(guid);
  return canonicalGuid !== null && canonicalGuid === canonicalizeUrl(feedUrl);
}

/**
 * Identity of an item within its feed: the trimmed GUID (unless empty or the feed URL), else the canonical link,
 * else "h:" + sha256 of title and summary (content when both are empty). Null only for an item with nothing at all.
 */
export function itemKey(item: FeedItem, feedUrl: string): string | null {
  const guid = nonEmpty(item.guid);
  if (guid !== null && !isFeedUrl(guid, feedUrl)) return guid;

  const link = nonEmpty(item.link);
  if (link !== null) {
    const canonical = canonicalizeUrl(link, feedUrl);
    if (canonical !== null) return canonical;
  }

  const title = nonEmpty(item.title) ?? '';
  const summary = nonEmpty(item.summary) ?? '';
  if (title !== '' || summary !== '') return `h:${sha256Hex(`${title}\n${summary}`)}`;
  const content = nonEmpty(item.content);
  if (content !== null) return `h:${sha256Hex(`\n\n${content}`)}`;
  return null;
}

/** Stable record id: hex sha256 of `${feedId}\n${itemKey}`, first 32 chars. */
export function recordIdFor(feedId: string, itemKey: string): string {
  return sha256Hex(`${feedId}\n${itemKey}`).slice(0, 32);
}
