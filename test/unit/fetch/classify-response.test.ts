import { describe, expect, it } from 'vitest';
import { classifyNetworkError, classifyStatus, parseRetryAfter } from '../../../src/fetch/classify-response.ts';

function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('classifyStatus', () => {
  it.each([
    [200, null], [203, null], [204, null], [299, null], [304, null],
    [404, 'not_found'], [410, 'gone'], [429, 'rate_limited'],
    [400, 'http_4xx'], [401, 'http_4xx'], [403, 'http_4xx'], [451, 'http_4xx'], [499, 'http_4xx'],
    [500, 'http_5xx'], [502, 'http_5xx'], [503, 'http_5xx'], [599, 'http_5xx'],
    [100, 'protocol'], [300, 'protocol'], [301, 'protocol'], [305, 'protocol'], [0, 'protocol'], [600, 'protocol'], [999, 'protocol'],
  ] as const)('%i → %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe('classifyNetworkError', () => {
  it.each([
    { name: 'ENOTFOUND', err: nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND feeds.invalid', { hostname: 'feeds.invalid' }), kind: 'dns', message: /DNS lookup failed for feeds\.invalid: getaddrinfo ENOTFOUND/ },
    { name: 'EAI_AGAIN', err: nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x'), kind: 'dns', message: /DNS/ },
    { name: 'ECONNREFUSED', err: nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), kind: 'connection', message: /^connection failed: connect ECONNREFUSED 127\.0\.0\.1:1$/ },
    { name: 'ECONNRESET', err: nodeError('ECONNRESET', 'socket hang up'), kind: 'connection', message: /socket hang up \(ECONNRESET\)/ },
    { name: 'EHOSTUNREACH', err: nodeError('EHOSTUNREACH', 'connect EHOSTUNREACH'), kind: 'connection', message: /EHOSTUNREACH/ },
    { name: 'ETIMEDOUT', err: nodeError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'), kind: 'timeout', message: /^timed out/ },
    { name: 'CERT_HAS_EXPIRED', err: nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), kind: 'tls', message: /^TLS failed: certificate has expired \(CERT_HAS_EXPIRED\)$/ },
    { name: 'self-signed', err: nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), kind: 'tls', message: /self-signed/ },
    { name: 'altname', err: nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), kind: 'tls', message: /altnames/ },
    { name: 'ERR_SSL_*', err: nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), kind: 'tls', message: /wrong version/ },
    { name: 'EPROTO with SSL text', err: nodeError('EPROTO', 'write EPROTO SSL routines:ssl3_get_record'), kind: 'tls', message: /SSL routines/ },
    { name: 'EPROTO otherwise', err: nodeError('EPROTO', 'protocol error'), kind: 'protocol', message: /protocol error/ },
    { name: 'HTTP parser error', err: nodeError('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'), kind: 'protocol', message: /Parse Error/ },
    { name: 'gzip corruption', err: nodeError('Z_DATA_ERROR', 'incorrect header check'), kind: 'protocol', message: /incorrect header check/ },
    { name: 'brotli corruption', err: nodeError('ERR__ERROR_FORMAT_PADDING_1', 'Decompression failed'), kind: 'protocol', message: /Decompression failed/ },
    { name: 'invalid URL', err: nodeError('ERR_INVALID_URL', 'Invalid URL'), kind: 'bad_url', message: /^bad URL/ },
    { name: 'unknown code', err: nodeError('EWHATEVER', 'odd'), kind: 'connection', message: /odd \(EWHATEVER\)/ },
    {
      name: 'AggregateError from happy eyeballs',
      err: Object.assign(new AggregateError([nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:80'), nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:80')], ''), {}),
      kind: 'connection',
      message: /ECONNREFUSED ::1:80; connect ECONNREFUSED 127\.0\.0\.1:80/,
    },
    { name: 'code in cause', err: new Error('fetch failed', { cause: nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND x') }), kind: 'dns', message: /fetch failed/ },
    { name: 'plain Error', err: new Error('boom'), kind: 'connection', message: /^connection failed: boom$/ },
    { name: 'string', err: 'weird', kind: 'connection', message: /weird/ },
    { name: 'null', err: null, kind: 'connection', message: /null/ },
    { name: 'empty object', err: {}, kind: 'connection', message: /no details/ },
  ])('$name → $kind', ({ err, kind, message }) => {
    const result = classifyNetworkError(err);
    expect(result.errorKind).toBe(kind);
    expect(result.message).toMatch(message);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-10-15T12:00:00Z');
  it.each([
    { value: '120', expected: 120 },
    { value: ' 0 ', expected: 0 },
    { value: '99999999999999999999', expected: null },
    { value: 'Tue, 15 Oct 2024 12:02:00 GMT', expected: 120 },
    { value: 'Tue, 15 Oct 2024 12:00:00 GMT', expected: 0 },
    { value: 'Tue, 15 Oct 2024 11:00:00 GMT', expected: 0 },
    { value: 'Tuesday, 15-Oct-24 12:01:00 GMT', expected: 60 },
    { value: 'Tue Oct 15 12:00:30 2024', expected: 30 },
    { value: 'Tue, 15 Oct 2024 12:00:00.500 GMT', expected: null },
    { value: '-5', expected: null },
    { value: '1.5', expected: null },
    { value: '5 minutes', expected: null },
    { value: 'soon', expected: null },
    { value: '', expected: null },
    { value: null, expected: null },
    { value: undefined, expected: null },
  ])('$value → $expected', ({ value, expected }) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
