import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureFeedServer } from '../../../src/demo/fixture-feed-server.ts';
import type { FixtureFeedServer, FixtureRoute } from '../../../src/demo/fixture-feed-server.ts';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Plain node:http GET so the test sees bytes on the wire (fetch would gunzip and add headers). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sha1Tag = (body: Buffer | string): string => `"${createHash('sha1').update(body).digest('hex')}"`;

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';
const FEED_PATH = '/feeds/test.xml';
const feedRoute: FixtureRoute = { path: FEED_PATH, body: RSS, contentType: 'application/rss+xml; charset=utf-8' };

let server: FixtureFeedServer | undefined;
async function start(routes: FixtureRoute[] = [feedRoute]): Promise<FixtureFeedServer> {
  server = await startFixtureFeedServer(routes);
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startFixtureFeedServer', () => {
  it('listens on 127.0.0.1 with a real port', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(s.url).port)).toBeGreaterThan(0);
  });

  it('serves the body with a sha1 strong ETag, Last-Modified and the content type', async () => {
    // Bytes that are not valid UTF-8 must come back untouched.
    const body = Buffer.from([0x3c, 0x72, 0x73, 0x73, 0x3e, 0xc4, 0xe5, 0xed, 0xfc, 0x3c, 0x2f, 0x72, 0x73, 0x73, 0x3e]);
    const s = await start([{ path: '/feeds/cp1251.xml', body, contentType: 'text/xml; charset=windows-1251' }]);
    const before = Date.now();
    const res = await get(`${s.url}/feeds/cp1251.xml`);
    expect(res.status).toBe(200);
    expect(res.body.equals(body)).toBe(true);
    expect(res.headers['content-type']).toBe('text/xml; charset=windows-1251');
    expect(res.headers['etag']).toBe(sha1Tag(body));
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.headers['content-encoding']).toBeUndefined();
    const lastModified = Date.parse(res.headers['last-modified'] ?? '');
    expect(Number.isNaN(lastModified)).toBe(false);
    expect(lastModified).toBeLessThanOrEqual(before);
    expect(before - lastModified).toBeLessThan(60_000);
  });

  it.each([
    { name: 'exact tag', ifNoneMatch: (tag: string) => tag, status: 304 },
    { name: 'weak form of the tag', ifNoneMatch: (tag: string) => `W/${tag}`, status: 304 },
    { name: 'tag in a list', ifNoneMatch: (tag: string) => `"other", ${tag}`, status: 304 },
    { name: 'wildcard', ifNoneMatch: () => '*', status: 304 },
    { name: 'different tag', ifNoneMatch: () => '"0000"', status: 200 },
    { name: 'unquoted tag', ifNoneMatch: (tag: string) => tag.replaceAll('"', ''), status: 200 },
  ])('If-None-Match with $name answers $status', async ({ ifNoneMatch, status }) => {
    const s = await start();
    const res = await get(`${s.url}${FEED_PATH}`, { 'if-none-match': ifNoneMatch(sha1Tag(RSS)) });
    expect(res.status).toBe(status);
    expect(res.headers['etag']).toBe(sha1Tag(RSS));
    expect(res.body.toString()).toBe(status === 304 ? '' : RSS);
  });

  it('answers If-Modified-Since by Last-Modified, and lets If-None-Match take precedence', async () => {
    const s = await start();
    const first = await get(`${s.url}${FEED_PATH}`);
    const lastModified = first.headers['last-modified'] ?? '';
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();

    expect((await get(`${s.url}${FEED_PATH}`, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(`${s.url}${FEED_PATH}`, { 'if-modified-since': earlier })).status).toBe(200);
    expect((await get(`${s.url}${FEED_PATH}`, { 'if-modified-since': 'not a date' })).status).toBe(200);
    const mismatch = await get(`${s.url}${FEED_PATH}`, { 'if-none-match': '"stale"', 'if-modified-since': lastModified });
    expect(mismatch.status).toBe(200);
  });

  it.each([
    { acceptEncoding: 'gzip', gzip: true },
    { acceptEncoding: 'gzip, deflate, br', gzip: true },
    { acceptEncoding: 'br;q=1.0, gzip;q=0.5', gzip: true },
    { acceptEncoding: 'gzip;q=0', gzip: false },
    { acceptEncoding: 'deflate, br', gzip: false },
    { acceptEncoding: 'identity', gzip: false },
  ])('Accept-Encoding "$acceptEncoding" gzips: $gzip', async ({ acceptEncoding, gzip }) => {
    const s = await start();
    const res = await get(`${s.url}${FEED_PATH}`, { 'accept-encoding': acceptEncoding });
    expect(res.status).toBe(200);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['etag']).toBe(sha1Tag(RSS));
    if (gzip) {
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(gunzipSync(res.body).toString()).toBe(RSS);
    } else {
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.toString()).toBe(RSS);
    }
  });

  it('answers 404 for unknown paths and still counts the hit', async () => {
    const s = await start();
    const res = await get(`${s.url}/feeds/missing.xml`);
    expect(res.status).toBe(404);
    expect(s.hits('/feeds/missing.xml')).toBe(1);
    expect(s.hits(FEED_PATH)).toBe(0);
  });

  it('setRoute replaces the body, the ETag and moves Last-Modified forward', async () => {
    const s = await start();
    const first = await get(`${s.url}${FEED_PATH}`);
    const changed = RSS.replace('<title>T</title>', '<title>T2</title>');
    s.setRoute({ ...feedRoute, body: changed });

    const stale = await get(`${s.url}${FEED_PATH}`, { 'if-none-match': first.headers['etag'] ?? '' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(changed);
    expect(stale.headers['etag']).toBe(sha1Tag(changed));
    expect(stale.headers['etag']).not.toBe(first.headers['etag']);
    // A client that only sends If-Modified-Since must also see the change, even within the same second.
    expect(Date.parse(stale.headers['last-modified'] ?? '')).toBeGreaterThan(Date.parse(first.headers['last-modified'] ?? ''));
    const byDate = await get(`${s.url}${FEED_PATH}`, { 'if-modified-since': first.headers['last-modified'] ?? '' });
    expect(byDate.status).toBe(200);
  });

  it('setRoute with the same body keeps the validators', async () => {
    const s = await start();
    const first = await get(`${s.url}${FEED_PATH}`);
    s.setRoute({ ...feedRoute, body: Buffer.from(RSS) });
    const again = await get(`${s.url}${FEED_PATH}`);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.headers['last-modified']).toBe(first.headers['last-modified']);
  });

  it('setRoute adds new paths and removeRoute makes them 404', async () => {
    const s = await start([]);
    expect((await get(`${s.url}/late.json`)).status).toBe(404);
    s.setRoute({ path: '/late.json', body: '{"version":"x"}', contentType: 'application/feed+json' });
    expect((await get(`${s.url}/late.json`)).status).toBe(200);
    s.removeRoute('/late.json');
    expect((await get(`${s.url}/late.json`)).status).toBe(404);
  });

  it('counts hits per path ignoring the query string and records the last request headers', async () => {
    const s = await start();
    await get(`${s.url}${FEED_PATH}`, { 'user-agent': 'first' });
    await get(`${s.url}${FEED_PATH}?cache=bust`, { 'user-agent': 'second', 'if-none-match': '"abc"' });
    await get(`${s.url}${FEED_PATH}`, { 'user-agent': 'third' }, 'HEAD');
    expect(s.hits(FEED_PATH)).toBe(3);
    expect(s.hits('/never')).toBe(0);
    expect(s.lastRequestHeaders('/never')).toBeUndefined();
    const headers = s.lastRequestHeaders(FEED_PATH);
    expect(headers?.['user-agent']).toBe('third');
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('serves configured status and headers without validators on non-200 routes', async () => {
    const s = await start([
      { path: '/busy', body: 'slow down', contentType: 'text/plain', status: 429, headers: { 'Retry-After': '7' } },
      { path: '/moved', body: '', contentType: 'text/plain', status: 301, headers: { Location: '/feeds/new.xml' } },
      { path: '/boom', body: 'oops', contentType: 'text/plain', status: 500 },
    ]);
    const busy = await get(`${s.url}/busy`, { 'if-none-match': '*' });
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('7');
    expect(busy.headers['etag']).toBeUndefined();
    expect(busy.body.toString()).toBe('slow down');
    const moved = await get(`${s.url}/moved`);
    expect(moved.status).toBe(301);
    expect(moved.headers['location']).toBe('/feeds/new.xml');
    expect((await get(`${s.url}/boom`)).status).toBe(500);
  });

  it('uses a per-route Last-Modified or ETag header as the validator', async () => {
    const lastModified = 'Wed, 16 Oct 2024 09:00:00 GMT';
    const s = await start([{ ...feedRoute, headers: { 'Last-Modified': lastModified, ETag: 'W/"v1"' } }]);
    const res = await get(`${s.url}${FEED_PATH}`);
    expect(res.headers['last-modified']).toBe(lastModified);
    expect(res.headers['etag']).toBe('W/"v1"');
    expect((await get(`${s.url}${FEED_PATH}`, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(`${s.url}${FEED_PATH}`, { 'if-none-match': '"v1"' })).status).toBe(304);
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const s = await start();
    const head = await get(`${s.url}${FEED_PATH}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['etag']).toBe(sha1Tag(RSS));
    expect(head.body.length).toBe(0);
    const post = await get(`${s.url}${FEED_PATH}`, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('delays the answer by delayMs', async () => {
    const s = await start([{ ...feedRoute, delayMs: 150 }]);
    const startedAt = performance.now();
    const res = await get(`${s.url}${FEED_PATH}`);
    expect(res.status).toBe(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  it('works with fetch: gzip is decoded, a conditional re-fetch gets 304, and close() ends keep-alive sockets', async () => {
    const s = await start();
    const first = await fetch(`${s.url}${FEED_PATH}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(RSS);
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${s.url}${FEED_PATH}`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    await second.arrayBuffer();
    expect(s.lastRequestHeaders(FEED_PATH)?.['if-none-match']).toBe(etag);
    expect(s.hits(FEED_PATH)).toBe(2);
    // Must not hang on the pooled connection; calling twice is fine.
    await Promise.all([s.close(), s.close()]);
    await expect(fetch(`${s.url}${FEED_PATH}`)).rejects.toThrow();
  });

  it('close() resolves while a delayed response is pending', async () => {
    const s = await start([{ ...feedRoute, delayMs: 10_000 }]);
    const pending = get(`${s.url}${FEED_PATH}`).then(
      () => 'answered',
      () => 'aborted',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.close();
    expect(await pending).toBe('aborted');
  });

  it('rejects when the port is taken', async () => {
    const s = await start();
    const port = Number(new URL(s.url).port);
    await expect(startFixtureFeedServer([], { port })).rejects.toThrow(/EADDRINUSE/);
  });
});
