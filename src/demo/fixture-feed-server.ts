import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface FixtureRoute {
  /** Path served, e.g. '/feeds/northern-ledger.xml'. */
  path: string;
  body: Buffer | string;
  contentType: string;
  /** Default 200. Only 200 responses carry validators and answer 304. */
  status?: number;
  /** Extra response headers; an 'etag' or 'last-modified' here replaces the computed one. */
  headers?: Record<string, string>;
  /** Wait this long before answering (for client timeout tests). */
  delayMs?: number;
}

export interface FixtureFeedServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** Add or replace a route at run time (tests change a feed's body between polls). */
  setRoute(route: FixtureRoute): void;
  removeRoute(path: string): void;
  /** Requests seen per path (count, any method, query string ignored), and the last request headers per path. */
  hits(path: string): number;
  lastRequestHeaders(path: string): Record<string, string | string[] | undefined> | undefined;
  close(): Promise<void>;
}

export interface FixtureFeedServerOptions {
  port?: number;
  host?: string;
}

/** A route with everything per-request work needs precomputed. */
interface PreparedRoute {
  status: number;
  body: Buffer;
  /** Built lazily on the first gzip request, then reused. */
  gzipBody: Buffer | undefined;
  etag: string;
  lastModifiedMs: number;
  headers: OutgoingHttpHeaders;
  delayMs: number;
}

// Statuses that must not carry a body.
const BODYLESS_STATUS = new Set([204, 205, 304]);
const ETAG_TOKEN = /(?:W\/)?"[^"]*"|\*/g;
const GZIP_CODING = /(?:^|,)\s*(?:gzip|x-gzip|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*(?=,|$)/i;

/** A loopback HTTP server (node:http, 127.0.0.1, port 0 unless given) serving routes with strong ETag (sha1 of body) and
 *  Last-Modified (server start time, or per-route header), answering 304 to matching If-None-Match / If-Modified-Since,
 *  gzip when the client sends Accept-Encoding: gzip, 404 for unknown paths. */
export async function startFixtureFeedServer(
  routes: FixtureRoute[],
  options: FixtureFeedServerOptions = {},
): Promise<FixtureFeedServer> {
  const host = options.host ?? '127.0.0.1';
  const startedAtMs = floorToSecond(Date.now());
  const table = new Map<string, PreparedRoute>();
  const hitCounts = new Map<string, number>();
  const lastHeaders = new Map<string, IncomingHttpHeaders>();
  const pendingTimers = new Set<NodeJS.Timeout>();

  const setRoute = (route: FixtureRoute): void => {
    table.set(route.path, prepareRoute(route, table.get(route.path), startedAtMs));
  };
  for (const route of routes) setRoute(route);

  const server = createServer((req, res) => {
    try {
      const path = pathOf(req.url);
      hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
      lastHeaders.set(path, { ...req.headers });
      const route = table.get(path);
      if (route === undefined) {
        sendPlain(res, 404, 'not found\n');
        return;
      }
      if (route.delayMs > 0) {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          answerSafely(req, res, route);
        }, route.delayMs);
        pendingTimers.add(timer);
        return;
      }
      answerSafely(req, res, route);
    } catch {
      sendPlain(res, 500, 'fixture server error\n');
    }
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    setRoute,
    removeRoute: (path) => {
      table.delete(path);
    },
    hits: (path) => hitCounts.get(path) ?? 0,
    lastRequestHeaders: (path) => {
      const headers = lastHeaders.get(path);
      return headers === undefined ? undefined : { ...headers };
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close(() => resolve());
        // Keep-alive sockets (fetch pools them) would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function prepareRoute(route: FixtureRoute, previous: PreparedRoute | undefined, startedAtMs: number): PreparedRoute {
  const body = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : route.body;
  const extra = lowerCaseKeys(route.headers ?? {});
  const etag = extra['etag'] ?? `"${createHash('sha1').update(body).digest('hex')}"`;
  const lastModifiedMs = chooseLastModifiedMs(extra['last-modified'], etag, previous, startedAtMs);
  delete extra['etag'];
  delete extra['last-modified'];
  return {
    status: route.status ?? 200,
    body,
    gzipBody: undefined,
    etag,
    lastModifiedMs,
    headers: { 'content-type': route.contentType, ...extra },
    delayMs: Math.max(0, route.delayMs ?? 0),
  };
}

/** An explicit header wins; otherwise a changed body gets a strictly later second than before,
 *  so clients that only send If-Modified-Since still see the change. */
function chooseLastModifiedMs(
  explicit: string | undefined,
  etag: string,
  previous: PreparedRoute | undefined,
  startedAtMs: number,
): number {
  if (explicit !== undefined) {
    const parsed = Date.parse(explicit);
    if (!Number.isNaN(parsed)) return floorToSecond(parsed);
  }
  if (previous === undefined) return startedAtMs;
  if (previous.etag === etag) return previous.lastModifiedMs;
  return Math.max(floorToSecond(Date.now()), previous.lastModifiedMs + 1000);
}

function answerSafely(req: IncomingMessage, res: ServerResponse, route: PreparedRoute): void {
  try {
    answer(req, res, route);
  } catch {
    if (!res.headersSent) sendPlain(res, 500, 'fixture server error\n');
    else res.destroy();
  }
}

function answer(req: IncomingMessage, res: ServerResponse, route: PreparedRoute): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const headers: OutgoingHttpHeaders = { ...route.headers, vary: 'Accept-Encoding' };
  if (route.status === 200) {
    headers['etag'] = route.etag;
    headers['last-modified'] = new Date(route.lastModifiedMs).toUTCString();
    if (isNotModified(req.headers, route)) {
      delete headers['content-type'];
      res.writeHead(304, headers);
      res.end();
      return;
    }
  }
  if (BODYLESS_STATUS.has(route.status)) {
    res.writeHead(route.status, headers);
    res.end();
    return;
  }
  let payload = route.body;
  if (acceptsGzip(req.headers['accept-encoding'])) {
    route.gzipBody ??= gzipSync(route.body);
    payload = route.gzipBody;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = payload.length;
  res.writeHead(route.status, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** RFC 9110 13.2.2: If-None-Match (weak comparison) wins; If-Modified-Since only counts without it. */
function isNotModified(headers: IncomingHttpHeaders, route: PreparedRoute): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const wanted = stripWeak(route.etag);
    for (const token of ifNoneMatch.match(ETAG_TOKEN) ?? []) {
      if (token === '*' || stripWeak(token) === wanted) return true;
    }
    return false;
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const sinceMs = Date.parse(ifModifiedSince);
  return !Number.isNaN(sinceMs) && route.lastModifiedMs <= sinceMs;
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  const match = GZIP_CODING.exec(acceptEncoding);
  if (match === null) return false;
  const q = match[1];
  return q === undefined || Number(q) > 0;
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
