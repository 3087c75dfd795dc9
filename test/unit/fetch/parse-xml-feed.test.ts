import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/fetch/parse-feed.ts';
import { demoronize } from '../../../src/fetch/text-construct.ts';
import { parseXmlTree } from '../../../src/fetch/xml-tree.ts';
import type { ParsedFeed } from '../../../src/model/item.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function parseOk(text: string, baseUrl?: string): Promise<ParsedFeed> {
  const result = await parseFeed(text, 'application/xml', { baseUrl });
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.feed;
}

const atom10 = (entry: string): string => `<feed xmlns="http://www.w3.org/2005/Atom"><entry>${entry}</entry></feed>`;
const atom03 = (entry: string): string => `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>${entry}</entry></feed>`;
const rss = (item: string): string => `<rss version="2.0"><channel><title>T</title><item>${item}</item></channel></rss>`;

describe('parseXmlFeed: document layouts', () => {
  it('CDF <CHANNEL>: HREF, LASTMOD, TITLE and ABSTRACT map onto an rss feed', async () => {
    const feed = await parseOk(fixture('cdf-channel.xml'));
    expect(feed).toMatchObject({ format: 'rss', title: 'Channel Definition Desk', link: 'https://cdf.example.org/', recovered: false });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      link: 'https://cdf.example.org/story/1', title: 'Ceasefire talks resume', summary: 'Delegations met in Doha.',
      updated: '2024-04-07T10:00:00.000Z', published: '2024-04-07T10:00:00.000Z',
    });
    // Without a document URL a relative HREF stays as written.
    expect(feed.items[1]?.link).toBe('/story/2');
  });

  it('Atom entry document: a one-item feed', async () => {
    const feed = await parseOk(fixture('atom-entry-document.xml'));
    expect(feed).toMatchObject({ format: 'atom', title: null, language: 'fr' });
    expect(feed.items).toEqual([expect.objectContaining({
      guid: 'tag:entry.example.com,2024:1', link: 'https://entry.example.com/1', title: 'Sommet <b>européen</b>',
      summary: 'Les dirigeants <i>se réunissent</i>.', published: '2024-10-15T08:30:00.000Z',
    })]);
  });

  it('RSS elements under a namespace prefix', async () => {
    const feed = await parseOk(fixture('rss2-prefixed.xml'));
    expect(feed).toMatchObject({ format: 'rss', title: 'Prefixed Wire', link: 'https://prefixed.example.com/' });
    expect(feed.items[0]).toMatchObject({ title: 'Port strike ends', link: 'https://prefixed.example.com/a/1', updated: '2024-10-15T08:30:00.000Z' });
  });

  it('entities declared in the internal DTD subset expand; undeclared ones still fail strict parsing', async () => {
    const doc = `<!DOCTYPE rss [\n  <!ENTITY id "tag:example.com,">\n]>\n${rss('<guid isPermaLink="false">&id;2006:/a</guid>')}`;
    expect((await parseOk(doc)).items[0]?.guid).toBe('tag:example.com,2006:/a');
    const tree = parseXmlTree(rss('<guid>&nope;</guid>'));
    expect(tree.ok).toBe(false);
  });

  it('caps the total expansion of declared entities', () => {
    const refs = '&big;'.repeat(200);
    const doc = `<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(9000)}">]>${rss(`<title>${refs}</title>`)}`;
    const tree = parseXmlTree(doc);
    expect(tree).toMatchObject({ ok: false });
    if (!tree.ok) expect(tree.reason).toMatch(/expand beyond/);
  });

  it('an undeclared namespace prefix parses but marks the feed recovered', async () => {
    const feed = await parseOk(rss('<title>x</title><itunes:summary>s</itunes:summary>'));
    expect(feed).toMatchObject({ recovered: true, recoveryReason: 'undeclared namespace prefix "itunes"' });
    expect(feed.items[0]?.summary).toBe('s');
  });
});

