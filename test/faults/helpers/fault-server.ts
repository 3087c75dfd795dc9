import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A hostile (or healthy) loopback feed host: every path is one behaviour, see FAULT_PATHS. */
export interface FaultServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** Serves an RSS feed at path whose items come from items() at request time (with ETag/304). */
  setFeed(path: string, title: string, items: () => ServedItem[]): void;
  /** Distinct item guids sent in full 200 responses, per path. */
  served(path: string): ReadonlySet<string>;
  /** All guids served, keyed by path. */
  servedAll(): ReadonlyMap<string, ReadonlySet<string>>;
  hits(path: string): number;
  close(): Promise<void>;
}

export interface ServedItem {
  guid: string;
  title: string;
  description: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: { url: string }) => void;

const RSS_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A small RSS document; also used for the recoverable fault bodies. */
export function rssDocument(title: string, items: ServedItem[]): string {
  const entries = items
    .map((item) => `<item><guid isPermaLink="false">${escapeXml(item.guid)}</guid><title>${escapeXml(item.title)}</title>`
      + `<link>https://faults.example/${encodeURIComponent(item.guid)}</link><description>${escapeXml(item.description)}</description>`
      + '<pubDate>Wed, 16 Oct 2024 10:00:00 GMT</pubDate></item>')
    .join('\n');
  return `${RSS_HEAD}${escapeXml(title)}</title><link>https://faults.example/</link><description>faults</description>\n${entries}\n</channel></rss>\n`;
}

const ONE_MB = 1024 * 1024;
// 1 MB of zeros gzips to about 1 KB; 1024 concatenated members are a valid gzip stream inflating to 1 GB.
let gzipBomb: Buffer | undefined;
function gzipBombBody(): Buffer {
  if (gzipBomb === undefined) {
    const member = gzipSync(Buffer.alloc(ONE_MB));
    gzipBomb = Buffer.concat(new Array<Buffer>(1024).fill(member));
  }
  return gzipBomb;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title><link>https://faults.example/</link><description>&lol9;</description>
<item><guid>laugh-1</guid><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>`;

function deeplyNested(depth: number): string {
  return `${RSS_HEAD}Deep</title>${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}</channel></rss>`;
}

function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string | number> = {}): void {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-length': payload.length, ...headers });
  res.end(payload);
}

const WRONG_TYPES_JSON = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 12345,
  items: [
    { id: { nested: true }, title: ['not', 'a', 'string'], content_text: 42, url: false, date_published: 'yesterday' },
    { id: 7, title: null, content_html: { html: '<p>x</p>' } },
    'just a string',
    null,
  ],
});

/** Behaviour per fault path; the key names the case in test output. */
export const FAULT_HANDLERS: Record<string, Handler> = {
  '/status/500': (_req, res) => send(res, 500, 'boom', { 'content-type': 'text/plain' }),
  '/status/503': (_req, res) => send(res, 503, 'later', { 'content-type': 'text/plain', 'retry-after': '120' }),
  '/status/429': (_req, res) => send(res, 429, 'slow down', { 'content-type': 'text/plain', 'retry-after': '30' }),
  '/status/404': (_req, res) => send(res, 404, 'nope', { 'content-type': 'text/plain' }),
  '/status/410': (_req, res) => send(res, 410, 'gone', { 'content-type': 'text/plain' }),
  '/reset': (req) => (req.socket as Socket).resetAndDestroy(),
  '/hang': () => {
    // Accept and never answer; close() tears the socket down.
  },
  '/trickle': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const body = rssDocument('Trickle', [{ guid: 'trickle-1', title: 'Slow', description: 'Arrives a byte a second.' }]);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= body.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body[at++] ?? '');
    }, 1000);
    res.once('close', () => clearInterval(timer));
  },
  '/huge': (_req, res) => {
    // 50 MB, chunked (no Content-Length), so only the streaming cap can stop it.
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = 50 * ONE_MB;
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  },
  '/gzip-bomb': (_req, res) => send(res, 200, gzipBombBody(), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }),
  '/redirect-loop': (req, res) => send(res, 302, '', { location: req.url?.includes('?b') ? '/redirect-loop?a' : '/redirect-loop?b' }),
  '/redirect-private': (_req, res) => send(res, 302, '', { location: 'http://10.0.0.1/feed.xml' }),
  // Redirects to the URL in the query string (tests pick private targets).
  '/redirect-to': (req, res) => send(res, 302, '', { location: decodeURIComponent((req.url ?? '').split('?')[1] ?? '/') }),
  '/wrong-content-type': (_req, res) =>
    send(res, 200, rssDocument('Wrong type', [{ guid: 'wct-1', title: 'Served as an image', description: 'The body is a good RSS document despite its header.' }]), { 'content-type': 'image/png' }),
  '/wrong-charset': (_req, res) =>
    send(res, 200, Buffer.from(rssDocument('Wrong charset', [{ guid: 'wcs-1', title: 'Zürich and Kraków', description: 'Café owners in Zürich met counterparts from Kraków.' }]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'utf8'), {
      'content-type': 'application/rss+xml; charset=iso-8859-1',
    }),
  '/truncated': (_req, res) => {
    const full = rssDocument('Truncated', [
      { guid: 'trunc-1', title: 'First complete item', description: 'This item arrived in full before the cut.' },
      { guid: 'trunc-2', title: 'Second item', description: 'This one is cut in the middle of its description and never ends' },
    ]);
    send(res, 200, full.slice(0, full.indexOf('never ends')), { 'content-type': 'application/rss+xml' });
  },
  '/billion-laughs': (_req, res) => send(res, 200, BILLION_LAUGHS, { 'content-type': 'application/rss+xml' }),
  '/deep': (_req, res) => send(res, 200, deeplyNested(200_000), { 'content-type': 'application/rss+xml' }),
  '/json-wrong-types': (_req, res) => send(res, 200, WRONG_TYPES_JSON, { 'content-type': 'application/feed+json' }),
};

interface FeedRoute {
  title: string;
  items: () => ServedItem[];
}

/** Starts the fault server on 127.0.0.1 (port 0). */
export async function startFaultServer(): Promise<FaultServer> {
  const feeds = new Map<string, FeedRoute>();
  const served = new Map<string, Set<string>>();
  const hitCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const self = { url: '' };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    const feed = feeds.get(path);
    if (feed !== undefined) {
      const items = feed.items();
      const body = rssDocument(feed.title, items);
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      // Counted once the response is fully handed to the kernel, not merely started.
      res.once('finish', () => {
        let set = served.get(path);
        if (set === undefined) served.set(path, (set = new Set()));
        for (const item of items) set.add(item.guid);
      });
      send(res, 200, body, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
      return;
    }
    const handler = FAULT_HANDLERS[path];
    if (handler === undefined) send(res, 404, 'unknown path', { 'content-type': 'text/plain' });
    else handler(req, res, self);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url: self.url,
    setFeed: (path, title, items) => {
      feeds.set(path, { title, items });
    },
    served: (path) => served.get(path) ?? new Set(),
    servedAll: () => served,
    hits: (path) => hitCounts.get(path) ?? 0,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
