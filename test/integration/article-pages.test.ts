import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureFeedServer, type FixtureFeedServer } from '../../src/demo/fixture-feed-server.ts';
import { startService, type RunningService } from '../../src/app/service.ts';
import { readQueueDepths } from '../../src/app/status.ts';
import { recordIdFor } from '../../src/fetch/index.ts';
import { JOB_POLL } from '../../src/queue/names.ts';
import type { FeedConfig } from '../../src/model/index.ts';
import { createTestContext, feedConfig, waitFor, type TestContext } from '../helpers/test-context.ts';
import { readNdjsonRecords } from '../helpers/sink-records.ts';

const TROOPS_DESCRIPTION = 'As many as 3,000 North Korean troops will reportedly form part of the Special Buryat Battalion within Moscow\u2019s 11th Separate Airborne Assault Brigade.';
const ENGINEERS_DESCRIPTION = 'Ukraine says North Korean military engineers have been sent to Russia to check how well missiles are launching.';

function page(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url));
}

interface TeaserItem {
  guid: string;
  title: string;
  teaser: string;
  link: string;
  pubDate?: string;
}

/** RSS whose items carry one-line teasers; pubDate only where given. */
function teaserFeed(items: TeaserItem[]): string {
  const entries = items.map((item) => `
    <item><guid isPermaLink="false">${item.guid}</guid><title>${item.title}</title><link>${item.link}</link>
      <description>${item.teaser}</description>${item.pubDate ? `<pubDate>${item.pubDate}</pubDate>` : ''}</item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Teasers</title><link>https://teasers.example/</link>
<description>one-line teasers</description>${entries}</channel></rss>`;
}

describe('article pages (fetchArticle) over real queues, Redis and HTTP', () => {
  let server: FixtureFeedServer | undefined;
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

  it('when a feed has fetchArticle, then records improve from the pages, and failing pages still yield records', async () => {
    server = await startFixtureFeedServer([
      { path: '/news/troops', contentType: 'text/html; charset=utf-8', body: page('jsonld-graph.html') },
      { path: '/news/engineers', contentType: 'text/html; charset=utf-8', body: page('og-only.html') },
      { path: '/news/ru', contentType: 'text/html', body: page('windows-1251.html') },
      { path: '/news/dated', contentType: 'text/html; charset=utf-8', body: page('jsonld-graph.html') },
      // Slower than the total timeout on every attempt: transient, retried, then given up.
      { path: '/news/slow', contentType: 'text/html', body: page('og-only.html'), delayMs: 1_500 },
      { path: '/plain/page', contentType: 'text/html', body: page('og-only.html') },
    ]);
    const base = server.url;
    server.setRoute({ path: '/teasers.xml', contentType: 'application/rss+xml', body: teaserFeed([
      { guid: 'troops', title: 'Troops to join battalion', teaser: 'Troops.', link: `${base}/news/troops` },
      { guid: 'engineers', title: 'Engineers sent', teaser: 'Engineers, again.', link: `${base}/news/engineers` },
      { guid: 'ru', title: 'Korea troops', teaser: 'Read on.', link: `${base}/news/ru` },
      { guid: 'dated', title: 'Dated teaser', teaser: 'Dated.', link: `${base}/news/dated`, pubDate: 'Tue, 15 Oct 2024 10:00:00 GMT' },
      { guid: 'missing', title: 'Missing page', teaser: 'Gone already.', link: `${base}/news/missing` },
      { guid: 'slow', title: 'Slow page', teaser: 'Slow.', link: `${base}/news/slow` },
    ]) });
    server.setRoute({ path: '/plain.xml', contentType: 'application/rss+xml', body: teaserFeed([
      { guid: 'plain', title: 'Plain item', teaser: 'Plain teaser.', link: `${base}/plain/page` },
    ]) });
    const articles: FeedConfig = { ...feedConfig('teasers', `${base}/teasers.xml`), fetchArticle: true };
    const plain = feedConfig('plain', `${base}/plain.xml`);
    context = await createTestContext([articles, plain], {
      fetch: { allowPrivateNetworks: true, connectTimeoutMs: 1_000, totalTimeoutMs: 400 },
    });
    service = await startService(context, { queues: ['fetch', 'items'], scheduler: false, api: false });
    await context.queues.fetch.addBulk([articles, plain].map((feed) => ({ name: JOB_POLL, data: { feed }, opts: { jobId: `test-${feed.id}` } })));

    const ctx = context;
    const records = await waitFor('7 records', async () => {
      const found = await readNdjsonRecords(ctx.dataDir);
      return found.length >= 7 ? found : undefined;
    }, 20_000);
    expect(records).toHaveLength(7);
    const byGuid = new Map(records.map((record) => [record.guid, record]));

    // Identity stays the poll's: feed id + item key (the GUID), never the canonical URL.
    for (const guid of ['troops', 'engineers', 'ru', 'dated', 'missing', 'slow']) {
      expect(byGuid.get(guid)?.id).toBe(recordIdFor('teasers', guid));
    }

    const troops = byGuid.get('troops')!;
    expect(troops.snippet).toBe(TROOPS_DESCRIPTION);
    expect(troops.publishedAt).toBe('2024-10-16T06:00:00.000Z');
    expect(troops.url).toBe(`${base}/2024/10/16/north-korean-troops-buryat-battalion`);
    expect(troops.language).toBe('en');
    expect(troops.entities.countries.map((country) => country.iso2)).toEqual(expect.arrayContaining(['KP', 'RU']));

    const engineers = byGuid.get('engineers')!;
    expect(engineers.snippet).toBe(ENGINEERS_DESCRIPTION);
    expect(engineers.url).toBe('https://kyiv-monitor.example/news/engineers-missiles');
    expect(engineers.publishedAt).toBe('2024-10-18T06:45:00.000Z');

    const ru = byGuid.get('ru')!;
    expect(ru.snippet).toBe('Украинская разведка считает, что Северная Корея отправляет тысячи своих солдат воевать за Россию против Украины.');
    expect(ru.url).toBe('https://vostok-vesti.example/2024/10/korea-troops');

    // The feed's own date wins over the page's.
    expect(byGuid.get('dated')!.publishedAt).toBe('2024-10-15T10:00:00.000Z');

    const missing = byGuid.get('missing')!;
    expect(missing.snippet).toBe('Gone already.');
    expect(missing.url).toBe(`${base}/news/missing`);
    expect(missing.publishedAt).toBeNull();

    const slow = byGuid.get('slow')!;
    expect(slow.snippet).toBe('Slow.');
    expect(server.hits('/news/slow')).toBe(3);

    // Feeds without fetchArticle never touch their pages.
    expect(byGuid.get('plain')!.snippet).toBe('Plain teaser.');
    expect(server.hits('/plain/page')).toBe(0);
    expect(server.hits('/news/troops')).toBe(1);

    // Status shows the articles queue; every article job completed (the slow one after its retries).
    const depths = await waitFor('article jobs completed', async () => {
      const current = await readQueueDepths(ctx);
      return current['articles']?.completed === 6 ? current : undefined;
    });
    expect(depths['articles']).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });
});