describe('parseXmlFeed: text constructs', () => {
  const cases: Array<{ name: string; doc: string; field: 'title' | 'summary' | 'content'; want: string }> = [
    { name: 'Atom 1.0 xhtml drops the wrapping div', doc: atom10('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>b</b> &lt;c&gt;</div></title>'), field: 'title', want: 'A <b>b</b> &lt;c&gt;' },
    { name: 'Atom 0.3 inline XHTML keeps the div', doc: atom03('<title type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>b</b></div></title>'), field: 'title', want: '<div>A <b>b</b></div>' },
    { name: 'naked markup is serialized', doc: atom03('<title>Example <b>Atom</b><br/></title>'), field: 'title', want: 'Example <b>Atom</b><br />' },
    { name: 'escaped HTML inside a div (TypePad)', doc: atom10('<content type="html"><div xmlns="http://www.w3.org/1999/xhtml">A &lt;b&gt;b&lt;/b&gt;</div></content>'), field: 'content', want: 'A <b>b</b>' },
    { name: 'Atom 0.3 mode="base64"', doc: atom03('<summary mode="base64">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</summary>'), field: 'summary', want: 'Example <b>Atom</b>' },
    { name: 'Atom 1.0 binary media type is base64', doc: atom10('<content type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</content>'), field: 'content', want: 'Example <b>Atom</b>' },
    { name: 'Atom 1.0 media type whose text is not base64 of UTF-8 stays text', doc: atom10('<title type="application/x-custom">test</title>'), field: 'title', want: 'test' },
    { name: 'Atom 1.0 bare custom type stays text', doc: atom10('<title type="custom">test</title>'), field: 'title', want: 'test' },
    { name: 'RSS naked markup in description', doc: rss('<description><p>Example</p></description>'), field: 'summary', want: '<p>Example</p>' },
    { name: 'RSS xhtml:body is the content', doc: rss('<body xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></body>'), field: 'content', want: '<p>Body</p>' },
    { name: 'RSS C1 control read as windows-1252', doc: rss('<description>don\u0092t</description>'), field: 'summary', want: 'don\u2019t' },
  ];
  it.each(cases)('$name', async ({ doc, field, want }) => {
    const feed = await parseOk(doc);
    expect(feed.items[0]?.[field]).toBe(want);
  });

  it('feed-level Atom title uses the same reader', async () => {
    const feed = await parseOk('<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><i>W</i></div></title></feed>');
    expect(feed.title).toBe('<i>W</i>');
  });

  it('demoronize maps C1 controls and references to them, and lower-cases &#X', () => {
    expect(demoronize('a\u0093b\u0094')).toBe('a\u201cb\u201d');
    expect(demoronize('don&#146;t &#X61;')).toBe('don&#x2019;t &#x61;');
    expect(demoronize('plain')).toBe('plain');
  });
});

describe('parseXmlFeed: RSS field mapping', () => {
  it('description then summary: the second is the content (and the reverse)', async () => {
    expect((await parseOk(rss('<description>D</description><summary>S</summary>'))).items[0]).toMatchObject({ summary: 'D', content: 'S' });
    expect((await parseOk(rss('<summary>S</summary><description>D</description>'))).items[0]).toMatchObject({ summary: 'S', content: 'D' });
  });

  it('dates: pubDate is published; dc:date and dcterms:modified are updated', async () => {
    expect((await parseOk(rss('<pubDate>Tue, 15 Oct 2024 08:30:00 GMT</pubDate>'))).items[0]).toMatchObject({ published: '2024-10-15T08:30:00.000Z', updated: null });
    const dc = rss('<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2003-12-31T10:14:55Z</dc:date>');
    expect((await parseOk(dc)).items[0]).toMatchObject({ published: '2003-12-31T10:14:55.000Z', updated: '2003-12-31T10:14:55.000Z' });
  });

  it('fallbacks: permalink guid as link, media:title as title, itunes:summary as summary, case-insensitive names', async () => {
    const ns = 'xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';
    const doc = `<rss ${ns}><channel><TiTlE>Upper</TiTlE><item><guid>https://g.example.com/1</guid><media:title>M</media:title><itunes:summary>I</itunes:summary></item>`
      + '<item><guid isPermaLink="false">https://g.example.com/2</guid></item></channel></rss>';
    const feed = await parseOk(doc);
    expect(feed.title).toBe('Upper');
    expect(feed.items[0]).toMatchObject({ link: 'https://g.example.com/1', title: 'M', summary: 'I' });
    expect(feed.items[1]?.link).toBeNull();
  });
});

describe('parseXmlFeed: relative links', () => {
  it('resolve against xml:base, then the document URL; absolute ones are kept verbatim', async () => {
    const doc = '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example.com/news/"><link href="/home"/>'
      + '<entry><id>/id/1</id><link href="story/1"/></entry>'
      + '<entry xml:base="https://other.example.org/x/"><id>tag:a,2024:1</id><link href="HTTP://Mixed.Example.com/A B"/></entry>'
      + '<entry><link rel="enclosure" href="e.mp3"/><link rel="alternate" href="a"/></entry></feed>';
    const feed = await parseOk(doc, 'http://ignored.example.net/feed');
    expect(feed.link).toBe('https://base.example.com/home');
    expect(feed.items.map((item) => [item.guid, item.link])).toEqual([
      ['https://base.example.com/id/1', 'https://base.example.com/news/story/1'],
      ['tag:a,2024:1', 'HTTP://Mixed.Example.com/A B'],
      [null, 'https://base.example.com/news/a'],
    ]);
  });

  it('uses the document URL when there is no xml:base, and leaves links relative without one', async () => {
    const doc = '<rss version="2.0"><channel><link>/relative/uri</link><item><link>a/1</link></item></channel></rss>';
    const withUrl = await parseOk(doc, 'http://example.com/feeds/rss');
    expect([withUrl.link, withUrl.items[0]?.link]).toEqual(['http://example.com/relative/uri', 'http://example.com/feeds/a/1']);
    const without = await parseOk(doc);
    expect([without.link, without.items[0]?.link]).toEqual(['/relative/uri', 'a/1']);
  });
});

describe('parseXmlFeed: hostile input', () => {
  it('deeply nested markup inside a description neither throws nor overflows', async () => {
    const depth = 20_000;
    const doc = rss(`<description>${'<b>'.repeat(depth)}x${'</b>'.repeat(depth)}</description>`);
    const feed = await parseOk(doc);
    expect(feed.items[0]?.summary).toContain('x');
  });
});
