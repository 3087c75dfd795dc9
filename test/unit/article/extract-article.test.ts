import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyArticle, extractArticle } from '../../../src/article/extract-article.ts';
import { decodeBody } from '../../../src/fetch/decode-charset.ts';

const PAGE_URL = 'https://northern-ledger.example/feed-link/123?utm_source=rss';

function fixture(name: string, contentType = 'text/html'): string {
  return decodeBody(readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url)), contentType).text;
}

function page(head: string, body = ''): string {
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
}

describe('extractArticle on fixture pages', () => {
  it('when JSON-LD holds a NewsArticle in @graph, then fields come from it and @id references resolve', () => {
    const article = extractArticle(fixture('jsonld-graph.html'), PAGE_URL);
    expect(article).toEqual({
      canonicalUrl: 'https://northern-ledger.example/2024/10/16/north-korean-troops-buryat-battalion',
      description: 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\u2019s 11th Separate Airborne Assault Brigade.',
      datePublished: '2024-10-16T06:00:00.000Z',
      dateModified: '2024-10-16T08:30:00.000Z',
      authors: ['Mira Kovalenko'],
      publisher: 'Northern Ledger',
      headline: 'North Korean troops to join Buryat battalion',
      leadParagraphs: [
        'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion, according to Ukrainian intelligence.',
        'Russia has denied the reports, but Ukraine and South Korea point to deepening military cooperation between Pyongyang and Moscow.',
      ],
      language: 'en',
    });
  });

  it('when @type is an array and a generic Article and broken JSON-LD are also present, then the NewsArticle wins', () => {
    const article = extractArticle(fixture('jsonld-type-array.html'), PAGE_URL);
    expect(article.headline).toBe('Deserters reported among North Korean troops');
    expect(article.description).toBe('There are reports that at least 18 of the North Korean soldiers sent to Ukraine have already deserted from the Russian lines.');
    // A zone-less date-time is read as UTC, never the machine's zone.
    expect(article.datePublished).toBe('2024-10-17T08:15:00.000Z');
    expect(article.authors).toEqual(['Oleh Marchenko', 'Sun-hee Park']);
    expect(article.publisher).toBe('Eastern Wire');
    expect(article.canonicalUrl).toBe('https://eastern-wire.example/world/deserters-reported?utm_source=rss');
    expect(article.language).toBe('en');
    expect(article.leadParagraphs).toEqual([]);
  });

  it('when only og: tags are present, then description, url, dates, site name and authors come from them', () => {
    const article = extractArticle(fixture('og-only.html'), PAGE_URL);
    expect(article).toMatchObject({
      canonicalUrl: 'https://kyiv-monitor.example/news/engineers-missiles',
      description: 'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.',
      datePublished: '2024-10-18T06:45:00.000Z',
      dateModified: '2024-10-18T07:00:00.000Z',
      publisher: 'Kyiv Monitor',
      headline: 'Engineers sent to check missile launches',
      // article:author is a URL, not a name: the author meta (two people) is used instead.
      authors: ['Taras Ivanenko', 'Olena Bondar'],
      language: 'en',
    });
  });

  it('when only a meta description is present (any case), then it is the description and <title> the headline', () => {
    const article = extractArticle(fixture('meta-description-only.html'), PAGE_URL);
    expect(article).toEqual({
      ...emptyArticle(),
      description: 'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.',
      headline: 'Pyongyang and Moscow',
    });
  });

  it('when a windows-1251 page declares its charset in a meta tag, then decoded text and metadata are right', () => {
    const article = extractArticle(fixture('windows-1251.html', 'text/html'), PAGE_URL);
    expect(article.description).toBe('Украинская разведка считает, что Северная Корея отправляет тысячи своих солдат воевать за Россию против Украины.');
    expect(article.headline).toBe('Северокорейские военные в России');
    expect(article.canonicalUrl).toBe('https://vostok-vesti.example/2024/10/korea-troops');
    expect(article.datePublished).toBe('2024-10-19T09:00:00.000Z');
    expect(article.leadParagraphs[0]).toMatch(/^По данным украинской разведки/);
    expect(article.language).toBe('ru');
  });

  it('when a page has no useful metadata, then every field is empty', () => {
    expect(extractArticle(fixture('no-metadata.html'), PAGE_URL)).toEqual(emptyArticle());
  });

  it('when lead paragraphs sit among scripts, nav, footer, bylines, captions and ads, then only the three real ones are kept', () => {
    const article = extractArticle(fixture('boilerplate.html'), PAGE_URL);
    expect(article.leadParagraphs).toEqual([
      // <br> becomes a space: words never glue together.
      'Ukrainian intelligence believes that North Korea is sending thousands of its own soldiers to fight for Russia against Ukraine, a source tells the paper.',
      'The soldiers are said to be training at bases in Russia\'s Far East before moving west toward the front.',
      'Officials in Seoul said they were monitoring the situation closely and sharing information with allies.',
    ]);
  });
});

