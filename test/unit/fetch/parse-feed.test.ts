import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/fetch/parse-feed.ts';
import { findRootElement } from '../../../src/fetch/parse-xml-feed.ts';
import type { ParsedFeed } from '../../../src/model/item.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function parseOk(text: string, contentType?: string | null): Promise<ParsedFeed> {
  const result = await parseFeed(text, contentType);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.feed;
}

describe('parseFeed: formats', () => {
  it('RSS 2.0 with CDATA, entities, namespaces and enclosures', async () => {
    const feed = await parseOk(fixture('rss2-basic.xml'), 'application/rss+xml');
    expect(feed).toMatchObject({ format: 'rss', title: 'World Desk & Wires', link: 'https://news.example.com/', language: 'en-gb', recovered: false, recoveryReason: null });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'nk-troops-42',
      link: 'https://news.example.com/world/nk-troops?utm_source=rss&id=42',
      title: 'North Korean troops "training" in Russia \u2013 report',
      summary: '<p>Ukrainian intelligence believes that <b>North Korea</b> is sending thousands of its own soldiers.</p>',
      content: '<p>Full text: up to 3,000 North Korean troops could form part of the Special Buryat Battalion.</p>',
      published: '2024-10-15T08:30:00.000Z',
      updated: null,
      authors: ['Jane Reporter'],
      categories: ['World', 'Korea'],
      enclosures: [
        { url: 'https://cdn.example.com/nk.jpg', type: 'image/jpeg', length: 12345 },
        { url: 'https://cdn.example.com/nk-large.jpg', type: 'image/jpeg', length: null },
      ],
    });
    // An unparseable pubDate becomes null instead of failing the item.
    expect(feed.items[1]).toMatchObject({ published: null, authors: ['desk@news.example.com (World Desk)'], content: null });
  });

  it('RSS 0.91', async () => {
    const feed = await parseOk(fixture('rss091-basic.xml'));
    expect(feed).toMatchObject({ format: 'rss', title: 'Legacy Wire', language: 'en-us' });
    expect(feed.items).toEqual([
      expect.objectContaining({ guid: null, link: 'http://legacy.example.org/story/18', title: 'At least 18 soldiers deserted' }),
    ]);
  });

  it('RSS 1.0 (RDF): rdf:about as guid, dc:date, dc:language, dc:creator', async () => {
    const feed = await parseOk(fixture('rss1-rdf.xml'));
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF Monitor', language: 'de' });
    expect(feed.items[0]).toMatchObject({
      guid: 'https://rdf.example.net/a/1',
      link: 'https://rdf.example.net/a/1',
      published: '2024-10-14T10:00:00.000Z',
      authors: ['Max Muster'],
      summary: 'Military engineers were sent to check missile launches.',
    });
  });

  it('Atom 1.0: links, authors, categories, dates, xml:lang', async () => {
    const feed = await parseOk(fixture('atom1-basic.xml'), 'application/atom+xml');
    expect(feed).toMatchObject({ format: 'atom', title: 'Atom Dispatch', link: 'https://atom.example.org/', language: 'fr' });
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toEqual({
      guid: 'tag:atom.example.org,2024:seoul-kyiv',
      link: 'https://atom.example.org/2024/10/seoul-kyiv',
      title: 'Seoul &amp; Kyiv point to cooperation',
      summary: 'Ukraine and South Korea point to a deepening relationship.',
      content: '<p>Full <em>article</em> body.</p>',
      published: '2024-10-15T06:00:00.000Z',
      updated: '2024-10-15T08:00:00.000Z',
      authors: ['Marie Curie', 'Pierre Curie'],
      categories: ['asia', 'europe'],
      enclosures: [{ url: 'https://atom.example.org/audio/seoul.mp3', type: 'audio/mpeg', length: 1337 }],
    });
    // Only <updated>: it stands in for the publication time.
    expect(feed.items[1]).toMatchObject({ published: '2024-10-14T10:00:00.000Z', updated: '2024-10-14T10:00:00.000Z' });
    // rss-parser alone throws on these (invalid dates, attribute-less <link>); the feed must survive.
    expect(feed.items[2]).toMatchObject({ link: 'https://atom.example.org/2024/10/bad-date', published: null, updated: null });
  });

  it('JSON Feed 1.0: author object, tolerated wrong types, non-object items skipped', async () => {
    const feed = await parseOk(fixture('jsonfeed-1.0.json'), 'application/feed+json');
    expect(feed).toMatchObject({ format: 'json', title: 'JSON Wire 1.0', link: 'https://json.example.com/', language: null });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: '1',
      link: 'https://json.example.com/posts/1',
      title: 'Stadium for 114,000 spectators',
      summary: "The world's largest stadium.",
      content: '<p>Rungrado 1st of May Stadium.</p>',
      published: '2024-10-15T15:00:00.000Z',
      updated: '2024-10-15T16:00:00.000Z',
      authors: ['Feed Author'],
      categories: ['sport', 'korea', '7'],
      enclosures: [{ url: 'https://json.example.com/a.mp3', type: 'audio/mpeg', length: 2048 }],
    });
    expect(feed.items[1]).toMatchObject({
      guid: '2',
      link: 'https://elsewhere.example.com/story',
      content: 'Plain text only.',
      authors: ['Item Author'],
      published: null,
      categories: [],
    });
  });

  it('JSON Feed 1.1: authors arrays, language, feed authors inherited', async () => {
    const feed = await parseOk(fixture('jsonfeed-1.1.json'));
    expect(feed).toMatchObject({ format: 'json', language: 'uk' });
    expect(feed.items[0]?.authors).toEqual(['Olena']);
    expect(feed.items[1]?.authors).toEqual(['Desk A', 'Desk B']);
  });

  it('unversioned <rss>', async () => {
    const feed = await parseOk(fixture('rss-unversioned.xml'));
    expect(feed.format).toBe('rss');
    expect(feed.items[0]).toMatchObject({ title: 'Unversioned item', summary: 'Still parses.' });
  });

  it('odd RSS versions parse with the RSS 2 rules', async () => {
    const feed = await parseOk('<rss version="3.0"><channel><title>T</title><item><title>A</title></item></channel></rss>');
    expect(feed.items[0]?.title).toBe('A');
  });

  it('CDATA titles and numeric/named entities are decoded exactly once', async () => {
    const feed = await parseOk(`<?xml version="1.0"?>
<rss version="2.0"><channel><title><![CDATA[Desk <Wires>]]></title>
<item><title>Kim &amp; Putin &#8212; &#x201C;allies&#x201D;</title><description><![CDATA[a &amp; b <i>c</i>]]></description></item>
</channel></rss>`);
    expect(feed.title).toBe('Desk <Wires>');
    expect(feed.items[0]).toMatchObject({ title: 'Kim & Putin \u2014 \u201Callies\u201D', summary: 'a &amp; b <i>c</i>' });
  });

  it('dispatches on the first character before the content type', async () => {
    const xml = fixture('rss2-basic.xml');
    expect((await parseOk(xml, 'application/json')).format).toBe('rss');
    expect((await parseOk(`\uFEFF  ${fixture('jsonfeed-1.1.json')}`, 'text/xml')).format).toBe('json');
  });
});

