import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { redactUrl } from '../observability/redact-url.ts';
import { classifyNetworkError, classifyStatus, parseRetryAfter, type FetchErrorKind } from './classify-response.ts';

export type { FetchErrorKind } from './classify-response.ts';

export interface FetchFeedOptions {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  /**
   * SSRF HOOK: DNS lookup used for every hop (redirects included). The SSRF guard plugs in here and rejects private,
   * loopback and link-local addresses after resolution. Must honour `options.all` (Node 20 happy eyeballs).
   */
  lookup?: LookupFunction;
  /** SSRF guard for IP-literal hosts (no lookup happens for them), checked on every hop: a refusal reason, or null. */
  checkHost?: (hostname: string) => string | null;
}

export type FetchOutcome =
  | {
      kind: 'ok';
      status: number;
      url: string;
      finalUrl: string;
      contentType: string | null;
      body: Buffer;
      etag: string | null;
      lastModified: string | null;
      durationMs: number;
      /** Target of the first hop when it was a permanent redirect (301/308): where the feed now lives. */
      permanentRedirectTo?: string;
      /** Cache-Control max-age in seconds, when the response declares one. */
      maxAgeSeconds?: number | null;
    }
  | { kind: 'not-modified'; status: 304; url: string; finalUrl: string; durationMs: number }
  | {
      kind: 'error';
      errorKind: FetchErrorKind;
      status: number | null;
      message: string;
      retryAfterSeconds: number | null;
      url: string;
      finalUrl: string;
      durationMs: number;
    };

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';
const ACCEPT_ENCODING = 'gzip, deflate, br';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_AGE = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i;

/** Cache-Control max-age in seconds; null when absent or malformed. */
export function parseMaxAgeSeconds(cacheControl: string | null): number | null {
  const match = cacheControl === null ? null : MAX_AGE.exec(cacheControl);
  return match ? Number(match[1]) : null;
}

/** A failure this module diagnosed itself (size cap, connect timeout, bad redirect ...), not to be re-classified. */
class FetchFailure extends Error {
  readonly errorKind: FetchErrorKind;
  constructor(errorKind: FetchErrorKind, message: string) {
    super(message);
    this.errorKind = errorKind;
  }
}

type Outcome<K extends FetchOutcome['kind']> = Extract<FetchOutcome, { kind: K }>;

interface Exchange {
  startedAt: number;
  requestedUrl: string;
  currentUrl: string;
  signal: AbortSignal;
  permanentRedirectTo?: string;
}

function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}

function headerValue(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : null;
}

/** The URL when it is http(s), else why not (only http and https are ever fetched: no file:, ftp:, data:, javascript:). */
function parseHttpUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  return `unsupported scheme "${url.protocol.slice(0, 20)}" (only http and https)`;
}

function buildHeaders(options: FetchFeedOptions): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {
    'Accept': ACCEPT,
    'Accept-Encoding': ACCEPT_ENCODING,
    'User-Agent': options.userAgent,
  };
  if (typeof options.etag === 'string' && options.etag !== '') headers['If-None-Match'] = options.etag;
  if (typeof options.lastModified === 'string' && options.lastModified !== '') {
    headers['If-Modified-Since'] = options.lastModified;
  }
  return headers;
}

