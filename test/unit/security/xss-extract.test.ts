import { describe, it, expect } from 'vitest';
import { extractItem } from '../../../src/extract/index.ts';
import { redactUrl } from '../../../src/observability/redact-url.ts';
import type { FeedItem } from '../../../src/model/index.ts';
import { JAVASCRIPT_URL, TAG_START, XSS_PAYLOADS } from './xss-payloads.ts';

function itemWith(text: string): FeedItem {
  return { title: text, summary: text, content: text, link: null, guid: null, publishedAt: null, author: null, categories: [], language: null } as unknown as FeedItem;
}

describe('extractItem with hostile markup', () => {
  it('has at least 20 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(XSS_PAYLOADS)('leaves no tag and no script URL: %s', (payload) => {
    const extracted = extractItem(itemWith(payload), { maxSnippetChars: 400 });
    for (const text of [extracted.title, extracted.snippet]) {
      expect(text).not.toMatch(TAG_START);
      expect(text).not.toMatch(JAVASCRIPT_URL);
      expect(text).not.toMatch(/onerror\s*=|onload\s*=/i);
    }
  });

  it('keeps ordinary text readable', () => {
    expect(extractItem(itemWith('<p>Plain <b>bold</b> &amp; <i>italic</i>.</p>'), { maxSnippetChars: 400 }).snippet).toBe('Plain bold & italic.');
    expect(extractItem(itemWith('Turnout rose as 3 < 5 and 7 > 2.'), { maxSnippetChars: 400 }).snippet).toBe('Turnout rose as 3 < 5 and 7 > 2.');
    expect(extractItem(itemWith('Escaped &lt;svg onload=x&gt;text'), { maxSnippetChars: 400 }).snippet).toBe('Escaped text');
  });
});

describe('redactUrl', () => {
  it.each([
    ['http://user:secret@example.org/feed.xml', 'http://example.org/feed.xml'],
    ['https://token@example.org/a?b=c', 'https://example.org/a?b=c'],
    ['https://example.org/plain', 'https://example.org/plain'],
    ['not a url //user:pw@host/x', 'not a url //host/x'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
