import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

// The page loads only its own script and style and talks only to this server.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const ASSETS: Array<{ path: string; file: string; type: string }> = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { path: '/style.css', file: 'style.css', type: 'text/css; charset=utf-8' },
];

/** The dashboard page: static files from src/web, read once when the server starts. */
export function registerWebRoutes(app: FastifyInstance): void {
  const dir = new URL('../../web/', import.meta.url);
  for (const asset of ASSETS) {
    const body = readFileSync(new URL(asset.file, dir));
    app.get(asset.path, async (_request, reply) => reply.headers({ ...PAGE_HEADERS, 'content-type': asset.type }).send(body));
  }
}
