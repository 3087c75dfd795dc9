import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articlePageUrl, isHtmlResponse, runArticleJob, TransientArticleError } from '../../../src/article/fetch-article.ts';
import { createHostLimiter } from '../../../src/article/host-limiter.ts';
import type { FetchErrorKind, FetchFeedOptions, FetchOutcome } from '../../../src/fetch/http-fetcher.ts';
import type { ArticleJobData, ItemJobData } from '../../../src/queue/names.ts';

const SETTINGS = { connectTimeoutMs: 1_000, totalTimeoutMs: 2_000, maxBodyBytes: 1_000_000, maxRedirects: 3, userAgent: 'sitrep-test' };

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url));
}

function articleJob(link: string | null): ArticleJobData {
  return {
    recordId: 'b'.repeat(32),
    itemKey: 'guid:7',
    feed: { id: 'ledger', url: 'https://ledger.example/feeds/rss.xml', title: 'Ledger', language: null },
    item: { guid: '7', link, title: 'Teaser', summary: 'Teaser.', content: null, published: null, updated: null, authors: [], categories: [], enclosures: [] },
    fetchedAt: '2024-10-16T12:00:00.000Z',
  };
}

function ok(body: Buffer | string, contentType: string | null, finalUrl = 'https://ledger.example/story/7'): FetchOutcome {
  return { kind: 'ok', status: 200, url: finalUrl, finalUrl, contentType, body: Buffer.from(body), etag: null, lastModified: null, durationMs: 3 };
}

function failed(errorKind: FetchErrorKind, status: number | null = null): FetchOutcome {
  return { kind: 'error', errorKind, status, message: `${errorKind} happened`, retryAfterSeconds: null, url: 'u', finalUrl: 'u', durationMs: 3 };
}

/** Runs one job against a canned fetch outcome; records what was requested and enqueued. */
async function run(outcome: FetchOutcome, options: { link?: string | null; finalAttempt?: boolean } = {}) {
  const requests: FetchFeedOptions[] = [];
  const enqueued: ItemJobData[] = [];
  const result = await runArticleJob(articleJob(options.link === undefined ? '/story/7' : options.link), {
    fetchPage: async (request) => {
      requests.push(request);
      return outcome;
    },
    enqueueItem: async (data) => {
      enqueued.push(data);
    },
    fetchSettings: SETTINGS,
    finalAttempt: options.finalAttempt ?? false,
    hostLimiter: createHostLimiter(2),
  });
  return { result, requests, enqueued };
}

describe('runArticleJob', () => {
  it('when the page has a NewsArticle, then the item is enqueued with the article and the same record id', async () => {
    const { result, requests, enqueued } = await run(ok(fixture('jsonld-graph.html'), 'text/html; charset=utf-8'));
    expect(requests).toEqual([{ url: 'https://ledger.example/story/7', ...SETTINGS }]);
    expect(result).toMatchObject({ outcome: 'article', pageUrl: 'https://ledger.example/story/7', encoding: 'utf-8' });
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]!.recordId).toBe('b'.repeat(32));
    expect(enqueued[0]!.article?.datePublished).toBe('2024-10-16T06:00:00.000Z');
    // Relative canonical resolves against the final URL of the fetch.
    expect(enqueued[0]!.article?.canonicalUrl).toBe('https://ledger.example/2024/10/16/north-korean-troops-buryat-battalion');
  });

  it('when a windows-1251 page has no charset in the header, then the meta charset decodes it', async () => {
    const { enqueued, result } = await run(ok(fixture('windows-1251.html'), 'text/html'));
    expect(result).toMatchObject({ outcome: 'article', encoding: 'windows-1251' });
    expect(enqueued[0]!.article?.headline).toBe('Северокорейские военные в России');
  });

  it.each([
    ['404', failed('not_found', 404), /^not_found/],
    ['410', failed('gone', 410), /^gone/],
    ['too large', failed('too_large'), /^too_large/],
    ['bad redirect', failed('bad_url'), /^bad_url/],
    ['not HTML', ok('{"a":1}', 'application/json'), /not an HTML page/],
    ['image', ok('GIF89a', 'image/gif'), /not an HTML page/],
    ['no metadata', ok(fixture('no-metadata.html'), 'text/html'), /no usable metadata/],
  ])('when the page fails for good (%s), then the item is still enqueued without article', async (_name, outcome, reason) => {
    const { result, enqueued } = await run(outcome);
    expect(result.outcome).toBe('no-article');
    expect(result.outcome === 'no-article' ? result.reason : '').toMatch(reason);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]!.article).toBeUndefined();
  });

  it.each(['timeout', 'connection', 'dns', 'http_5xx', 'rate_limited'] as const)(
    'when a transient failure (%s) happens before the last attempt, then it throws for a retry and enqueues nothing',
    async (kind) => {
      const enqueued: ItemJobData[] = [];
      await expect(runArticleJob(articleJob('/story/7'), {
        fetchPage: async () => failed(kind),
        enqueueItem: async (data) => { enqueued.push(data); },
        fetchSettings: SETTINGS,
        finalAttempt: false,
      })).rejects.toBeInstanceOf(TransientArticleError);
      expect(enqueued).toEqual([]);
    },
  );

  it('when a transient failure happens on the last attempt, then the item is enqueued without article', async () => {
    const { result, enqueued } = await run(failed('timeout'), { finalAttempt: true });
    expect(result).toMatchObject({ outcome: 'no-article', reason: 'timeout: timeout happened' });
    expect(enqueued).toHaveLength(1);
  });

  it.each([
    ['no link', null],
    ['mailto link', 'mailto:desk@ledger.example'],
  ])('when the item has %s, then nothing is fetched and the item is enqueued', async (_name, link) => {
    const { result, requests, enqueued } = await run(ok('<p>x</p>', 'text/html'), { link });
    expect(requests).toEqual([]);
    expect(result.outcome).toBe('no-article');
    expect(enqueued).toHaveLength(1);
  });

  it('when enqueueing fails (Redis down), then the error propagates so BullMQ retries', async () => {
    await expect(runArticleJob(articleJob('/story/7'), {
      fetchPage: async () => failed('not_found', 404),
      enqueueItem: async () => { throw new Error('redis down'); },
      fetchSettings: SETTINGS,
      finalAttempt: true,
    })).rejects.toThrow('redis down');
  });
});

describe('articlePageUrl and isHtmlResponse', () => {
  it.each([
    ['/story/7', 'https://ledger.example/story/7'],
    ['https://other.example/a?b=1', 'https://other.example/a?b=1'],
    ['  ', null],
    ['ftp://ledger.example/x', null],
    ['http://[bad', null],
  ])('articlePageUrl(%j)', (link, expected) => {
    expect(articlePageUrl(articleJob(link))).toBe(expected);
  });

  it.each([
    ['text/html', '<p>x', true],
    ['application/xhtml+xml; charset=utf-8', '<?xml version="1.0"?><html>', true],
    ['TEXT/HTML;charset=UTF-8', 'x', true],
    [null, '\ufeff  <!DOCTYPE html><html>', true],
    ['application/octet-stream', '<html><head>', true],
    ['text/plain', 'just words', false],
    [null, '%PDF-1.7', false],
    ['application/rss+xml', '<rss version="2.0">', false],
  ])('isHtmlResponse(%j, %j)', (contentType, body, expected) => {
    expect(isHtmlResponse(contentType, Buffer.from(body))).toBe(expected);
  });
});
