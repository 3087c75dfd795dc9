import { describe, expect, it } from 'vitest';
import { applyArticle, chooseArticleText } from '../../../src/article/apply-article.ts';
import { emptyArticle, type ArticleMetadata } from '../../../src/article/extract-article.ts';
import { prepareItem } from '../../../src/pipeline/process-item.ts';
import type { ItemJobData } from '../../../src/queue/names.ts';

const DESCRIPTION = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\u2019s 11th Separate Airborne Assault Brigade.';
const LONG_FEED_TEXT = 'Ukrainian intelligence believes that North Korea is sending thousands of its own soldiers to fight for Russia.';

function job(item: Partial<ItemJobData['item']> = {}, article?: Partial<ArticleMetadata>, language: string | null = null): ItemJobData {
  return {
    recordId: 'a'.repeat(32),
    itemKey: 'guid:1',
    feed: { id: 'ledger', url: 'https://ledger.example/rss.xml', title: 'Ledger', language },
    item: {
      guid: '1', link: 'https://ledger.example/l/1?utm_source=rss', title: 'Troops to join battalion', summary: 'Teaser.', content: null,
      published: null, updated: null, authors: [], categories: [], enclosures: [], ...item,
    },
    fetchedAt: '2024-10-16T12:00:00.000Z',
    ...(article ? { article: { ...emptyArticle(), ...article } } : {}),
  };
}

describe('applyArticle', () => {
  it('when there is no article, then the job is returned unchanged', () => {
    const data = job();
    expect(applyArticle(data)).toBe(data);
  });

  it('when the feed text is a one-line teaser, then the description becomes the text and the record fields improve', () => {
    const data = job({}, {
      description: DESCRIPTION,
      datePublished: '2024-10-16T06:00:00.000Z',
      canonicalUrl: 'https://ledger.example/2024/10/16/troops',
      language: 'en',
    });
    const applied = applyArticle(data);
    expect(applied.recordId).toBe(data.recordId);
    expect(applied.itemKey).toBe(data.itemKey);
    expect(applied.article).toBeUndefined();
    expect(applied.item.link).toBe('https://ledger.example/2024/10/16/troops');
    expect(applied.item.published).toBe('2024-10-16T06:00:00.000Z');
    expect(applied.feed.language).toBe('en');
    const prepared = prepareItem(applied, 400);
    expect(prepared.snippet).toBe(DESCRIPTION);
    expect(prepared.url).toBe('https://ledger.example/2024/10/16/troops');
    // The input is not mutated.
    expect(data.item.summary).toBe('Teaser.');
  });

  it('when the feed text is long enough, then it is kept and only missing fields are filled', () => {
    const applied = applyArticle(job({ summary: `<p>${LONG_FEED_TEXT}</p>`, published: '2024-10-15T00:00:00.000Z' }, {
      description: DESCRIPTION, datePublished: '2024-10-16T06:00:00.000Z',
    }, 'de'));
    expect(applied.item.summary).toBe(`<p>${LONG_FEED_TEXT}</p>`);
    expect(applied.item.published).toBe('2024-10-15T00:00:00.000Z');
    expect(applied.feed.language).toBe('de');
    expect(applied.item.link).toBe('https://ledger.example/l/1?utm_source=rss');
  });

  it('when the summary is empty but the content is long, then the content counts as the feed text', () => {
    const applied = applyArticle(job({ summary: '', content: LONG_FEED_TEXT }, { description: DESCRIPTION }));
    expect(applied.item.summary).toBe('');
  });

  it('when the article text has markup-like characters, then the snippet shows them literally', () => {
    const text = 'Analysts say 3 < 5 & more than that, the troops are not ready for the front line yet.';
    expect(prepareItem(applyArticle(job({}, { description: text })), 400).snippet).toBe(text);
  });

  it('when the feed had no title, then the headline is used', () => {
    expect(applyArticle(job({ title: null }, { headline: 'Headline from page' })).item.title).toBe('Headline from page');
  });

  it('is idempotent', () => {
    const once = applyArticle(job({}, { description: DESCRIPTION, canonicalUrl: 'https://ledger.example/x' }));
    expect(applyArticle(once)).toEqual(once);
  });
});

describe('chooseArticleText', () => {
  const lead = ['First lead paragraph with some words in it.', 'Second lead paragraph with more words.'];
  it.each([
    ['long description wins', { description: DESCRIPTION, leadParagraphs: lead }, 7, DESCRIPTION],
    ['short description loses to the lead', { description: 'Short teaser.', leadParagraphs: lead }, 7, lead.join(' ')],
    ['short description beats shorter feed text', { description: 'Short teaser here.', leadParagraphs: [] }, 7, 'Short teaser here.'],
    ['nothing beats the feed text', { description: 'Tiny.', leadParagraphs: [] }, 20, null],
    ['empty article', {}, 0, null],
  ])('%s', (_name, article, feedChars, expected) => {
    expect(chooseArticleText({ ...emptyArticle(), ...article }, feedChars)).toBe(expected);
  });
});
