import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureFeedServer } from '../../../src/demo/fixture-feed-server.ts';
import { loadSampleFeeds, makeSampleFeedRoutes } from '../../../src/demo/sample-feeds.ts';
import type { SampleFeed } from '../../../src/demo/sample-feeds.ts';

/** Decodes a feed by the charset its manifest entry declares. */
function decodeFeed(feed: SampleFeed): string {
  const charset = /charset=([^;\s]+)/i.exec(feed.contentType)?.[1] ?? 'utf-8';
  return iconv.decode(feed.body, charset);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const isXml = (feed: SampleFeed): boolean => !feed.file.endsWith('.json');

const decodeEntities = (text: string): string =>
  text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&(?:hellip|#8230);/g, '...')
    .replace(/&amp;/g, '&');

/** Snippet text per item: description / summary / content_text, tags and quote styles normalized. */
function snippetsOf(feed: SampleFeed): string[] {
  const text = decodeFeed(feed);
  let raw: string[];
  if (isXml(feed)) {
    raw = [...text.matchAll(/<(?:description|summary)[^>]*>([\s\S]*?)<\/(?:description|summary)>/g)].map((m) => m[1] ?? '');
    raw = raw.slice(1); // the channel's own description
  } else {
    const json = JSON.parse(text) as { items: { content_text?: string; content_html?: string }[] };
    raw = json.items.map((item) => item.content_text ?? item.content_html ?? '');
  }
  return raw.map((s) =>
    decodeEntities(s.replace(/<!\[CDATA\[|\]\]>/g, ''))
      .replace(/<p>The post [\s\S]*$/, '')
      .replace(/<[^>]+>/g, '')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/ - Baltic Wire$/, '')
      .trim(),
  );
}

/** Item keys (guid / id / url) and dates of every item in a feed. */
function itemsOf(feed: SampleFeed): { key: string; date: string }[] {
  const text = decodeFeed(feed);
  if (!isXml(feed)) {
    const json = JSON.parse(text) as { items: { id: string; date_published: string }[] };
    return json.items.map((item) => ({ key: item.id, date: item.date_published }));
  }
  const blocks = [...text.matchAll(/<(item|entry)>([\s\S]*?)<\/\1>/g)].map((m) => m[2] ?? '');
  return blocks.map((block) => ({
    key: /<(?:guid|id)[^>]*>([^<]+)</.exec(block)?.[1] ?? /<link>([^<]+)</.exec(block)?.[1] ?? '',
    date: /<(?:pubDate|published)>([^<]+)</.exec(block)?.[1] ?? '',
  }));
}

describe('loadSampleFeeds (bundled demo/feeds)', () => {
  let feeds: SampleFeed[] = [];
  beforeAll(async () => {
    feeds = await loadSampleFeeds();
  });

  it('lists 6 to 8 feeds with valid, unique ids and matching paths', () => {
    expect(feeds.length).toBeGreaterThanOrEqual(6);
    expect(feeds.length).toBeLessThanOrEqual(8);
    const ids = feeds.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const feed of feeds) {
      expect(feed.id).toMatch(/^[a-z0-9-]+$/);
      expect(feed.path).toBe(`/feeds/${feed.file}`);
      expect(feed.interval).toMatch(/^\d+[smh]$/);
      expect(feed.contentType).toMatch(/charset=/i);
      expect(feed.body.length).toBeGreaterThan(500);
    }
  });

  it('covers RSS 2.0, Atom 1.0 and JSON Feed 1.1', () => {
    const heads = feeds.map((f) => f.body.toString('latin1'));
    expect(heads.some((t) => /<rss version="2\.0"/.test(t))).toBe(true);
    expect(heads.some((t) => t.includes('<feed xmlns="http://www.w3.org/2005/Atom"'))).toBe(true);
    expect(heads.some((t) => t.includes('"version": "https://jsonfeed.org/version/1.1"'))).toBe(true);
  });

  it('has <rss or <feed in every XML file', () => {
    for (const feed of feeds.filter(isXml)) {
      expect(feed.body.toString('latin1'), feed.file).toMatch(/<rss[\s>]|<feed[\s>]/);
    }
  });

  it('has a JSON Feed 1.1 with items', () => {
    const jsonFeeds = feeds.filter((f) => !isXml(f));
    expect(jsonFeeds.length).toBeGreaterThanOrEqual(1);
    for (const feed of jsonFeeds) {
      const parsed = JSON.parse(feed.body.toString('utf8')) as { version: string; items: { id: string }[] };
      expect(parsed.version).toBe('https://jsonfeed.org/version/1.1');
      expect(parsed.items.length).toBeGreaterThan(0);
      expect(parsed.items.every((item) => typeof item.id === 'string' && item.id.length > 0)).toBe(true);
    }
  });

  it('has a windows-1251 feed that is not UTF-8 but decodes to Cyrillic', () => {
    const feed = feeds.find((f) => /charset=windows-1251/i.test(f.contentType));
    expect(feed).toBeDefined();
    if (feed === undefined) return;
    expect(isValidUtf8(feed.body)).toBe(false);
    const text = iconv.decode(feed.body, 'win1251');
    expect(text).toMatch(/<\?xml[^>]*encoding="windows-1251"/);
    expect(text).toContain('Степной курьер');
    expect(text).toContain('Черноморского флота');
    expect((text.match(/[А-Яа-яЁё]/g) ?? []).length).toBeGreaterThan(500);
  });

  it('has an ISO-8859-1 feed that is not UTF-8 but decodes to German with umlauts', () => {
    const feed = feeds.find((f) => /charset=iso-8859-1/i.test(f.contentType));
    expect(feed).toBeDefined();
    if (feed === undefined) return;
    expect(isValidUtf8(feed.body)).toBe(false);
    const text = iconv.decode(feed.body, 'latin1');
    expect(text).toMatch(/<\?xml[^>]*encoding="ISO-8859-1"/i);
    expect(text).toContain('Südkoreas Geheimdienst');
    expect(text).toContain('Unregelmäßigkeiten');
  });

  it('declares UTF-8 where the bytes are UTF-8', () => {
    for (const feed of feeds.filter((f) => /charset=utf-8/i.test(f.contentType))) {
      expect(isValidUtf8(feed.body), feed.file).toBe(true);
    }
  });

  it('gives every feed 6 to 12 items with unique keys, dated October 2024', () => {
    for (const feed of feeds) {
      const items = itemsOf(feed);
      expect(items.length, feed.file).toBeGreaterThanOrEqual(6);
      expect(items.length, feed.file).toBeLessThanOrEqual(12);
      const keys = items.map((i) => i.key);
      expect(keys.every((k) => k.length > 0), feed.file).toBe(true);
      expect(new Set(keys).size, feed.file).toBe(keys.length);
      for (const { date } of items) {
        const when = new Date(date);
        expect(Number.isNaN(when.getTime()), `${feed.file}: ${date}`).toBe(false);
        expect(when.getUTCFullYear()).toBe(2024);
        expect(when.getUTCMonth(), `${feed.file}: ${date}`).toBe(9);
      }
    }
  });

  it('links items only to .example domains', () => {
    for (const feed of feeds) {
      const hosts = [...decodeFeed(feed).matchAll(/https?:\/\/([^/"'<&\s]+)/g)].map((m) => m[1] ?? '');
      const foreign = hosts.filter(
        (h) => !h.endsWith('.example') && !['www.w3.org', 'purl.org', 'wellformedweb.org', 'wordpress.org', 'jsonfeed.org'].includes(h),
      );
      expect(foreign, feed.file).toEqual([]);
    }
  });

  it('repeats at least 4 snippets across 2 or more feeds', () => {
    const feedsBySnippet = new Map<string, Set<string>>();
    for (const feed of feeds) {
      for (const snippet of snippetsOf(feed)) {
        const seen = feedsBySnippet.get(snippet) ?? new Set<string>();
        seen.add(feed.id);
        feedsBySnippet.set(snippet, seen);
      }
    }
    const shared = [...feedsBySnippet.values()].filter((ids) => ids.size >= 2);
    expect(shared.length).toBeGreaterThanOrEqual(4);
    expect(shared.some((ids) => ids.size >= 3)).toBe(true);
  });

  it('carries the messy cases: truncation, mojibake, curly quotes, HTML boilerplate', () => {
    const all = feeds.map(decodeFeed).join('\n');
    expect(all).toMatch(/\w \.\.\.</);
    expect(all).toContain('â€™');
    expect(all).toContain('Koreaโa');
    expect(all).toContain('‘first step to a world war’');
    expect(all).toContain("'first step to a world war'");
    for (const marker of ['<figure', '<figcaption', '<img ', '<script', '&#8217;', 'appeared first on']) {
      expect(all, marker).toContain(marker);
    }
  });

  it('serves every feed byte for byte through the fixture server', async () => {
    const server = await startFixtureFeedServer(makeSampleFeedRoutes(feeds));
    try {
      for (const feed of feeds) {
        const res = await fetch(`${server.url}${feed.path}`);
        expect(res.status, feed.file).toBe(200);
        expect(res.headers.get('content-type')).toBe(feed.contentType);
        expect(Buffer.from(await res.arrayBuffer()).equals(feed.body), feed.file).toBe(true);
      }
    } finally {
      await server.close();
    }
  });
});

describe('loadSampleFeeds (invalid manifests)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sitrep-sample-feeds-'));
    await writeFile(join(dir, 'a.xml'), '<rss version="2.0"></rss>');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const entry = { id: 'a', file: 'a.xml', contentType: 'application/rss+xml', title: 'A', interval: '1m' };
  it.each([
    { name: 'a bad id', manifest: [{ ...entry, id: 'Bad_Id' }], error: /\[0\.id\]/ },
    { name: 'a duplicate id', manifest: [entry, entry], error: /duplicate feed id 'a'/ },
    { name: 'a path outside the folder', manifest: [{ ...entry, file: '../a.xml' }], error: /\[0\.file\]/ },
    { name: 'a bad interval', manifest: [{ ...entry, interval: 'soon' }], error: /\[0\.interval\]/ },
    { name: 'a missing field', manifest: [{ id: 'a', file: 'a.xml' }], error: /invalid manifest/ },
    { name: 'an empty list', manifest: [], error: /invalid manifest/ },
    { name: 'a missing file', manifest: [{ ...entry, file: 'gone.xml' }], error: /ENOENT/ },
  ])('rejects $name', async ({ manifest, error }) => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadSampleFeeds(dir)).rejects.toThrow(error);
  });

  it('rejects a manifest that is not JSON, naming the file', async () => {
    await writeFile(join(dir, 'manifest.json'), '[{ nope');
    await expect(loadSampleFeeds(dir)).rejects.toThrow(/manifest\.json/);
  });

  it('loads a valid manifest from another folder', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify([entry]));
    const feeds = await loadSampleFeeds(dir);
    expect(feeds).toEqual([{ ...entry, path: '/feeds/a.xml', body: Buffer.from('<rss version="2.0"></rss>') }]);
  });
});
