import { describe, expect, it } from 'vitest';
import { assertHttpExposureAllowed, isAuthorized, isLoopbackHost } from '../../../src/api/auth.ts';
import { ConfigError } from '../../../src/errors.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['[::1]', true], ['localhost', true], ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.5', false], ['192.168.1.1', false], ['example.org', false], ['128.0.0.1', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('assertHttpExposureAllowed', () => {
  it('refuses a public bind without credentials, naming http.host', () => {
    expect(() => assertHttpExposureAllowed({ host: '0.0.0.0', token: null, basicAuth: null })).toThrow(ConfigError);
    expect(() => assertHttpExposureAllowed({ host: '0.0.0.0', token: null, basicAuth: null })).toThrow(/http\.host/);
  });
  it.each([
    { host: '127.0.0.1', token: null, basicAuth: null },
    { host: '0.0.0.0', token: 'x'.repeat(16), basicAuth: null },
    { host: '0.0.0.0', token: null, basicAuth: { user: 'u', password: 'p'.repeat(8) } },
  ])('allows %o', (settings) => {
    expect(() => assertHttpExposureAllowed(settings)).not.toThrow();
  });
});

describe('isAuthorized', () => {
  const settings = { host: '0.0.0.0', token: 'secret-token-0123456789', basicAuth: { user: 'ops', password: 'pass:word!' } };
  it.each([
    [undefined, false],
    ['', false],
    ['Bearer secret-token-0123456789', true],
    ['bearer secret-token-0123456789', true],
    ['Bearer secret-token-012345678', false],
    ['Bearer secret-token-0123456789 extra', false],
    [basic('ops', 'pass:word!'), true],
    [basic('ops', 'pass:word'), false],
    [basic('Ops', 'pass:word!'), false],
    ['Basic not-base64!!', false],
    [`Basic ${Buffer.from('nocolon').toString('base64')}`, false],
    ['Token secret-token-0123456789', false],
  ])('%s -> %s', (header, expected) => {
    expect(isAuthorized(header, settings)).toBe(expected);
  });
  it('rejects a kind of credential that is not configured', () => {
    expect(isAuthorized(basic('ops', 'pass:word!'), { ...settings, basicAuth: null })).toBe(false);
    expect(isAuthorized('Bearer secret-token-0123456789', { ...settings, token: null })).toBe(false);
  });
});
