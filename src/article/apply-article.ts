import { htmlToText } from '../extract/html-to-text.ts';
import type { ItemJobData } from '../queue/names.ts';
import type { ArticleMetadata } from './article-metadata.ts';

/** Feed text shorter than this (a title echo, a one-line teaser) is replaced by the article's. */
export const SHORT_FEED_TEXT_CHARS = 80;

const HTML_SPECIAL = /[&<>]/g;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The item job as its article page improves it: article text when the feed's is short, the publication date
 * and title when the feed had none, the canonical URL as the link. recordId and itemKey are never touched:
 * identity stays the one computed at poll time. Returns the job without `article`; pure and idempotent.
 */
export function applyArticle(data: ItemJobData): ItemJobData {
  const article = data.article;
  if (article === undefined) return data;
  const { article: _article, ...rest } = data;
  const item = { ...data.item };
  const feedText = htmlToText(item.summary ?? '') || htmlToText(item.content ?? '');
  if (feedText.length < SHORT_FEED_TEXT_CHARS) {
    const text = chooseArticleText(article, feedText.length);
    // summary is HTML by contract: escape so the extractor reads the plain text back unchanged.
    if (text !== null) item.summary = text.replace(HTML_SPECIAL, (char) => HTML_ESCAPES[char] ?? char);
  }
  if (!item.title?.trim() && article.headline) item.title = article.headline;
  item.published ??= article.datePublished;
  item.updated ??= article.dateModified;
  if (item.authors.length === 0 && article.authors.length > 0) item.authors = [...article.authors];
  if (article.canonicalUrl) item.link = article.canonicalUrl;
  const feed = data.feed.language === null && article.language ? { ...data.feed, language: article.language } : data.feed;
  return { ...rest, feed, item };
}

/** The description when it says enough, else the lead paragraphs, else whichever beats the feed's text. */
export function chooseArticleText(article: ArticleMetadata, feedTextChars: number): string | null {
  const description = article.description ?? '';
  if (description.length >= SHORT_FEED_TEXT_CHARS) return description;
  const lead = article.leadParagraphs.join(' ');
  if (lead.length > Math.max(description.length, feedTextChars)) return lead;
  if (description.length > feedTextChars) return description;
  return null;
}
