import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../errors.ts';

/** The http settings auth depends on (a subset of Settings['http']). */
export interface HttpAuthSettings {
  host: string;
  token: string | null;
  basicAuth: { user: string; password: string } | null;
}

/** Paths probes reach without credentials. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return /^::ffff:127\./.test(bare);
}

export function hasCredentials(settings: HttpAuthSettings): boolean {
  return settings.token !== null || settings.basicAuth !== null;
}

/** Refuses (ConfigError, exit 2) to serve beyond loopback without a token or basic auth configured. */
export function assertHttpExposureAllowed(settings: HttpAuthSettings): void {
  if (isLoopbackHost(settings.host) || hasCredentials(settings)) return;
  throw new ConfigError(
    `invalid configuration\n  http.host: ${settings.host} is not a loopback address; set http.token (SITREP_HTTP_TOKEN) or http.basicAuth `
    + '(SITREP_HTTP_USER/SITREP_HTTP_PASSWORD) to serve beyond 127.0.0.1',
  );
}

// Digests first: timingSafeEqual needs equal lengths, and the digest hides the secret's length.
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/** Whether an Authorization header carries the configured token or basic credentials. */
export function isAuthorized(header: string | undefined, settings: HttpAuthSettings): boolean {
  if (!header) return false;
  const bearer = BEARER.exec(header);
  if (bearer && settings.token !== null) return sameSecret(bearer[1]!, settings.token);
  const basic = BASIC.exec(header);
  if (basic && settings.basicAuth !== null) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Both compared every time so a wrong user takes as long as a wrong password.
    const userOk = sameSecret(decoded.slice(0, colon), settings.basicAuth.user);
    const passwordOk = sameSecret(decoded.slice(colon + 1), settings.basicAuth.password);
    return userOk && passwordOk;
  }
  return false;
}

/** onRequest hook: when credentials are configured, everything but PUBLIC_PATHS needs them (401 otherwise). */
export function createAuthHook(settings: HttpAuthSettings): ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | null {
  if (!hasCredentials(settings)) return null;
  const challenge = settings.basicAuth !== null ? 'Basic realm="sitrep", charset="UTF-8"' : 'Bearer realm="sitrep"';
  return async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/';
    if (PUBLIC_PATHS.has(path)) return;
    if (isAuthorized(request.headers.authorization, settings)) return;
    await reply.code(401).header('www-authenticate', challenge).send({ error: 'unauthorized' });
  };
}
