import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import { startApiServer, type ApiServer } from '../../src/api/server.ts';
import { ConfigError } from '../../src/errors.ts';
import type { SitrepRecord } from '../../src/model/index.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed } from '../helpers/feed-builders.ts';

const ITEMS = [
  { guid: 'a1', title: 'Engineers', description: 'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.' },
  { guid: 'a2', title: 'Brigade', description: 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within the 11th Separate Airborne Assault Brigade.' },
  { guid: 'a3', title: 'Visit', description: 'President Volodymyr Zelensky met officials in Kyiv on Tuesday to discuss air defence for Ukraine.' },
  { guid: 'a4', title: 'Markets', description: 'Grain prices rose sharply in Chicago trading as exporters weighed the weather outlook for the coming season.' },
];

interface RecordsBody { records: SitrepRecord[]; nextCursor: string | null }

async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() as T };
}

describe('HTTP API against a running pipeline', () => {
  let server: FixtureFeedServer | undefined;
  let context: TestContext | undefined;
  let service: RunningService | undefined;
  let api: ApiServer | undefined;

  afterEach(async () => {
    await api?.close();
    api = undefined;
    await service?.close(2_000);
    service = undefined;
    await server?.close();
    server = undefined;
    await context?.cleanup();
    context = undefined;
  });

  it('serves health, feeds, records, throughput, metrics, the queue dashboard and the page', async () => {
    server = await startFixtureFeedServer([
      { path: '/good.xml', body: rssFeed('Good Wire', ITEMS), contentType: 'application/rss+xml' },
      { path: '/broken.xml', body: 'upstream exploded', contentType: 'text/plain', status: 500 },
    ]);
    const feeds = [feedConfig('good-wire', `${server.url}/good.xml`), feedConfig('broken-wire', `${server.url}/broken.xml`)];
    context = await createTestContext(feeds, { http: { port: 0 } });
    const ctx = context;
    service = await startService(ctx, { queues: ['fetch', 'items'], scheduler: true, api: true });
    const base = service.api!.url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    await waitFor('all records in the stream', async () => (await ctx.redis.xlen(ctx.keys.recordStream())) >= ITEMS.length);
    await waitFor('broken feed recorded', async () => (await ctx.redis.hget(ctx.keys.feedState('broken-wire'), 'status')) === 'failing');

    expect((await getJson(`${base}/healthz`)).status).toBe(200);
    const ready = await getJson<{ redis: boolean; workers: boolean; scheduler: boolean }>(`${base}/readyz`);
    expect(ready).toMatchObject({ status: 200, body: { redis: true, workers: true, scheduler: true } });

    const feedsReply = await getJson<{ feeds: Array<Record<string, unknown>> }>(`${base}/api/feeds`);
    expect(feedsReply.status).toBe(200);
    const good = feedsReply.body.feeds.find((feed) => feed.id === 'good-wire')!;
    const broken = feedsReply.body.feeds.find((feed) => feed.id === 'broken-wire')!;
    expect(good).toMatchObject({ status: 'ok', itemCount: ITEMS.length, consecutiveFailures: 0 });
    expect(typeof good.firstPolledAt).toBe('string');
    // Under a day of history counts as one day: the average is the count so far.
    expect(good.avgItemsPerDay).toBe(ITEMS.length);
    expect(Date.parse(good.nextScheduledAt as string)).toBeGreaterThan(Date.now());
    expect(broken).toMatchObject({ status: 'failing', lastErrorKind: expect.any(String), lastError: expect.stringContaining('500') });
    expect(broken.consecutiveFailures).toBeGreaterThanOrEqual(1);

    const all = await getJson<RecordsBody>(`${base}/api/records`);
    expect(all.status).toBe(200);
    expect(all.body.records).toHaveLength(ITEMS.length);
    expect(all.body.nextCursor).toBeNull();
    // Newest first: the stream's last entry comes first.
    const newest = (await ctx.redis.xrevrange(ctx.keys.recordStream(), '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    const newestFields = newest[0]![1];
    expect(all.body.records[0]!.id).toBe(newestFields[newestFields.indexOf('id') + 1]);

    const ukraine = await getJson<RecordsBody>(`${base}/api/records?country=ua`);
    expect(ukraine.body.records.map((record) => record.title).sort()).toEqual(['Brigade', 'Engineers', 'Visit'].filter((title) =>
      all.body.records.find((record) => record.title === title)!.entities.countries.some((country) => country.iso2 === 'UA')).sort());
    expect(ukraine.body.records.length).toBeGreaterThanOrEqual(2);
    expect(ukraine.body.records.every((record) => record.entities.countries.some((country) => country.iso2 === 'UA'))).toBe(true);
    expect((await getJson<RecordsBody>(`${base}/api/records?country=KP`)).body.records.map((record) => record.title).sort()).toEqual(
      all.body.records.filter((record) => record.entities.countries.some((country) => country.iso2 === 'KP')).map((record) => record.title).sort());
    const person = await getJson<RecordsBody>(`${base}/api/records?person=zelensk`);
    expect(person.body.records.map((record) => record.title)).toEqual(['Visit']);
    const unitNames = all.body.records.flatMap((record) => record.entities.units.map((unit) => unit.name));
    if (unitNames.length > 0) {
      const unit = await getJson<RecordsBody>(`${base}/api/records?unit=${encodeURIComponent(unitNames[0]!.slice(0, 8).toUpperCase())}`);
      expect(unit.body.records.length).toBeGreaterThanOrEqual(1);
    }
    expect((await getJson<RecordsBody>(`${base}/api/records?feed=broken-wire`)).body.records).toEqual([]);
    expect((await getJson<RecordsBody>(`${base}/api/records?feed=good-wire`)).body.records).toHaveLength(ITEMS.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await getJson<RecordsBody>(`${base}/api/records?since=${future}`)).body.records).toEqual([]);
    expect((await getJson<RecordsBody>(`${base}/api/records?until=2000-01-01T00:00:00Z`)).body.records).toEqual([]);

    // Cursor pagination walks every record once, newest first.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: RecordsBody } = await getJson<RecordsBody>(`${base}/api/records?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.records.length).toBeLessThanOrEqual(3);
      paged.push(...page.body.records.map((record) => record.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null && paged.length < 20);
    expect(paged).toEqual(all.body.records.map((record) => record.id));

    for (const bad of ['limit=0', 'limit=201', 'country=Ukraine', 'cursor=abc', 'since=yesterday', 'feed=Bad%20Id']) {
      const reply = await getJson<{ error: string }>(`${base}/api/records?${bad}`);
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error).toMatch(/^(limit|country|cursor|since|feed):/);
    }

    const throughput = await waitFor('throughput flushed', async () => {
      const reply = await getJson<{ points: Array<{ at: string; count: number }> }>(`${base}/api/throughput`);
      const total = reply.body.points.reduce((sum, point) => sum + point.count, 0);
      return total >= ITEMS.length ? reply.body.points : undefined;
    }, 10_000);
    expect(throughput).toHaveLength(60);
    expect(Date.parse(throughput[59]!.at)).toBeLessThanOrEqual(Date.now());
    expect((await getJson(`${base}/api/throughput?minutes=999`)).status).toBe(400);

    const metricsResponse = await fetch(`${base}/metrics`);
    expect(metricsResponse.status).toBe(200);
    expect(metricsResponse.headers.get('content-type')).toContain('text/plain');
    const metrics = await metricsResponse.text();
    const expectMetric = (pattern: RegExp) => expect(metrics, String(pattern)).toMatch(pattern);
    expectMetric(/^sitrep_broken_feeds 1$/m);
    expectMetric(/^sitrep_queue_jobs\{queue="fetch",state="completed"\} [1-9]/m);
    expectMetric(/^sitrep_queue_jobs\{queue="items",state="waiting"\} 0$/m);
    expectMetric(/^sitrep_queue_jobs\{queue="articles",state="failed"\} 0$/m);
    expectMetric(/^sitrep_feed_polls_total\{status_class="2xx",result="new-items",error_kind=""\} 1$/m);
    expectMetric(/^sitrep_feed_polls_total\{status_class="5xx",result="error",error_kind="[a-z0-9_]+"\} [1-9]/m);
    expectMetric(new RegExp(`^sitrep_items_total\\{result="new"\\} ${ITEMS.length}$`, 'm'));
    expectMetric(new RegExp(`^sitrep_records_written_total\\{sink="stream"\\} ${ITEMS.length}$`, 'm'));
    expectMetric(new RegExp(`^sitrep_records_written_total\\{sink="ndjson"\\} ${ITEMS.length}$`, 'm'));
    expectMetric(/^sitrep_entities_tagged_total\{kind="countries"\} [1-9]/m);
    expectMetric(/^sitrep_feed_seconds_since_last_success\{feed="good-wire"\} \d/m);
    expect(metrics).not.toMatch(/sitrep_feed_seconds_since_last_success\{feed="broken-wire"\}/);
    expectMetric(/^sitrep_redis_ping_seconds \d/m);
    expectMetric(/^sitrep_job_duration_seconds_count\{stage="items"\} [1-9]/m);
    expectMetric(/^sitrep_job_duration_seconds_bucket\{le="\+Inf",stage="fetch"\} [1-9]/m);
    expectMetric(/^process_cpu_user_seconds_total \d/m);
    expectMetric(/^# TYPE sitrep_feed_polls_total counter$/m);

    const board = await fetch(`${base}/admin/queues`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<html');
    const boardApi = await getJson<{ queues: Array<{ name: string }> }>(`${base}/admin/queues/api/queues`);
    expect(boardApi.body.queues.map((queue) => queue.name).sort()).toEqual(['articles', 'fetch', 'items']);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="/app.js"');
    expect((await fetch(`${base}/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('reports not ready when a configured feed has no job scheduler', async () => {
    context = await createTestContext([feedConfig('unscheduled', 'http://127.0.0.1:9/feed.xml')], { http: { port: 0 } });
    api = await startApiServer(context, { host: '127.0.0.1', port: 0, workersRunning: () => true });
    const reply = await getJson<{ scheduler: boolean; redis: boolean; feedsWithoutScheduler: string[] }>(`${api.url}/readyz`);
    expect(reply).toMatchObject({ status: 503, body: { redis: true, scheduler: false, feedsWithoutScheduler: ['unscheduled'] } });
    const stopped = await startApiServer(context, { host: '127.0.0.1', port: 0, workersRunning: () => false });
    try {
      await context.queues.fetch.upsertJobScheduler('unscheduled', { every: 3_600_000 }, { name: 'poll', data: { feed: context.config.feeds[0]! } });
      expect((await getJson(`${api.url}/readyz`)).status).toBe(200);
      expect(await getJson(`${stopped.url}/readyz`)).toMatchObject({ status: 503, body: { workers: false, scheduler: true } });
    } finally {
      await stopped.close();
    }
  });
});

describe('HTTP auth beyond loopback', () => {
  let context: TestContext | undefined;
  let service: RunningService | undefined;

  afterEach(async () => {
    await service?.close(2_000);
    service = undefined;
    await context?.cleanup();
    context = undefined;
  });

  it('refuses to bind beyond loopback without credentials (ConfigError naming http.host)', async () => {
    context = await createTestContext([], { http: { host: '0.0.0.0', port: 0 } });
    const error = await startService(context, { queues: [], scheduler: false, api: true }).then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('http.host');
  });

  const TOKEN = 'test-token-0123456789abcdef';
  const USER = 'operator';
  const PASSWORD = 'correct horse battery';

  it.each([
    ['token', { token: TOKEN }, `Bearer ${TOKEN}`, `Bearer ${TOKEN}x`],
    ['basic auth', { basicAuth: { user: USER, password: PASSWORD } }, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`, `Basic ${Buffer.from(`${USER}:wrong-password`).toString('base64')}`],
  ])('bound to 0.0.0.0 with %s: 401 without credentials, 200 with', async (_label, credentials, good, wrong) => {
    context = await createTestContext([], { http: { host: '0.0.0.0', port: 0, ...credentials } });
    service = await startService(context, { queues: [], scheduler: false, api: true });
    const port = new URL(service.api!.url).port;
    // Only loopback traffic from tests, even though the server listens on every interface.
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const path of ['/api/feeds', '/api/records', '/metrics', '/admin/queues', '/', '/api/throughput']) {
      const denied = await fetch(`${base}${path}`);
      expect(denied.status, path).toBe(401);
      expect(denied.headers.get('www-authenticate'), path).toMatch(/realm="sitrep"/);
      expect((await fetch(`${base}${path}`, { headers: { authorization: wrong } })).status, path).toBe(401);
      expect((await fetch(`${base}${path}`, { headers: { authorization: good } })).status, path).toBe(200);
    }
    expect((await fetch(`${base}/api/feeds?x=1`, { headers: { authorization: 'Bearer' } })).status).toBe(401);
  });
});
