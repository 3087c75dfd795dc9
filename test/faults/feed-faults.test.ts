import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/app/service.ts';
import { readFeedStatuses } from '../../src/app/status.ts';
import { fetchFeed } from '../../src/fetch/http-fetcher.ts';
import { buildFetchSettings } from '../../src/app/fetch-settings.ts';
import { createGuardedLookup } from '../../src/security/network-guard.ts';
import { settingsSchema } from '../../src/config/index.ts';
import { recordIdFor } from '../../src/fetch/index.ts';
import type { LookupFunction } from 'node:net';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { startFaultServer, type FaultServer, type ServedItem } from './helpers/fault-server.ts';
import { pollNow, readNdjsonRecords, readStreamIds, waitForDrain } from '../helpers/sink-records.ts';

// Without --expose-gc: enable it at run time and fetch gc() from a fresh context.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const TOTAL_TIMEOUT_MS = 3_000;

/** What a fault must end in: a per-feed error of this kind whose message matches, or records with these guids. */
type Expectation = { error: RegExp; message: RegExp } | { guids: string[] } | { count: number };

const CASES: Record<string, Expectation> = {
  '/status/500': { error: /^http_5xx$/, message: /HTTP 500/ },
  '/status/503': { error: /^http_5xx$/, message: /HTTP 503/ },
  '/status/429': { error: /^rate_limited$/, message: /HTTP 429/ },
  '/status/404': { error: /^not_found$/, message: /HTTP 404/ },
  '/status/410': { error: /^gone$/, message: /HTTP 410/ },
  '/reset': { error: /^connection$/, message: /ECONNRESET|socket hang up|closed/i },
  '/hang': { error: /^timeout$/, message: /timeout/ },
  '/trickle': { error: /^timeout$/, message: /timeout/ },
  '/huge': { error: /^too_large$/, message: /exceeds \d+ bytes/ },
  '/gzip-bomb': { error: /^too_large$/, message: /after decompression/ },
  '/redirect-loop': { error: /^too_many_redirects$/, message: /more than \d+ redirects/ },
  '/wrong-content-type': { guids: ['wct-1'] },
  '/wrong-charset': { guids: ['wcs-1'] },
  // Lenient recovery keeps what arrived, the cut item with its partial text.
  '/truncated': { guids: ['trunc-1', 'trunc-2'] },
  // sax expands one level of internal entities only: the item survives with literal "&lol8;" text, bounded.
  '/billion-laughs': { guids: ['laugh-1'] },
  // Parsed, no items: nothing to record, nothing fails.
  '/deep': { count: 0 },
  // Wrong-typed fields are dropped or coerced (id 7 becomes "7"); the two object-shaped items are recovered, the junk skipped.
  '/json-wrong-types': { count: 2 },
};

