import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { itemKey, recordIdFor } from '../../../src/fetch/item-key.ts';
import type { FeedItem } from '../../../src/model/item.ts';

const FEED_URL = 'https://news.example.com/feed.xml';

function item(fields: Partial<FeedItem>): FeedItem {
  return {
    guid: null, link: null, title: null, summary: null, content: null, published: null, updated: null,
    authors: [], categories: [], enclosures: [], ...fields,
  };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('itemKey', () => {
  it.each([
    { name: 'guid wins over link', input: item({ guid: 'abc-123', link: 'https://news.example.com/a' }), expected: 'abc-123' },
    { name: 'guid is trimmed', input: item({ guid: '  abc-123 \n' }), expected: 'abc-123' },
    { name: 'URL guids are kept as given', input: item({ guid: 'https://news.example.com/a?utm_source=x' }), expected: 'https://news.example.com/a?utm_source=x' },
    { name: 'empty guid falls back to the canonical link', input: item({ guid: '   ', link: 'HTTPS://News.Example.com/a?utm_source=rss#top' }), expected: 'https://news.example.com/a' },
    { name: 'guid equal to the feed URL is ignored', input: item({ guid: FEED_URL, link: 'https://news.example.com/b' }), expected: 'https://news.example.com/b' },
    { name: 'guid equal to the feed URL modulo canonicalization is ignored', input: item({ guid: 'HTTPS://news.example.com:443/feed.xml#x', link: 'https://news.example.com/c' }), expected: 'https://news.example.com/c' },
    { name: 'relative link resolved against the feed URL', input: item({ link: '/world/d?b=2&a=1' }), expected: 'https://news.example.com/world/d?a=1&b=2' },
    { name: 'non-http link falls through to the hash', input: item({ link: 'mailto:x@example.com', title: 'T', summary: 'S' }), expected: `h:${sha256('T\nS')}` },
    { name: 'title and summary hash', input: item({ title: ' Title ', summary: 'Summary' }), expected: `h:${sha256('Title\nSummary')}` },
    { name: 'title only', input: item({ title: 'Only title' }), expected: `h:${sha256('Only title\n')}` },
    { name: 'content when nothing else', input: item({ content: '<p>body</p>' }), expected: `h:${sha256('\n\n<p>body</p>')}` },
    { name: 'nothing at all', input: item({ guid: ' ', link: '', title: '', summary: '  ' }), expected: null },
  ])('$name', ({ input, expected }) => {
    expect(itemKey(input, FEED_URL)).toBe(expected);
  });

  it('differs for different titles and is stable for the same one', () => {
    const a = itemKey(item({ title: 'A', summary: 'x' }), FEED_URL);
    expect(itemKey(item({ title: 'A', summary: 'x' }), FEED_URL)).toBe(a);
    expect(itemKey(item({ title: 'B', summary: 'x' }), FEED_URL)).not.toBe(a);
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(itemKey(item({ title: 'ab', summary: 'c' }), FEED_URL)).not.toBe(itemKey(item({ title: 'a', summary: 'bc' }), FEED_URL));
  });
});

describe('recordIdFor', () => {
  it('is the first 32 hex chars of sha256("feedId\\nitemKey")', () => {
    expect(recordIdFor('bbc-world', 'abc-123')).toBe(sha256('bbc-world\nabc-123').slice(0, 32));
    expect(recordIdFor('bbc-world', 'abc-123')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on both parts', () => {
    const id = recordIdFor('feed-a', 'key');
    expect(recordIdFor('feed-b', 'key')).not.toBe(id);
    expect(recordIdFor('feed-a', 'key2')).not.toBe(id);
    expect(recordIdFor('feed-a\nkey', '')).not.toBe(recordIdFor('feed-a', '\nkey'));
  });
});
