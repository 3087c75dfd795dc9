import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchFeedOptions, type FetchOutcome } from '../../src/fetch/http-fetcher.ts';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title></item></channel></rss>';
const ETAG = '"v1"';
const LAST_MODIFIED = 'Tue, 15 Oct 2024 08:00:00 GMT';
const MIB = 1024 * 1024;

let server: http.Server;
let base: string;
let closedPortUrl: string;
let lastHeaders: http.IncomingHttpHeaders = {};
const openSockets = new Set<import('node:net').Socket>();
// Built once: 20 MiB of zeros gzip to ~20 kB.
const gzipBomb = zlib.gzipSync(Buffer.alloc(20 * MIB));

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  lastHeaders = req.headers;
  switch (url.pathname) {
    case '/feed':
      if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
        res.writeHead(304, { ETag: ETAG }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', 'ETag': ETAG, 'Last-Modified': LAST_MODIFIED }).end(FEED);
      return;
    case '/gzip':
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(FEED));
      return;
    case '/br':
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'br' }).end(zlib.brotliCompressSync(FEED));
      return;
    case '/deflate':
      res.writeHead(200, { 'Content-Encoding': 'deflate' }).end(zlib.deflateSync(FEED));
      return;
    case '/deflate-raw':
      res.writeHead(200, { 'Content-Encoding': 'deflate' }).end(zlib.deflateRawSync(FEED));
      return;
    case '/corrupt-gzip':
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(Buffer.from('definitely not gzip'));
      return;
    case '/unknown-encoding':
      res.writeHead(200, { 'Content-Encoding': 'zstd' }).end(FEED);
      return;
    case '/r1':
      res.writeHead(301, { Location: '/r2' }).end();
      return;
    case '/r2':
      res.writeHead(302, { Location: `${base}/r3` }).end();
      return;
    case '/r3':
      res.writeHead(307, { Location: 'feed?from=r3' }).end();
      return;
    case '/loop':
      res.writeHead(302, { Location: '/loop' }).end('redirect body');
      return;
    case '/to-ftp':
      res.writeHead(301, { Location: 'ftp://example.com/feed' }).end();
      return;
    case '/status': {
      const code = Number(url.searchParams.get('code'));
      const headers: http.OutgoingHttpHeaders = {};
      const retryAfter = url.searchParams.get('retryAfter');
      if (retryAfter !== null) headers['Retry-After'] = retryAfter;
      res.writeHead(code, headers).end('error page');
      return;
    }
    case '/hang':
      return; // accepts, never answers
    case '/trickle': {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      const timer = setInterval(() => res.write('<'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/big':
      res.writeHead(200, { 'Content-Length': String(2 * MIB) }).end(Buffer.alloc(2 * MIB, 0x61));
      return;
    case '/big-chunked':
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      for (let i = 0; i < 4; i++) res.write(Buffer.alloc(512 * 1024, 0x61));
      res.end();
      return;
    case '/bomb':
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipBomb);
      return;
    case '/truncated':
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('only part');
      setTimeout(() => res.destroy(), 20);
      return;
    default:
      res.writeHead(404).end();
  }
}

function options(path: string, overrides: Partial<FetchFeedOptions> = {}): FetchFeedOptions {
  return {
    url: `${base}${path}`,
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 3_000,
    maxBodyBytes: MIB,
    maxRedirects: 5,
    userAgent: 'sitrep-test/1.0 (+https://example.invalid)',
    ...overrides,
  };
}