function feedIdFor(path: string): string {
  return `fault${path.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

const HEALTHY: ServedItem[] = [
  { guid: 'ok-1', title: 'Ceasefire talks resume in Geneva', description: 'Delegations from both sides met in Geneva on Tuesday for a new round of talks.' },
  { guid: 'ok-2', title: 'Grain exports climb', description: 'Grain shipments from Black Sea ports rose for the third month in a row, officials said.' },
  { guid: 'ok-3', title: 'Parliament passes budget', description: 'Lawmakers approved the budget after a late-night session that ran past midnight.' },
];

describe('hostile feeds through the real service', () => {
  let server: FaultServer;
  let context: TestContext;
  let service: RunningService;

  beforeAll(async () => {
    server = await startFaultServer();
    server.setFeed('/healthy.xml', 'Healthy', () => HEALTHY);
  });

  afterAll(async () => {
    await service?.close(2_000);
    await server?.close();
    await context?.cleanup();
  });

  it('every fault ends in a per-feed error with a reason (or a recovered parse), memory stays bounded, the healthy feed flows', async () => {
    const feeds = [
      feedConfig('healthy', `${server.url}/healthy.xml`),
      ...Object.keys(CASES).map((path) => feedConfig(feedIdFor(path), `${server.url}${path}`)),
    ];
    context = await createTestContext(feeds, {
      fetch: { allowPrivateNetworks: true, connectTimeoutMs: 1_000, totalTimeoutMs: TOTAL_TIMEOUT_MS, hostMinGapMs: 0, hostMaxConcurrent: 100 },
    });
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });

    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const startedAt = Date.now();
    try {
      await pollNow(context, feeds, 'faults');
      await waitFor('every poll done', async () => ((await context.queues.fetch.getJobCounts('completed')).completed ?? 0) >= feeds.length, 30_000, 100);
      await waitForDrain(context, 30_000);
    } finally {
      clearInterval(sampler);
    }
    const elapsedMs = Date.now() - startedAt;
    gc();
    const after = process.memoryUsage();
    const peakGrowthMb = (peakRss - before.rss) / 1024 / 1024;
    const heapGrowthMb = (after.heapUsed - before.heapUsed) / 1024 / 1024;
    console.log(`feed faults: ${feeds.length} feeds in ${elapsedMs} ms, peak RSS growth ${peakGrowthMb.toFixed(1)} MB, heap growth after GC ${heapGrowthMb.toFixed(1)} MB`);
    // Every case within its timeout (plus queue overhead), not one per case in sequence.
    expect(elapsedMs).toBeLessThan(TOTAL_TIMEOUT_MS + 10_000);
    // The 50 MB body and the 1 GB gzip bomb are cut at maxBodyBytes (10 MB).
    expect(peakGrowthMb).toBeLessThan(200);
    expect(heapGrowthMb).toBeLessThan(40);

    const statuses = new Map((await readFeedStatuses(context)).map((status) => [status.id, status]));
    const records = await readNdjsonRecords(context.dataDir);
    const problems: string[] = [];
    for (const [path, expectation] of Object.entries(CASES)) {
      const id = feedIdFor(path);
      const status = statuses.get(id);
      const mine = records.filter((record) => record.feed.id === id).map((record) => record.guid).sort();
      if ('error' in expectation) {
        const kind = status?.lastErrorKind ?? '';
        const message = status?.lastError ?? '';
        if (!expectation.error.test(kind) || !expectation.message.test(message) || mine.length > 0) {
          problems.push(`${path}: kind=${kind} message=${message.slice(0, 160)} records=${mine.length}`);
        }
      } else if ('count' in expectation) {
        if (mine.length !== expectation.count || status?.lastError) problems.push(`${path}: ${mine.length} records, want ${expectation.count} (error: ${status?.lastError ?? 'none'})`);
      } else if (JSON.stringify(mine) !== JSON.stringify([...expectation.guids].sort())) {
        problems.push(`${path}: records ${JSON.stringify(mine)}, want ${JSON.stringify(expectation.guids)} (error: ${status?.lastError ?? 'none'})`);
      }
    }
    expect(problems).toEqual([]);

    // Sinks: exactly the served (or recovered) items, each once, in both sinks.
    const expected = new Set<string>();
    for (const guid of server.served('/healthy.xml')) expected.add(recordIdFor('healthy', guid));
    for (const [path, expectation] of Object.entries(CASES)) {
      if ('guids' in expectation) for (const guid of expectation.guids) expected.add(recordIdFor(feedIdFor(path), guid));
      if ('count' in expectation) for (const record of records) if (record.feed.id === feedIdFor(path)) expected.add(record.id);
    }
    // Recovered text stays bounded: no entity expansion, no runaway titles.
    for (const record of records) expect(record.title.length + record.snippet.length).toBeLessThan(2_000);
    expect(server.served('/healthy.xml').size).toBe(HEALTHY.length);
    const ndjsonIds = records.map((record) => record.id);
    const streamIds = await readStreamIds(context);
    expect(new Set(ndjsonIds).size).toBe(ndjsonIds.length);
    expect(new Set(streamIds).size).toBe(streamIds.length);
    expect(new Set(ndjsonIds)).toEqual(expected);
    expect(new Set(streamIds)).toEqual(expected);
  });
});

describe('a redirect to a private address with the guard on', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The guard's lookup, except that the test host name reaches the loopback fault server (the allowed first hop). */
  function testLookup(attempts: string[]): LookupFunction {
    const guarded = createGuardedLookup((hostname, options, callback) => {
      attempts.push(hostname);
      if (hostname === 'internal.test') callback(null, [{ address: '10.0.0.1', family: 4 }]);
      else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), [], 0);
      void options;
    });
    return (hostname, options, callback) => {
      if (hostname === 'feeds.test') {
        attempts.push(hostname);
        if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
        else callback(null, '127.0.0.1', 4);
        return;
      }
      guarded(hostname, options, callback);
    };
  }

  it.each([
    ['an IP literal', 'http://10.0.0.1/feed.xml', /refused: 10\.0\.0\.1 is a private address/],
    ['a name resolving to one', 'http://internal.test/feed.xml', /refused: internal\.test resolves to 10\.0\.0\.1, a private address/],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/feed.xml', /refused: ::ffff:7f00:1 is a loopback address/],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/', /link-local address/],
  ])('is refused before any connection to it: %s', async (_label, target, reason) => {
    const attempts: string[] = [];
    const guard = buildFetchSettings(settingsSchema.parse({ fetch: { connectTimeoutMs: 1_000, totalTimeoutMs: 3_000 } }));
    const port = new URL(server.url).port;
    const before = server.hits('/redirect-to');
    const outcome = await fetchFeed({ ...guard, url: `http://feeds.test:${port}/redirect-to?${encodeURIComponent(target)}`, lookup: testLookup(attempts) });
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.errorKind).toBe('bad_url');
    expect(outcome.message).toMatch(reason);
    expect(outcome.message).toContain('allowPrivateNetworks');
    // The first hop went through; the private target was never connected to (its refusal is immediate).
    expect(attempts[0]).toBe('feeds.test');
    expect(server.hits('/redirect-to')).toBe(before + 1);
    expect(outcome.durationMs).toBeLessThan(1_000);
  });

  it('and the guard refuses the loopback fixture itself as a first hop', async () => {
    const guard = buildFetchSettings(settingsSchema.parse({ fetch: { connectTimeoutMs: 1_000, totalTimeoutMs: 3_000 } }));
    const outcome = await fetchFeed({ ...guard, url: `${server.url}/redirect-private` });
    expect(outcome).toMatchObject({ kind: 'error', errorKind: 'bad_url' });
    expect(server.hits('/redirect-private')).toBe(0);
  });
});