describe('parseFeed: failures', () => {
  it.each([
    { name: 'empty text', text: '', contentType: null, reason: /^empty body$/ },
    { name: 'whitespace only', text: ' \n\t ', contentType: 'application/rss+xml', reason: /^empty body$/ },
    { name: 'HTML page', text: fixture('html-page.html'), contentType: 'text/html', reason: /not a feed: root element is <html>/ },
    { name: 'well-formed non-feed XML', text: '<?xml version="1.0"?><urlset><url/></urlset>', contentType: null, reason: /root element is <urlset>/ },
    { name: 'plain text', text: 'just some words', contentType: 'text/plain', reason: /no root element/ },
    { name: 'broken JSON', text: '{"version": "https://jsonfeed.org/version/1", "items": [', contentType: null, reason: /^invalid JSON/ },
    { name: 'JSON that is not a feed', text: '{"hello": "world"}', contentType: 'application/json', reason: /not a JSON Feed/ },
    { name: 'JSON array labelled json', text: '[1, 2]', contentType: 'application/json; charset=utf-8', reason: /top level is not an object/ },
  ])('$name → ok:false', async ({ text, contentType, reason }) => {
    const result = await parseFeed(text, contentType);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('keeps working after a run of failures (shared parser state is reset)', async () => {
    // Truncated feeds are recovered by the lenient retry; these stay failures.
    const bad = ['<a><b></c>', '<html><body>', '<feed', '{"items": ['];
    for (const text of bad) expect((await parseFeed(text)).ok).toBe(false);
    expect((await parseOk(fixture('rss2-basic.xml'))).items).toHaveLength(2);
  });

  it('never rejects on arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `<rss version="2.0"><channel><item><title>${s}</title></item></channel></rss>`),
          fc.string().map((s) => `<feed><entry>${s}</entry></feed>`),
          fc.string().map((s) => `{"items": [${s}]}`),
        ),
        fc.option(fc.constantFrom('application/json', 'text/xml', 'text/html')),
        async (text, contentType) => {
          const result = await parseFeed(text, contentType);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays linear on pathological markup inside descriptions', async () => {
    const junk = 'a<p b'.repeat(40_000);
    const text = `<rss version="2.0"><channel><item><title>t</title><description><![CDATA[${junk}]]></description></item></channel></rss>`;
    const startedAt = performance.now();
    const feed = await parseOk(text);
    expect(feed.items[0]?.summary).toHaveLength(junk.length);
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });
});

describe('findRootElement', () => {
  it.each([
    { text: '<?xml version="1.0"?>\n<!-- c --><!DOCTYPE rss [<!ENTITY x "y">]>\n<rss version="2.0">', name: 'rss' },
    { text: '\uFEFF<rdf:RDF xmlns:rdf="x">', name: 'rdf:RDF' },
    { text: '<?xml-stylesheet href="a.xsl"?><feed xml:lang="en">', name: 'feed' },
  ])('$name', ({ text, name }) => {
    expect(findRootElement(text)?.qualifiedName).toBe(name);
  });

  it('returns null for unterminated prologs and text', () => {
    for (const text of ['<?xml', '<!-- never closed', 'no markup', '<!DOCTYPE x [ <!ENTITY']) expect(findRootElement(text)).toBeNull();
  });
});
