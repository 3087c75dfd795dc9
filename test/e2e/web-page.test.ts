import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import type { SitrepRecord } from '../../src/model/index.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { rssFeed } from '../helpers/feed-builders.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`web-page.test.ts skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const XSS = '<img src=x onerror=alert(1)>';
const ITEMS = [
  { guid: 'w1', title: 'Engineers sent', description: 'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.' },
  { guid: 'w2', title: 'Air defence talks', description: 'President Volodymyr Zelensky met officials in Kyiv on Tuesday to discuss air defence for Ukraine.' },
  { guid: 'w3', title: 'Border', description: 'Analysts described new fortifications along the border between Poland and Belarus.' },
];

/** A record as another writer might leave it in the stream: markup characters in the title and the snippet. */
function hostileRecord(template: SitrepRecord): SitrepRecord {
  const snippet = `${XSS} was posted near Ukraine overnight.`;
  const start = snippet.indexOf('Ukraine');
  return {
    ...template,
    id: 'f'.repeat(32),
    title: '<b>bold</b><script>window.__pwned = 1</script>',
    snippet,
    entities: {
      ...template.entities,
      countries: [{ iso2: 'UA', name: 'Ukraine', mentions: [{ text: 'Ukraine', start, end: start + 7, field: 'snippet', kind: 'name' }] }],
      units: [], figures: [], people: [], organizations: [], dates: [],
    },
  };
}

interface DecodedPng { width: number; height: number; channels: number; pixels: Buffer }

/** Minimal PNG decoder for 8-bit RGB/RGBA non-interlaced images (what Chromium writes). */
function decodePng(png: Buffer): DecodedPng {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let offset = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      expect(data[12]).toBe(0);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x += 1) {
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe.skipIf(!HAVE_CHROMIUM)('the web page in headless Chromium', () => {
  let server: FixtureFeedServer;
  let context: TestContext;
  let service: RunningService;
  let browser: Browser;
  let records: SitrepRecord[];

  beforeAll(async () => {
    server = await startFixtureFeedServer([
      { path: '/wire.xml', body: rssFeed('Page Wire', ITEMS), contentType: 'application/rss+xml' },
      { path: '/down.xml', body: 'maintenance', contentType: 'text/plain', status: 500 },
    ]);
    context = await createTestContext(
      [feedConfig('page-wire', `${server.url}/wire.xml`), feedConfig('down-wire', `${server.url}/down.xml`)],
      { http: { port: 0 } },
    );
    const ctx = context;
    service = await startService(ctx, { queues: ['fetch', 'items'], scheduler: true, api: true });
    const base = service.api!.url;
    records = await waitFor('records via the API', async () => {
      const body = await (await fetch(`${base}/api/records`)).json() as { records: SitrepRecord[] };
      return body.records.length >= ITEMS.length ? body.records : undefined;
    });
    const hostile = hostileRecord(records[0]!);
    await ctx.redis.xadd(ctx.keys.recordStream(), '*', 'id', hostile.id, 'record', JSON.stringify(hostile));
    records = [hostile, ...records];
    await waitFor('failing feed', async () => (await ctx.redis.hget(ctx.keys.feedState('down-wire'), 'status')) === 'failing');
    await waitFor('throughput counted', async () => {
      const body = await (await fetch(`${base}/api/throughput`)).json() as { points: Array<{ count: number }> };
      return body.points.some((point) => point.count > 0);
    }, 10_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close(2_000);
    await server?.close();
    await context?.cleanup();
  });

  it('shows the failing feed, highlighted entities, the chart, and record text as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${service.api!.url}/`);
    await page.locator('#records-table tbody tr').nth(ITEMS.length).waitFor({ timeout: 15_000 });
    expect(await page.locator('#records-table tbody tr').count()).toBe(ITEMS.length + 1);

    const failingRow = page.locator('#failing-table tbody tr[data-feed-id="down-wire"]');
    await failingRow.waitFor();
    expect(await failingRow.locator('td.feed').textContent()).toBe('down-wire');
    expect(await failingRow.locator('td.reason').textContent()).toContain('HTTP 500');
    expect(await page.locator('#failing-table tbody tr[data-feed-id="page-wire"]').count()).toBe(0);

    // The first UA mention in a snippet, and the text a person should see highlighted for it.
    const withCountry = records.slice(1).find((record) => record.entities.countries.some((country) => country.iso2 === 'UA' && country.mentions.some((m) => m.field === 'snippet')))!;
    expect(withCountry).toBeDefined();
    const mention = withCountry.entities.countries.find((country) => country.iso2 === 'UA')!.mentions.find((m) => m.field === 'snippet')!;
    const row = page.locator(`#records-table tbody tr[data-record-id="${withCountry.id}"]`);
    const marks = await row.locator('td.snippet mark.ent-country').allTextContents();
    expect(marks).toContain(withCountry.snippet.slice(mention.start, mention.end));
    expect(marks).toContain('Ukraine');
    expect(await row.locator('td.snippet').textContent()).toBe(withCountry.snippet);
    expect(await row.locator('td.snippet mark.ent-country').first().getAttribute('title')).toContain('(UA)');

    const points = page.locator('#chart circle.point');
    expect(await points.count()).toBe(60);
    const counts = (await points.evaluateAll((nodes) => nodes.map((node) => Number((node as SVGElement).dataset.count)))) as number[];
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(ITEMS.length);
    expect((await page.locator('#chart polyline').getAttribute('points'))!.trim().split(/\s+/)).toHaveLength(60);
    expect(await page.locator('#throughput-total').textContent()).toMatch(/^\d+ records in the last hour$/);

    // The snippet with markup characters renders them as text: no element, no script run.
    const xssRow = page.locator(`#records-table tbody tr[data-record-id="${'f'.repeat(32)}"]`);
    expect(await xssRow.locator('td.snippet').textContent()).toBe(`${XSS} was posted near Ukraine overnight.`);
    expect(await xssRow.locator('td.snippet mark.ent-country').allTextContents()).toEqual(['Ukraine']);
    expect(await xssRow.locator('td.title').textContent()).toBe('<b>bold</b><script>window.__pwned = 1</script>');
    expect(await page.locator('#records-table img, #records-table b, #records-table script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    await mkdir('test-results', { recursive: true });
    const file = path.join('test-results', 'web-page.png');
    const screenshot = await page.screenshot({ path: file, fullPage: true });
    await writeFile(file, screenshot);
    const image = decodePng(screenshot);
    expect(image.width).toBe(1280);
    expect(image.height).toBeGreaterThanOrEqual(900);
    // Non-blank: many distinct colours and real luminance variance.
    const colours = new Set<number>();
    let sum = 0, sumSquares = 0, samples = 0;
    for (let index = 0; index < image.pixels.length; index += image.channels * 7) {
      const r = image.pixels[index]!, g = image.pixels[index + 1]!, b = image.pixels[index + 2]!;
      colours.add((r << 16) | (g << 8) | b);
      const luminance = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += luminance;
      sumSquares += luminance * luminance;
      samples += 1;
    }
    const variance = sumSquares / samples - (sum / samples) ** 2;
    expect(colours.size).toBeGreaterThan(20);
    expect(variance).toBeGreaterThan(50);
    await page.close();
  });
});
