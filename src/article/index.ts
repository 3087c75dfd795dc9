// Article pages (feeds with fetchArticle): pure extraction and item improvement, plus the job composition.
export type { ArticleMetadata } from './article-metadata.ts';
export { emptyArticle, extractArticle } from './extract-article.ts';
export { applyArticle, chooseArticleText, SHORT_FEED_TEXT_CHARS } from './apply-article.ts';
export { createHostLimiter, type HostLimiter } from './host-limiter.ts';
export {
  articlePageUrl,
  isHtmlResponse,
  runArticleJob,
  TransientArticleError,
  type ArticleJobDeps,
  type ArticleJobResult,
} from './fetch-article.ts';
