import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../../src/fetch/canonical-url.ts';

describe('canonicalizeUrl', () => {
  it.each<{ input: string; base?: string; expected: string | null }>([
    { input: 'https://example.com/a', expected: 'https://example.com/a' },
    { input: 'HTTPS://News.Example.COM/Path/Case', expected: 'https://news.example.com/Path/Case' },
    { input: 'http://example.com:80/a', expected: 'http://example.com/a' },
    { input: 'https://example.com:443/a', expected: 'https://example.com/a' },
    { input: 'https://example.com:8443/a', expected: 'https://example.com:8443/a' },
    { input: 'https://example.com', expected: 'https://example.com/' },
    { input: 'https://example.com/a#section-2', expected: 'https://example.com/a' },
    { input: 'https://example.com/a?utm_source=rss&utm_medium=feed&id=1', expected: 'https://example.com/a?id=1' },
    { input: 'https://example.com/a?UTM_Campaign=x&fbclid=1&gclid=2&mc_cid=3&mc_eid=4', expected: 'https://example.com/a' },
    { input: 'https://example.com/a?b=2&a=1&c=3', expected: 'https://example.com/a?a=1&b=2&c=3' },
    { input: 'https://example.com/a?b=2&a=z&a=y', expected: 'https://example.com/a?a=z&a=y&b=2' },
    { input: 'https://example.com/a?q=a%20b&flag&&', expected: 'https://example.com/a?flag&q=a%20b' },
    { input: 'https://example.com/a?utm%5Fsource=x&k=v', expected: 'https://example.com/a?k=v' },
    { input: 'https://example.com/a?', expected: 'https://example.com/a' },
    { input: 'https://user:secret@example.com/a', expected: 'https://example.com/a' },
    { input: '  https://example.com/a  ', expected: 'https://example.com/a' },
    { input: 'https://b\u00fccher.example/x', expected: 'https://xn--bcher-kva.example/x' },
    { input: '/world/story?id=9&utm_source=x', base: 'https://news.example.com/feed.xml', expected: 'https://news.example.com/world/story?id=9' },
    { input: 'story.html', base: 'https://news.example.com/section/feed.xml', expected: 'https://news.example.com/section/story.html' },
    { input: '//cdn.example.com/x', base: 'https://news.example.com/', expected: 'https://cdn.example.com/x' },
    { input: 'https://example.com/a', base: 'not a base', expected: 'https://example.com/a' },
    { input: '/relative/without/base', expected: null },
    { input: 'ftp://example.com/file', expected: null },
    { input: 'javascript:alert(1)', expected: null },
    { input: 'mailto:desk@example.com', expected: null },
    { input: 'tag:example.com,2024:item', expected: null },
    { input: 'data:text/html,hi', base: 'https://example.com/', expected: null },
    { input: '', expected: null },
    { input: '   ', expected: null },
    { input: 'http://', expected: null },
    { input: 'https://exa mple.com/', expected: null },
  ])('$input (base $base) → $expected', ({ input, base, expected }) => {
    expect(canonicalizeUrl(input, base)).toBe(expected);
  });

  it('is idempotent', () => {
    const inputs = ['HTTP://A.example:80/x?b=1&a=2&utm_x=3#f', 'https://example.com/a?q=a+b&z', 'https://example.com/%7Euser/'];
    for (const input of inputs) {
      const once = canonicalizeUrl(input);
      expect(once).not.toBeNull();
      expect(canonicalizeUrl(once ?? '')).toBe(once);
    }
  });
});
