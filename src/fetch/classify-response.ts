/** Why a fetch failed, coarse enough for feed health and retry policy. */
export type FetchErrorKind =
  | 'not_found'
  | 'gone'
  | 'http_4xx'
  | 'http_5xx'
  | 'rate_limited'
  | 'timeout'
  | 'dns'
  | 'connection'
  | 'tls'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_url'
  | 'protocol';

export interface ClassifiedError {
  errorKind: FetchErrorKind;
  message: string;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN',
  'ENETRESET', 'EADDRNOTAVAIL', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// ERR_PRIVATE_ADDRESS: the SSRF guard's lookup refused the resolved address (src/security/network-guard.ts).
const BAD_URL_CODES = new Set(['ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL', 'ERR_UNESCAPED_CHARACTERS', 'ERR_PRIVATE_ADDRESS']);
// CERT_HAS_EXPIRED, CERT_NOT_YET_VALID, ERR_TLS_*, ERR_SSL_* ...
const TLS_CODE_PREFIX = /^(?:CERT_|ERR_TLS_|ERR_SSL_|SSL_)/;
// zlib (Z_DATA_ERROR, Z_BUF_ERROR) and brotli (ERR__ERROR_FORMAT_*) decoding failures, HTTP parser errors (HPE_*).
const PROTOCOL_CODE_PREFIX = /^(?:Z_|ERR__ERROR_|ERR_BROTLI|HPE_)/;
const TLS_MESSAGE = /\b(?:ssl|tls|certificate)\b/i;
const HAS_ZONE = /(?:GMT|UTC|UT|Z|[+-]\d{4})$/;

const DELTA_SECONDS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime shapes; Date.parse alone accepts far too much ("5", "-1").
const HTTP_DATE =
  /^(?:[A-Za-z]{3,9},?\s+\d{1,2}[\s-][A-Za-z]{3}[\s-]\d{2,4}\s+\d{1,2}:\d{2}:\d{2}(?:\s*(?:GMT|UTC|UT|Z|[+-]\d{4}))?|[A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4})$/;

/** Maps an HTTP status to an error kind; null for 2xx and 304 (not errors). */
export function classifyStatus(status: number): FetchErrorKind | null {
  if ((status >= 200 && status < 300) || status === 304) return null;
  if (status === 404) return 'not_found';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'http_4xx';
  if (status >= 500 && status < 600) return 'http_5xx';
  // 1xx, unfollowed 3xx, out-of-range codes: the exchange itself is broken.
  return 'protocol';
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  errors?: unknown;
  cause?: unknown;
}

function asErrorLike(err: unknown): ErrorLike | null {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : null;
}

/** Finds the error code, looking into AggregateError (happy eyeballs) and `cause` one level down. */
function findCode(err: ErrorLike): string | null {
  if (typeof err.code === 'string' && err.code !== '') return err.code;
  if (Array.isArray(err.errors)) {
    for (const inner of err.errors) {
      const code = asErrorLike(inner)?.code;
      if (typeof code === 'string' && code !== '') return code;
    }
  }
  const causeCode = asErrorLike(err.cause)?.code;
  return typeof causeCode === 'string' && causeCode !== '' ? causeCode : null;
}

function findMessage(err: ErrorLike): string {
  if (typeof err.message === 'string' && err.message !== '') return err.message;
  if (Array.isArray(err.errors)) {
    const parts: string[] = [];
    for (const inner of err.errors) {
      const message = asErrorLike(inner)?.message;
      if (typeof message === 'string' && message !== '') parts.push(message);
    }
    if (parts.length > 0) return parts.join('; ');
  }
  const causeMessage = asErrorLike(err.cause)?.message;
  return typeof causeMessage === 'string' ? causeMessage : '';
}

function kindForCode(code: string, message: string): FetchErrorKind {
  if (DNS_CODES.has(code)) return 'dns';
  if (CONNECTION_CODES.has(code)) return 'connection';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (TLS_CODES.has(code) || TLS_CODE_PREFIX.test(code)) return 'tls';
  if (BAD_URL_CODES.has(code)) return 'bad_url';
  if (PROTOCOL_CODE_PREFIX.test(code)) return 'protocol';
  if (code === 'EPROTO') return TLS_MESSAGE.test(message) ? 'tls' : 'protocol';
  return 'connection';
}

const KIND_LABEL: Record<FetchErrorKind, string> = {
  not_found: 'not found',
  gone: 'gone',
  http_4xx: 'client error',
  http_5xx: 'server error',
  rate_limited: 'rate limited',
  timeout: 'timed out',
  dns: 'DNS lookup failed',
  connection: 'connection failed',
  tls: 'TLS failed',
  too_large: 'body too large',
  too_many_redirects: 'too many redirects',
  bad_url: 'bad URL',
  protocol: 'protocol error',
};

/** Maps a Node network error (ENOTFOUND, ECONNREFUSED, CERT_*, ERR_TLS_*, Z_* ...) to an error kind and a message. */
export function classifyNetworkError(err: unknown): ClassifiedError {
  const like = asErrorLike(err);
  if (like === null) {
    return { errorKind: 'connection', message: `connection failed: ${String(err)}` };
  }
  const code = findCode(like);
  const rawMessage = findMessage(like);
  const errorKind = code === null ? (TLS_MESSAGE.test(rawMessage) ? 'tls' : 'connection') : kindForCode(code, rawMessage);
  const host = typeof like.hostname === 'string' && errorKind === 'dns' ? ` for ${like.hostname}` : '';
  const detail = rawMessage !== '' ? rawMessage : 'no details';
  const codePart = code !== null && !detail.includes(code) ? ` (${code})` : '';
  return { errorKind, message: `${KIND_LABEL[errorKind]}${host}: ${detail}${codePart}` };
}

/** Parses Retry-After (delta-seconds or HTTP-date) into whole seconds from nowMs; null when absent or malformed. */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 64) return null;
  if (DELTA_SECONDS.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds) ? seconds : null;
  }
  if (!HTTP_DATE.test(trimmed)) return null;
  // HTTP dates are always GMT; without a zone V8 would read them as local time.
  const dateMs = Date.parse(HAS_ZONE.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}