function expectOk(outcome: FetchOutcome): Extract<FetchOutcome, { kind: 'ok' }> {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function expectError(outcome: FetchOutcome): Extract<FetchOutcome, { kind: 'error' }> {
  if (outcome.kind !== 'error') throw new Error(`expected error, got ${outcome.kind}`);
  return outcome;
}

beforeAll(async () => {
  server = http.createServer(route);
  server.on('connection', (socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A port that was just free and is now closed: connection refused.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/feed`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  for (const socket of openSockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchFeed', () => {
  it('200: body, validators, content type and request headers', async () => {
    const outcome = expectOk(await fetchFeed(options('/feed')));
    expect(outcome).toMatchObject({
      status: 200,
      url: `${base}/feed`,
      finalUrl: `${base}/feed`,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: ETAG,
      lastModified: LAST_MODIFIED,
    });
    expect(outcome.body.toString('utf8')).toBe(FEED);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(lastHeaders['user-agent']).toBe('sitrep-test/1.0 (+https://example.invalid)');
    expect(lastHeaders['accept']).toContain('application/rss+xml');
    expect(lastHeaders['accept']).toContain('application/feed+json');
    expect(lastHeaders['accept-encoding']).toBe('gzip, deflate, br');
    expect(lastHeaders['if-none-match']).toBeUndefined();
  });

  it('ETag → 304 on If-None-Match', async () => {
    const outcome = await fetchFeed(options('/feed', { etag: ETAG }));
    expect(outcome).toMatchObject({ kind: 'not-modified', status: 304, finalUrl: `${base}/feed` });
    expect(lastHeaders['if-none-match']).toBe(ETAG);
  });

  it('Last-Modified → 304 on If-Modified-Since', async () => {
    const outcome = await fetchFeed(options('/feed', { etag: null, lastModified: LAST_MODIFIED }));
    expect(outcome.kind).toBe('not-modified');
    expect(lastHeaders['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decompresses %s', async (path) => {
    const outcome = expectOk(await fetchFeed(options(path)));
    expect(outcome.body.toString('utf8')).toBe(FEED);
  });

  it('follows a chain of 3 redirects (relative and absolute Location)', async () => {
    const outcome = expectOk(await fetchFeed(options('/r1', { maxRedirects: 3 })));
    expect(outcome.url).toBe(`${base}/r1`);
    expect(outcome.finalUrl).toBe(`${base}/feed?from=r3`);
    expect(outcome.body.toString('utf8')).toBe(FEED);
  });

  it('one redirect too many → too_many_redirects', async () => {
    const outcome = expectError(await fetchFeed(options('/r1', { maxRedirects: 2 })));
    expect(outcome.errorKind).toBe('too_many_redirects');
  });

  it('redirect loop → too_many_redirects', async () => {
    const outcome = expectError(await fetchFeed(options('/loop')));
    expect(outcome).toMatchObject({ errorKind: 'too_many_redirects', status: 302, finalUrl: `${base}/loop` });
    expect(outcome.message).toMatch(/more than 5 redirects/);
  });

  it('redirect to a non-http scheme → bad_url', async () => {
    const outcome = expectError(await fetchFeed(options('/to-ftp')));
    expect(outcome).toMatchObject({ errorKind: 'bad_url', finalUrl: 'ftp://example.com/feed' });
  });

  it.each([
    { code: 500, errorKind: 'http_5xx', retryAfter: null, expected: null },
    { code: 404, errorKind: 'not_found', retryAfter: null, expected: null },
    { code: 410, errorKind: 'gone', retryAfter: null, expected: null },
    { code: 403, errorKind: 'http_4xx', retryAfter: null, expected: null },
    { code: 429, errorKind: 'rate_limited', retryAfter: '120', expected: 120 },
    { code: 429, errorKind: 'rate_limited', retryAfter: null, expected: null },
    { code: 503, errorKind: 'http_5xx', retryAfter: '30', expected: 30 },
  ])('HTTP $code (Retry-After $retryAfter) → $errorKind', async ({ code, errorKind, retryAfter, expected }) => {
    const query = retryAfter === null ? '' : `&retryAfter=${retryAfter}`;
    const outcome = expectError(await fetchFeed(options(`/status?code=${code}${query}`)));
    expect(outcome).toMatchObject({ errorKind, status: code, retryAfterSeconds: expected });
    expect(outcome.message).toMatch(new RegExp(`^HTTP ${code}`));
  });

  it('a server that never answers ends at the total timeout', async () => {
    const startedAt = performance.now();
    const outcome = expectError(await fetchFeed(options('/hang', { totalTimeoutMs: 500 })));
    const elapsed = performance.now() - startedAt;
    expect(outcome.errorKind).toBe('timeout');
    expect(outcome.message).toMatch(/total timeout/);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('a server that trickles bytes ends at the total timeout', async () => {
    const outcome = expectError(await fetchFeed(options('/trickle', { totalTimeoutMs: 500 })));
    expect(outcome.errorKind).toBe('timeout');
    expect(outcome.durationMs).toBeLessThan(2_000);
  });

  it('Content-Length over the cap is rejected early', async () => {
    const outcome = expectError(await fetchFeed(options('/big')));
    expect(outcome).toMatchObject({ errorKind: 'too_large', status: 200 });
    expect(outcome.message).toMatch(/Content-Length/);
  });

  it('a chunked body over the cap → too_large', async () => {
    const outcome = expectError(await fetchFeed(options('/big-chunked')));
    expect(outcome.errorKind).toBe('too_large');
  });

  it('a gzip bomb is cut at the cap on decompressed bytes', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const outcome = expectError(await fetchFeed(options('/bomb')));
    expect(outcome.errorKind).toBe('too_large');
    expect(outcome.message).toMatch(/after decompression/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MIB);
  });

  it('corrupt gzip → protocol', async () => {
    const outcome = expectError(await fetchFeed(options('/corrupt-gzip')));
    expect(outcome.errorKind).toBe('protocol');
    expect(outcome.message).toMatch(/corrupt gzip body/);
  });

  it('unsupported content-encoding → protocol', async () => {
    const outcome = expectError(await fetchFeed(options('/unknown-encoding')));
    expect(outcome).toMatchObject({ errorKind: 'protocol', message: expect.stringMatching(/zstd/) });
  });

  it('a body cut short by the server → connection', async () => {
    const outcome = expectError(await fetchFeed(options('/truncated')));
    expect(outcome.errorKind).toBe('connection');
  });

  it('connection refused on a closed port → connection', async () => {
    const outcome = expectError(await fetchFeed({ ...options('/feed'), url: closedPortUrl }));
    expect(outcome).toMatchObject({ errorKind: 'connection', status: null, url: closedPortUrl });
    expect(outcome.message).toMatch(/ECONNREFUSED/);
  });

  it.each(['ftp://example.com/feed', 'not a url', '', 'file:///etc/passwd'])('bad URL %j → bad_url', async (url) => {
    const outcome = expectError(await fetchFeed({ ...options('/feed'), url }));
    expect(outcome.errorKind).toBe('bad_url');
  });

  describe('lookup hook (SSRF plug-in point)', () => {
    const port = (): number => Number(new URL(base).port);

    it('is used to resolve host names', async () => {
      const seen: string[] = [];
      const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
        seen.push(hostname);
        if (lookupOptions.all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
        else callback(null, '127.0.0.1', 4);
      };
      const outcome = expectOk(await fetchFeed({ ...options('/feed'), url: `http://feeds.sitrep.test:${port()}/feed`, lookup }));
      expect(outcome.body.toString('utf8')).toBe(FEED);
      expect(seen).toContain('feeds.sitrep.test');
    });

    it('a lookup failure → dns', async () => {
      const lookup: LookupFunction = (hostname, _lookupOptions, callback) => {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 4);
      };
      const outcome = expectError(await fetchFeed({ ...options('/feed'), url: `http://nowhere.sitrep.test:${port()}/feed`, lookup }));
      expect(outcome.errorKind).toBe('dns');
      expect(outcome.message).toMatch(/nowhere\.sitrep\.test/);
    });

    it('a lookup that never answers hits the connect timeout', async () => {
      const lookup: LookupFunction = () => undefined;
      const outcome = expectError(
        await fetchFeed({ ...options('/feed', { connectTimeoutMs: 200, totalTimeoutMs: 5_000 }), url: `http://slow.sitrep.test:${port()}/feed`, lookup }),
      );
      expect(outcome.errorKind).toBe('timeout');
      expect(outcome.message).toMatch(/connect timeout/);
      expect(outcome.durationMs).toBeLessThan(2_000);
    });
  });
});