describe('extractArticle details', () => {
  it.each([
    ['relative canonical resolves against the page URL', '<link rel="canonical" href="../story-1">', 'https://northern-ledger.example/story-1'],
    ['rel token list and case', '<link rel="Canonical alternate" href="https://a.example/x">', 'https://a.example/x'],
    ['fragment dropped', '<link rel="canonical" href="https://a.example/x#top">', 'https://a.example/x'],
    ['javascript: URL refused, og:url used', '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="https://a.example/og">', 'https://a.example/og'],
    ['home-page canonical on an article ignored', '<link rel="canonical" href="https://northern-ledger.example/">', null],
    ['canonical beats og:url', '<meta property="og:url" content="https://a.example/og"><link rel="canonical" href="https://a.example/c">', 'https://a.example/c'],
  ])('canonical URL: %s', (_name, head, expected) => {
    expect(extractArticle(page(head), PAGE_URL).canonicalUrl).toBe(expected);
  });

  it.each([
    ['offset', '2024-10-16T09:00:00+02:00', '2024-10-16T07:00:00.000Z'],
    ['date only', '2024-10-16', '2024-10-16T00:00:00.000Z'],
    ['zone-less with space', '2024-10-16 09:00', '2024-10-16T09:00:00.000Z'],
    ['RFC 1123', 'Wed, 16 Oct 2024 10:00:00 GMT', '2024-10-16T10:00:00.000Z'],
    ['garbage', 'yesterday', null],
    ['bare number', '1700000000', null],
    ['implausible year', '1066-10-14', null],
  ])('datePublished: %s', (_name, value, expected) => {
    expect(extractArticle(page(`<meta property="article:published_time" content="${value}">`), PAGE_URL).datePublished).toBe(expected);
  });

  it.each([
    ['html lang with region', '<html lang="pt-BR">', 'pt'],
    ['invalid lang falls through to og:locale', '<html lang="??"><head><meta property="og:locale" content="de_DE">', 'de'],
    ['content-language', '<html><head><meta http-equiv="Content-Language" content="fr">', 'fr'],
  ])('language: %s', (_name, start, expected) => {
    expect(extractArticle(`${start}<title>x</title></head><body></body></html>`, PAGE_URL).language).toBe(expected);
  });

  it('when JSON-LD has raw newlines inside strings, then it is still read', () => {
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Line one\nline two"}</script>';
    expect(extractArticle(page(ld), PAGE_URL).headline).toBe('Line one line two');
  });

  it('when JSON-LD wraps the article in a WebPage mainEntity, then it is found', () => {
    const ld = '<script type="application/ld+json">{"@type":"WebPage","mainEntity":{"@type":"ReportageNewsArticle","headline":"Inside"}}</script>';
    expect(extractArticle(page(ld), PAGE_URL).headline).toBe('Inside');
  });

  it('when the DOM has no paragraphs, then JSON-LD articleBody gives the lead', () => {
    const body = 'First paragraph of the body, long enough to count as a lead.\n\nSecond paragraph of the body, also long enough to count.';
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', articleBody: body })}</script>`;
    expect(extractArticle(page(ld), PAGE_URL).leadParagraphs).toEqual([
      'First paragraph of the body, long enough to count as a lead.',
      'Second paragraph of the body, also long enough to count.',
    ]);
  });

  it('when there is no article element, then body paragraphs outside nav/footer/cookie boxes are used', () => {
    const body = '<div class="cookie-consent"><p>We use cookies on this website to give you the best experience.</p></div>'
      + '<div id="content"><p>The only real paragraph of this page, with enough words in it.</p></div>'
      + '<footer><p>Copyright notice and a long list of links to other places on the site.</p></footer>';
    expect(extractArticle(page('', body), PAGE_URL).leadParagraphs).toEqual(['The only real paragraph of this page, with enough words in it.']);
  });

  it('when the description carries markup and entities, then it is plain text', () => {
    const head = '<meta name="description" content="&lt;b&gt;Bold&lt;/b&gt; claim &amp; counter-claim">';
    expect(extractArticle(page(head), PAGE_URL).description).toBe('Bold claim & counter-claim');
  });

  it('when the description is huge, then it is clipped at a word boundary', () => {
    const head = `<meta name="description" content="${'word '.repeat(2_000)}">`;
    const description = extractArticle(page(head), PAGE_URL).description!;
    expect(description.length).toBeLessThanOrEqual(2_000);
    expect(description.endsWith('word')).toBe(true);
  });

  it.each([
    ['empty string', ''],
    ['not HTML', '\u0000\u0001binary\uFFFD'],
    ['unclosed tags', '<html><head><title>T'.repeat(10)],
    ['deep nesting', `${'<div>'.repeat(20_000)}<p>deep paragraph that is long enough to be a lead paragraph.</p>`],
    ['JSON-LD of the wrong shape', page('<script type="application/ld+json">[1, "x", null, {"@type": 5, "author": {"name": 7}}]</script>')],
  ])('never throws: %s', (_name, html) => {
    expect(() => extractArticle(html, 'not a url')).not.toThrow();
    expect(() => extractArticle(html, PAGE_URL)).not.toThrow();
  });

  it('never throws on non-string input', () => {
    expect(extractArticle(undefined as unknown as string, PAGE_URL)).toEqual(emptyArticle());
  });
});
