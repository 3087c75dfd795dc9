import { describe, expect, it } from 'vitest';
import { buildOpml, makeFeedId, parseOpml } from '../../../src/feed-health/opml.ts';
import { mergeOpmlIntoFeedList } from '../../../src/feed-health/merge-feed-list.ts';
import { rankWorstFeeds } from '../../../src/feed-health/rank-feeds.ts';
import { feedListSchema } from '../../../src/config/schema.ts';
import { parse as parseYaml } from 'yaml';

const OPML = `<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="World">
    <outline type="rss" text="Northern Ledger" xmlUrl="https://ledger.example/rss"/>
    <outline type="rss" title="Kyiv &amp; Co" xmlUrl="https://kyiv.example/feed.xml"/>
  </outline>
  <outline text="folder without url"/>
  <outline xmlurl="https://lower.example/atom"/>
</body></opml>`;

describe('parseOpml / buildOpml', () => {
  it('when outlines are nested, then every xmlUrl comes out in order with its title', () => {
    expect(parseOpml(OPML)).toEqual([
      { url: 'https://ledger.example/rss', title: 'Northern Ledger' },
      { url: 'https://kyiv.example/feed.xml', title: 'Kyiv & Co' },
      { url: 'https://lower.example/atom' },
    ]);
  });

  it.each(['', 'not xml at all <<<', '<opml><body><outline/></body></opml>'])('when the input is %j, then no outlines and no throw', (text) => {
    expect(parseOpml(text)).toEqual([]);
  });

  it('when feeds are exported and parsed again, then id, url, title and interval survive (escaped)', () => {
    const feeds = [{ id: 'a-b', url: 'https://x.example/rss?a=1&b="2"', title: 'A <&> B', intervalSeconds: 900 }];
    expect(parseOpml(buildOpml(feeds))).toEqual([{ id: 'a-b', url: feeds[0]!.url, title: 'A <&> B', interval: '900' }]);
  });

  it('when ids collide, then a numeric suffix makes them unique', () => {
    const taken = new Set(['northern-ledger']);
    expect(makeFeedId('Northern Ledger', taken)).toBe('northern-ledger-2');
    expect(makeFeedId('https://Ex.ample/rss', taken)).toBe('ex-ample-rss');
    expect(makeFeedId('!!!', taken)).toBe('feed');
  });
});

describe('mergeOpmlIntoFeedList', () => {
  const existing = '# my feeds\nfeeds:\n  - id: ledger\n    url: https://ledger.example/rss # keep me\n    interval: 10m\n';

  it('when merging, then existing entries and comments stay, known URLs are skipped and new feeds are appended', () => {
    const result = mergeOpmlIntoFeedList(existing, parseOpml(OPML));
    expect(result.errors).toEqual([]);
    expect(result.added.map((feed) => feed.id)).toEqual(['kyiv-co', 'lower-example-atom']);
    expect(result.skipped).toEqual([{ url: 'https://ledger.example/rss', reason: 'already listed' }]);
    expect(result.text).toContain('# my feeds');
    expect(result.text).toContain('# keep me');
    const parsed = feedListSchema.parse(parseYaml(result.text!));
    expect(parsed.feeds.map((feed) => feed.id)).toEqual(['ledger', 'kyiv-co', 'lower-example-atom']);
    expect(parsed.feeds[0]!.interval).toBe(600);
  });

  it('when there is no feed list yet, then one is created', () => {
    const result = mergeOpmlIntoFeedList(null, [{ url: 'https://a.example/rss', title: 'A', interval: '1h' }]);
    expect(feedListSchema.parse(parseYaml(result.text!)).feeds).toEqual([
      expect.objectContaining({ id: 'a', url: 'https://a.example/rss', interval: 3_600, title: 'A' }),
    ]);
  });

  it.each([
    ['a non-http URL', [{ url: 'ftp://a.example/rss' }], 'url'],
    ['a bad interval', [{ url: 'https://a.example/rss', interval: 'whenever' }], 'interval'],
    ['a bad sitrep:id', [{ url: 'https://a.example/rss', id: 'Not Valid' }], 'id'],
  ])('when an outline has %s, then nothing is written and the field is named', (_label, outlines, field) => {
    const result = mergeOpmlIntoFeedList(existing, outlines);
    expect(result.text).toBeNull();
    expect(result.errors.join('\n')).toContain(field);
  });

  it('when the feed list is broken YAML or not a list, then the merge is refused', () => {
    expect(mergeOpmlIntoFeedList('feeds: [\n', [{ url: 'https://a.example/rss' }]).text).toBeNull();
    expect(mergeOpmlIntoFeedList('feeds: 3\n', [{ url: 'https://a.example/rss' }]).errors[0]).toContain('not a list');
  });
});

describe('rankWorstFeeds', () => {
  it('when ranking, then most failures first, then the oldest (or missing) last success, at most the limit', () => {
    const feeds = [
      { id: 'healthy', consecutiveFailures: 0, lastSuccessAt: '2025-01-02T00:00:00Z' },
      { id: 'stale', consecutiveFailures: 0, lastSuccessAt: '2024-12-01T00:00:00Z' },
      { id: 'never', consecutiveFailures: 2 },
      { id: 'broken', consecutiveFailures: 9, lastSuccessAt: '2025-01-01T00:00:00Z' },
      { id: 'also-two', consecutiveFailures: 2, lastSuccessAt: '2025-01-01T00:00:00Z' },
    ];
    expect(rankWorstFeeds(feeds).map((feed) => feed.id)).toEqual(['broken', 'never', 'also-two', 'stale', 'healthy']);
    expect(rankWorstFeeds(feeds, 2).map((feed) => feed.id)).toEqual(['broken', 'never']);
    expect(rankWorstFeeds([], 10)).toEqual([]);
  });
});