/** Sends one GET and resolves with the response head; the connect timer covers DNS and TCP connect only. */
function sendRequest(
  url: URL,
  headers: http.OutgoingHttpHeaders,
  options: FetchFeedOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const requestOptions: http.RequestOptions = { method: 'GET', headers, signal };
    // SSRF HOOK: the guard's lookup is applied here to every hop.
    if (options.lookup !== undefined) requestOptions.lookup = options.lookup;
    const req = transport.request(url, requestOptions, resolve);
    req.on('error', reject); // not once: a late second error must not become an uncaught exception
    req.once('socket', (socket) => {
      if (!socket.connecting) return; // reused keep-alive socket
      const timer = setTimeout(() => {
        req.destroy(new FetchFailure('timeout', `connect timeout: no connection to ${url.host} within ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      const clear = (): void => clearTimeout(timer);
      socket.once('connect', clear);
      req.once('close', clear);
    });
    req.end();
  });
}

/** Resolves with the first chunk of a stream (or null at its end) without consuming it. */
function peekFirstChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      stream.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new FetchFailure('connection', 'connection closed before the body arrived'));
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/** zlib-wrapped deflate starts with CMF/FLG where CM=8 and the 16-bit header is a multiple of 31. */
function looksLikeZlibHeader(chunk: Buffer): boolean {
  const cmf = chunk[0];
  const flg = chunk[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/** The decoder for a Content-Encoding, or null for identity. Raw deflate (no zlib header) is common enough to handle. */
async function createDecoder(res: IncomingMessage): Promise<Transform | null> {
  const encoding = (headerValue(res.headers['content-encoding']) ?? 'identity').trim().toLowerCase();
  switch (encoding) {
    case 'identity':
    case '':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'deflate': {
      const first = await peekFirstChunk(res);
      if (first === null) return null;
      return looksLikeZlibHeader(first) ? zlib.createInflate() : zlib.createInflateRaw();
    }
    default:
      throw new FetchFailure('protocol', `unsupported content-encoding "${encoding}"`);
  }
}

/** Reads the (decompressed) body, destroying everything once it passes maxBodyBytes so a bomb costs bounded memory. */
async function readBody(res: IncomingMessage, maxBodyBytes: number, signal: AbortSignal): Promise<Buffer> {
  const decoder = await createDecoder(res);
  const chunks: Buffer[] = [];
  let total = 0;
  // Kept aside: when the sink throws, pipeline may report the teardown (an AbortError) instead of our error.
  let overflow: FetchFailure | null = null;
  const collect = async (source: AsyncIterable<Buffer | string>): Promise<void> => {
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      total += chunk.length;
      if (total > maxBodyBytes) {
        overflow = new FetchFailure('too_large', `body exceeds ${maxBodyBytes} bytes${decoder === null ? '' : ' after decompression'}`);
        throw overflow;
      }
      chunks.push(chunk);
    }
  };
  try {
    if (decoder === null) await pipeline(res, collect, { signal });
    else await pipeline(res, decoder, collect, { signal });
  } catch (err) {
    if (overflow !== null) throw overflow;
    if (err instanceof FetchFailure) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^(?:Z_|ERR__ERROR_|ERR_BROTLI)/.test(code)) {
      throw new FetchFailure('protocol', `corrupt ${headerValue(res.headers['content-encoding'])} body: ${(err as Error).message}`);
    }
    throw err;
  }
  return Buffer.concat(chunks, total);
}

function errorOutcome(
  exchange: Exchange,
  errorKind: FetchErrorKind,
  message: string,
  status: number | null = null,
  retryAfterSeconds: number | null = null,
): Outcome<'error'> {
  return {
    kind: 'error',
    errorKind,
    status,
    message,
    retryAfterSeconds,
    url: exchange.requestedUrl,
    finalUrl: exchange.currentUrl,
    durationMs: elapsedMs(exchange.startedAt),
  };
}

async function runExchange(options: FetchFeedOptions, exchange: Exchange): Promise<FetchOutcome> {
  const headers = buildHeaders(options);
  for (let redirects = 0; ; redirects++) {
    const url = parseHttpUrl(exchange.currentUrl);
    if (typeof url === 'string') {
      const what = redirects === 0 ? 'URL' : 'redirect target';
      return errorOutcome(exchange, 'bad_url', `${url} ${what}: ${redactUrl(exchange.currentUrl).slice(0, 200)}`);
    }
    const refusal = options.checkHost?.(url.hostname) ?? null;
    if (refusal !== null) return errorOutcome(exchange, 'bad_url', redirects === 0 ? refusal : `redirect ${refusal}`);
    const res = await sendRequest(url, headers, options, exchange.signal);
    const status = res.statusCode ?? 0;

    const location = headerValue(res.headers.location);
    if (REDIRECT_STATUSES.has(status) && location !== null) {
      res.destroy(); // never drain a redirect body: it is not ours to bound
      if (redirects >= options.maxRedirects) {
        return errorOutcome(exchange, 'too_many_redirects', `more than ${options.maxRedirects} redirects (last ${status} to ${redactUrl(location).slice(0, 200)})`, status);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return errorOutcome(exchange, 'bad_url', `invalid redirect Location: ${redactUrl(location).slice(0, 200)}`, status);
      }
      if (redirects === 0 && (status === 301 || status === 308)) exchange.permanentRedirectTo = next.href;
      exchange.currentUrl = next.href;
      continue;
    }

    if (status === 304) {
      res.destroy();
      return { kind: 'not-modified', status: 304, url: exchange.requestedUrl, finalUrl: exchange.currentUrl, durationMs: elapsedMs(exchange.startedAt) };
    }

    const errorKind = classifyStatus(status);
    if (errorKind !== null) {
      res.destroy();
      const retryAfter = parseRetryAfter(headerValue(res.headers['retry-after']), Date.now());
      const reason = res.statusMessage ? ` ${res.statusMessage.slice(0, 100)}` : '';
      return errorOutcome(exchange, errorKind, `HTTP ${status}${reason}`, status, retryAfter);
    }

    const declaredLength = Number(headerValue(res.headers['content-length']) ?? Number.NaN);
    if (Number.isFinite(declaredLength) && declaredLength > options.maxBodyBytes) {
      res.destroy();
      return errorOutcome(exchange, 'too_large', `Content-Length ${declaredLength} exceeds ${options.maxBodyBytes} bytes`, status);
    }

    let body: Buffer;
    try {
      body = await readBody(res, options.maxBodyBytes, exchange.signal);
    } catch (err) {
      res.destroy();
      if (err instanceof FetchFailure) return errorOutcome(exchange, err.errorKind, err.message, status);
      throw err;
    }
    return {
      kind: 'ok',
      status,
      url: exchange.requestedUrl,
      finalUrl: exchange.currentUrl,
      contentType: headerValue(res.headers['content-type']),
      body,
      etag: headerValue(res.headers.etag),
      lastModified: headerValue(res.headers['last-modified']),
      durationMs: elapsedMs(exchange.startedAt),
      ...(exchange.permanentRedirectTo === undefined ? {} : { permanentRedirectTo: exchange.permanentRedirectTo }),
      maxAgeSeconds: parseMaxAgeSeconds(headerValue(res.headers['cache-control'])),
    };
  }
}

/** One conditional GET with redirects, timeouts and a decompressed-size cap. Never throws: failures are 'error' outcomes. */
export async function fetchFeed(options: FetchFeedOptions): Promise<FetchOutcome> {
  const controller = new AbortController();
  const exchange: Exchange = {
    startedAt: performance.now(),
    requestedUrl: options.url,
    currentUrl: options.url,
    signal: controller.signal,
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(0, options.totalTimeoutMs));
  try {
    return await runExchange(options, exchange);
  } catch (err) {
    if (timedOut) {
      return errorOutcome(exchange, 'timeout', `total timeout: exchange with ${redactUrl(exchange.currentUrl).slice(0, 200)} took over ${options.totalTimeoutMs} ms`);
    }
    if (err instanceof FetchFailure) return errorOutcome(exchange, err.errorKind, err.message);
    const classified = classifyNetworkError(err);
    return errorOutcome(exchange, classified.errorKind, classified.message);
  } finally {
    clearTimeout(timer);
  }
}
