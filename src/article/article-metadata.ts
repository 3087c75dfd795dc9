/** What an article page says about itself, as extracted by extractArticle (carried on the item job). */
export interface ArticleMetadata {
  /** Absolute http(s) URL from <link rel=canonical>, og:url or JSON-LD, else null. */
  canonicalUrl: string | null;
  /** Plain text from JSON-LD description, og:description or meta description. */
  description: string | null;
  /** ISO 8601 (UTC), or null when absent or unparseable. */
  datePublished: string | null;
  dateModified: string | null;
  authors: string[];
  publisher: string | null;
  headline: string | null;
  /** The first paragraphs of the article body as plain text, boilerplate skipped. */
  leadParagraphs: string[];
  /** Primary language subtag (lower case), e.g. "en", from <html lang>, JSON-LD or og:locale. */
  language: string | null;
}
