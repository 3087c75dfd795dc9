import { describe, it, expect } from 'vitest';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { checkLiteralHost, createGuardedLookup, PRIVATE_ADDRESS_CODE } from '../../../src/security/network-guard.ts';
import { buildFetchSettings } from '../../../src/app/fetch-settings.ts';
import { settingsSchema } from '../../../src/config/index.ts';

/** A resolver answering from a table, always in the `all: true` shape the guard asks for. */
function fakeResolver(table: Record<string, LookupAddress[]>): LookupFunction {
  return (hostname, _options, callback) => {
    const entries = table[hostname];
    if (entries === undefined) callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), [], 0);
    else callback(null, entries);
  };
}

interface LookupResult {
  err: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
}

function lookupOnce(lookup: LookupFunction, hostname: string, all: boolean): Promise<LookupResult> {
  return new Promise((resolve) => lookup(hostname, { all }, (err, address, family) => resolve({ err, address, family })));
}

const TABLE: Record<string, LookupAddress[]> = {
  'public.test': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }],
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.test': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }],
  'mapped.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
};

describe('createGuardedLookup', () => {
  const lookup = createGuardedLookup(fakeResolver(TABLE));

  it('passes public addresses through in the shape asked for (all: true for happy eyeballs)', async () => {
    const all = await lookupOnce(lookup, 'public.test', true);
    expect(all.err).toBeNull();
    expect(all.address).toEqual(TABLE['public.test']);
    const one = await lookupOnce(lookup, 'public.test', false);
    expect(one).toMatchObject({ err: null, address: '93.184.216.34', family: 4 });
  });

  it.each([
    ['loopback.test', '127.0.0.1', 'loopback'],
    ['mixed.test', '10.0.0.7', 'private'],
    ['mapped.test', '::ffff:127.0.0.1', 'loopback'],
    ['metadata.test', '169.254.169.254', 'link-local'],
  ])('refuses %s (%s, %s) whatever the options', async (host, address, kind) => {
    for (const all of [true, false]) {
      const result = await lookupOnce(lookup, host, all);
      expect(result.err?.code).toBe(PRIVATE_ADDRESS_CODE);
      expect(result.err?.message).toContain(address);
      expect(result.err?.message).toContain(kind);
      expect(result.err?.message).toContain('allowPrivateNetworks');
    }
  });

  it('passes resolver errors on unchanged', async () => {
    const result = await lookupOnce(lookup, 'nowhere.test', true);
    expect(result.err?.code).toBe('ENOTFOUND');
  });
});

describe('checkLiteralHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['[::1]', true],
    ['[::ffff:7f00:1]', true],
    ['0.0.0.0', true],
    ['[::]', true],
    ['10.1.2.3', true],
    ['8.8.8.8', false],
    ['[2606:4700:4700::1111]', false],
    ['example.org', false],
  ])('%s refused: %s', (host, refused) => {
    const reason = checkLiteralHost(host);
    if (refused) expect(reason).toMatch(/^refused: .* address \(private networks are not allowed/);
    else expect(reason).toBeNull();
  });

  it('sees through the URL parser normalising odd IPv4 spellings', () => {
    for (const raw of ['http://0x7f.1/', 'http://2130706433/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/']) {
      expect(checkLiteralHost(new URL(raw).hostname)).not.toBeNull();
    }
  });
});

describe('buildFetchSettings', () => {
  it('adds the guard unless allowPrivateNetworks', () => {
    const guarded = buildFetchSettings(settingsSchema.parse({}));
    expect(guarded.lookup).toBeTypeOf('function');
    expect(guarded.checkHost).toBeTypeOf('function');
    const open = buildFetchSettings(settingsSchema.parse({ fetch: { allowPrivateNetworks: true } }));
    expect(open.lookup).toBeUndefined();
    expect(open.checkHost).toBeUndefined();
    expect(open).toMatchObject({ connectTimeoutMs: 10_000, maxRedirects: 5 });
  });
});
