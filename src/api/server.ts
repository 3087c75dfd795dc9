import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SitrepContext } from '../app/context.ts';
import { readFeedStatuses } from '../app/status.ts';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  /** Reports whether this process's workers are running (for /readyz). */
  workersRunning: () => boolean;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Health and feed-state endpoints; loopback by default. */
export async function startApiServer(context: SitrepContext, options: ApiServerOptions): Promise<ApiServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
      switch (url.pathname) {
        case '/healthz':
          return sendJson(res, 200, { status: 'ok' });
        case '/readyz': {
          const redisOk = await context.redis.ping().then((pong) => pong === 'PONG', () => false);
          const workers = options.workersRunning();
          const ready = redisOk && workers;
          return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', redis: redisOk, workers });
        }
        case '/api/feeds':
          return sendJson(res, 200, { feeds: await readFeedStatuses(context) });
        default:
          return sendJson(res, 404, { error: 'not found' });
      }
    };
    handle().catch((err) => sendJson(res, 500, { error: (err as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
