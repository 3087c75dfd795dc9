import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startService, type RunningService } from '../../src/app/service.ts';
import { readFeedStatuses } from '../../src/app/status.ts';
import { fetchFeed } from '../../src/fetch/http-fetcher.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { JAVASCRIPT_URL, TAG_START, XSS_PAYLOADS } from '../unit/security/xss-payloads.ts';
import { startFaultServer, type FaultServer } from './helpers/fault-server.ts';
import { pollNow, readNdjsonRecords, readStreamIds, waitForDrain } from '../helpers/sink-records.ts';

const FAST_FETCH = { connectTimeoutMs: 1_000, totalTimeoutMs: 2_000, hostMinGapMs: 0, hostMaxConcurrent: 50 };

describe('security through the real service', () => {
  let server: FaultServer | undefined;
  let context: TestContext | undefined;
  let service: RunningService | undefined;

  afterEach(async () => {
    await service?.close(2_000);
    service = undefined;
    await server?.close();
    server = undefined;
    await context?.cleanup();
    context = undefined;
  });

  async function runOnce(allowPrivateNetworks: boolean, feeds: ReturnType<typeof feedConfig>[], logSink?: string[]): Promise<TestContext> {
    context = await createTestContext(feeds, { fetch: { allowPrivateNetworks, ...FAST_FETCH } });
    if (logSink !== undefined) {
      const capture = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logSink.push(chunk.toString('utf8'));
          done();
        },
      });
      context.logger = pino({ level: 'debug' }, capture);
    }
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await pollNow(context, feeds, 'sec');
    await waitFor('polls done', async () => ((await context!.queues.fetch.getJobCounts('completed')).completed ?? 0) >= feeds.length, 20_000, 50);
    await waitForDrain(context, 20_000);
    return context;
  }

  it.each([
    [false, 'refused'],
    [true, 'allowed'],
  ])('a feed on 127.0.0.1 with allowPrivateNetworks %s is %s', async (allow, verdict) => {
    server = await startFaultServer();
    server.setFeed('/local.xml', 'Local', () => [{ guid: 'l1', title: 'Local item', description: 'A feed served from loopback.' }]);
    const port = new URL(server.url).port;
    const feeds = [feedConfig('literal', `${server.url}/local.xml`), feedConfig('by-name', `http://localhost:${port}/local.xml`)];
    const ctx = await runOnce(allow, feeds);
    const statuses = new Map((await readFeedStatuses(ctx)).map((status) => [status.id, status]));
    const records = await readNdjsonRecords(ctx.dataDir);
    if (verdict === 'refused') {
      expect(server.hits('/local.xml')).toBe(0);
      expect(records).toEqual([]);
      expect(statuses.get('literal')?.lastError).toMatch(/refused: 127\.0\.0\.1 is a loopback address .*allowPrivateNetworks/);
      expect(statuses.get('by-name')?.lastError).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      expect(statuses.get('literal')?.lastErrorKind).toBe('bad_url');
    } else {
      expect(records.map((record) => record.feed.id).sort()).toEqual(['by-name', 'literal']);
      expect(statuses.get('literal')?.lastError ?? null).toBeNull();
    }
  });

  it('credentials in feed URLs never reach log lines or feed state', async () => {
    server = await startFaultServer();
    const secret = 's3cr3t-Pa55';
    const port = new URL(server.url).port;
    const feeds = [
      feedConfig('cred-404', `http://alice:${secret}@127.0.0.1:${port}/status/404`),
      feedConfig('cred-hang', `http://alice:${secret}@127.0.0.1:${port}/hang`),
      feedConfig('cred-loop', `http://alice:${secret}@127.0.0.1:${port}/redirect-to?${encodeURIComponent(`http://bob:${secret}@127.0.0.1:${port}/redirect-loop`)}`),
      feedConfig('cred-bad-redirect', `http://alice:${secret}@127.0.0.1:${port}/redirect-to?${encodeURIComponent(`ftp://bob:${secret}@127.0.0.1/feed`)}`),
    ];
    const lines: string[] = [];
    const ctx = await runOnce(true, feeds, lines);
    const statuses = await readFeedStatuses(ctx);
    expect(statuses.filter((status) => status.lastError).length).toBe(feeds.length);
    const text = lines.join('') + JSON.stringify(statuses.map((status) => status.lastError));
    expect(lines.some((line) => line.includes('feed poll failed'))).toBe(true);
    expect(text).toContain('redirect target');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('alice:');
  });

  it('XSS payloads in titles and descriptions come out as plain text in both sinks', async () => {
    server = await startFaultServer();
    server.setFeed('/xss.xml', 'XSS', () =>
      XSS_PAYLOADS.map((payload, index) => ({ guid: `x${index}`, title: `Title ${index} ${payload}`, description: `Story ${index}. ${payload} Closing sentence ${index}.` })),
    );
    const ctx = await runOnce(true, [feedConfig('xss', `${server.url}/xss.xml`)]);
    const records = await readNdjsonRecords(ctx.dataDir);
    expect(records.length).toBe(XSS_PAYLOADS.length);
    expect(new Set(await readStreamIds(ctx))).toEqual(new Set(records.map((record) => record.id)));
    for (const record of records) {
      for (const text of [record.title, record.snippet]) {
        expect(text).not.toMatch(TAG_START);
        expect(text).not.toMatch(JAVASCRIPT_URL);
      }
      expect(record.url ?? '').not.toMatch(JAVASCRIPT_URL);
    }
  });
});

describe('schemes', () => {
  it.each(['file:///etc/passwd', 'ftp://example.org/feed.xml', 'data:text/xml,<rss/>', 'javascript:alert(1)', 'gopher://example.org/'])(
    '%s is refused with a clear reason and no I/O',
    async (url) => {
      const outcome = await fetchFeed({ url, connectTimeoutMs: 500, totalTimeoutMs: 1_000, maxBodyBytes: 1_000, maxRedirects: 2, userAgent: 'test' });
      expect(outcome).toMatchObject({ kind: 'error', errorKind: 'bad_url' });
      if (outcome.kind === 'error') expect(outcome.message).toMatch(/unsupported scheme ".+:" \(only http and https\)/);
    },
  );
});
