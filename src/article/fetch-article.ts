import type { FetchErrorKind, FetchFeedOptions, FetchOutcome } from '../fetch/http-fetcher.ts';
import { decodeBody } from '../fetch/decode-charset.ts';
import type { FetchSettings } from '../pipeline/poll-feed.ts';
import type { ArticleJobData, ItemJobData } from '../queue/names.ts';
import type { ArticleMetadata } from './article-metadata.ts';
import { extractArticle } from './extract-article.ts';
import type { HostLimiter } from './host-limiter.ts';

export interface ArticleJobDeps {
  fetchPage: (options: FetchFeedOptions) => Promise<FetchOutcome>;
  /** Enqueues the item job; idempotent by recordId (the job id). */
  enqueueItem: (data: ItemJobData) => Promise<void>;
  fetchSettings: FetchSettings;
  /** True on the job's last attempt: a transient failure then gives up on the page instead of asking for a retry. */
  finalAttempt: boolean;
  /** Per-host politeness; without it pages are fetched as they come. */
  hostLimiter?: HostLimiter;
}

export type ArticleJobResult =
  | { outcome: 'article'; pageUrl: string; finalUrl: string; encoding: string; canonicalUrl: string | null; durationMs: number }
  | { outcome: 'no-article'; pageUrl: string | null; reason: string };

/** A page failure worth another attempt (thrown so BullMQ retries with backoff; the item is not enqueued yet). */
export class TransientArticleError extends Error {
  override readonly name = 'TransientArticleError';
}

const TRANSIENT_KINDS = new Set<FetchErrorKind>(['timeout', 'connection', 'dns', 'http_5xx', 'rate_limited']);
const HTML_CONTENT_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;
// Servers mislabel pages as text/plain or octet-stream: accept those when the bytes start like markup.
const SNIFFABLE_CONTENT_TYPE = /^\s*(?:text\/plain|application\/octet-stream|binary\/octet-stream)\s*(?:;|$)/i;
// Read as latin1, so a UTF-8 BOM shows up as its three bytes.
const MARKUP_START = /^(?:\u00ef\u00bb\u00bf|\s)*<(?:!doctype\s+html|html|head|body|meta|title|!--|p|div)\b/i;
const SNIFF_BYTES = 512;

/** The page to fetch: the item's link resolved against the feed URL, http(s) only. */
export function articlePageUrl(data: ArticleJobData): string | null {
  const link = data.item.link?.trim();
  if (!link) return null;
  try {
    const url = new URL(link, data.feed.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** True when the response is an HTML page (declared, or sniffed when the declared type is generic or missing). */
export function isHtmlResponse(contentType: string | null, body: Uint8Array): boolean {
  if (contentType !== null && HTML_CONTENT_TYPE.test(contentType)) return true;
  if (contentType !== null && contentType.trim() !== '' && !SNIFFABLE_CONTENT_TYPE.test(contentType)) return false;
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, SNIFF_BYTES)).toString('latin1');
  return MARKUP_START.test(head);
}

function hasContent(article: ArticleMetadata): boolean {
  return Boolean(
    article.canonicalUrl || article.description || article.datePublished || article.headline || article.leadParagraphs.length > 0,
  );
}

/**
 * One article job: fetch the item's page (same fetcher, limits and charset rules as feeds), extract its metadata,
 * enqueue the item job with `article` attached. A page that cannot be had still enqueues the item, without article;
 * only transient failures before the final attempt throw TransientArticleError (and Redis failures propagate).
 */
export async function runArticleJob(data: ArticleJobData, deps: ArticleJobDeps): Promise<ArticleJobResult> {
  const pageUrl = articlePageUrl(data);
  const giveUp = async (reason: string): Promise<ArticleJobResult> => {
    await deps.enqueueItem(data);
    return { outcome: 'no-article', pageUrl, reason };
  };
  if (pageUrl === null) return giveUp('item has no http(s) link');
  const fetchOnce = (): Promise<FetchOutcome> => deps.fetchPage({ url: pageUrl, ...deps.fetchSettings });
  const outcome = deps.hostLimiter ? await deps.hostLimiter.run(new URL(pageUrl).host, fetchOnce) : await fetchOnce();
  if (outcome.kind === 'not-modified') return giveUp('unexpected 304 for an unconditional request');
  if (outcome.kind === 'error') {
    const reason = `${outcome.errorKind}: ${outcome.message}`;
    if (TRANSIENT_KINDS.has(outcome.errorKind) && !deps.finalAttempt) throw new TransientArticleError(reason);
    return giveUp(reason);
  }
  if (!isHtmlResponse(outcome.contentType, outcome.body)) {
    return giveUp(`not an HTML page (content-type ${outcome.contentType ?? 'missing'})`);
  }
  const decoded = decodeBody(outcome.body, outcome.contentType);
  const article = extractArticle(decoded.text, outcome.finalUrl);
  if (!hasContent(article)) return giveUp('page has no usable metadata or paragraphs');
  await deps.enqueueItem({ ...data, article });
  return {
    outcome: 'article',
    pageUrl,
    finalUrl: outcome.finalUrl,
    encoding: decoded.encoding,
    canonicalUrl: article.canonicalUrl,
    durationMs: outcome.durationMs,
  };
}
