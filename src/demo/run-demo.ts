import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { settingsSchema, parseIntervalSeconds, type SitrepConfig } from '../config/index.ts';
import { createContext } from '../app/context.ts';
import { startService } from '../app/service.ts';
import { readFeedStatuses, readQueueDepths } from '../app/status.ts';
import type { FeedConfig, SitrepRecord } from '../model/index.ts';
import { startFixtureFeedServer } from './fixture-feed-server.ts';
import { loadSampleFeeds } from './sample-feeds.ts';

export interface DemoOptions {
  dataDir: string;
  /** Give up after this long (the demo normally takes a few seconds). */
  timeoutMs?: number;
  /** Where progress and the summary go. */
  out?: NodeJS.WritableStream;
}

export interface DemoSummary {
  feeds: number;
  failingFeeds: string[];
  items: number;
  records: number;
  duplicates: number;
  topCountries: Array<{ iso2: string | null; name: string; records: number }>;
  recordsDir: string;
}

function progressBar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} records`;
}

async function readRecords(dir: string): Promise<SitrepRecord[]> {
  const records: SitrepRecord[] = [];
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.ndjson')).sort();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(path.join(dir, file)), crlfDelay: Infinity });
    for await (const line of lines) if (line.trim()) records.push(JSON.parse(line) as SitrepRecord);
  }
  return records;
}

export function summarizeRecords(records: SitrepRecord[]): Pick<DemoSummary, 'records' | 'duplicates' | 'topCountries'> {
  const countries = new Map<string, { iso2: string | null; name: string; records: number }>();
  for (const record of records) {
    for (const country of record.entities.countries) {
      const key = country.iso2 ?? country.name;
      const entry = countries.get(key) ?? { iso2: country.iso2, name: country.name, records: 0 };
      entry.records++;
      countries.set(key, entry);
    }
  }
  return {
    records: records.length,
    duplicates: records.filter((record) => record.dedup.duplicateOf !== null).length,
    topCountries: [...countries.values()].sort((a, b) => b.records - a.records || a.name.localeCompare(b.name)).slice(0, 8),
  };
}

/**
 * `sitrep demo`: bundled sample feeds on a loopback server, the full queue pipeline on an
 * embedded redis-server, a progress bar, a summary; records stay in <dataDir>/demo/records.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const demoDir = path.resolve(options.dataDir, 'demo');
  // A fresh run each time: the summary then describes exactly this run.
  await rm(path.join(demoDir, 'records'), { recursive: true, force: true });
  await rm(path.join(demoDir, 'redis'), { recursive: true, force: true });
  await mkdir(demoDir, { recursive: true });
  const logFile = path.join(demoDir, 'sitrep.log');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'sitrep-demo' } }, pino.destination({ dest: logFile, sync: true, append: false }));

  const samples = await loadSampleFeeds();
  const server = await startFixtureFeedServer(samples.map((sample) => ({ path: sample.path, body: sample.body, contentType: sample.contentType })));
  const settings = settingsSchema.parse({
    dataDir: demoDir,
    redis: { url: null, prefix: 'sitrep' },
    // Every sample feed lives on one loopback server: no politeness gap between them.
    fetch: { allowPrivateNetworks: true, hostMinGapMs: 0 },
    schedule: { minInterval: 10 },
    log: { level: 'info' },
  });
  const feeds: FeedConfig[] = samples.map((sample) => ({
    id: sample.id,
    url: `${server.url}${sample.path}`,
    intervalSeconds: Math.max(10, parseIntervalSeconds(sample.interval) ?? 60),
    tags: ['demo'],
    fetchArticle: false,
    title: sample.title,
  }));
  const config: SitrepConfig = { settings, feeds, configFile: '(demo)', feedsFile: 'demo/feeds/manifest.json' };

  out.write(`sitrep demo: ${feeds.length} sample feeds served on ${server.url}, embedded Redis, records in ${path.relative(process.cwd(), path.join(demoDir, 'records')) || '.'}\n`);
  const context = await createContext(config, logger);
  const service = await startService(context, { queues: ['fetch', 'items'], scheduler: true, api: false });

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const isTty = 'isTTY' in out && Boolean((out as NodeJS.WriteStream).isTTY);
  let finished = false;
  let lastLine = '';
  try {
    while (Date.now() < deadline) {
      const [statuses, depths, written] = await Promise.all([
        readFeedStatuses(context),
        readQueueDepths(context),
        context.redis.xlen(context.keys.recordStream()),
      ]);
      const polled = statuses.every((status) => status.lastAttemptAt !== undefined);
      const enqueued = statuses.reduce((sum, status) => sum + status.itemCount, 0);
      const items = depths.items!;
      const pending = items.waiting + items.active + items.delayed + items.prioritized;
      const line = progressBar(written, enqueued);
      if (isTty) out.write(`\r${line}`);
      else if (enqueued > 0 && line !== lastLine && (written === enqueued || written % 10 === 0)) out.write(`${line}\n`);
      lastLine = line;
      if (polled && pending === 0 && written >= enqueued) {
        finished = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (isTty) out.write('\n');
    const statuses = await readFeedStatuses(context);
    await service.close(5_000);
    await server.close();
    const recordsDir = path.join(demoDir, 'records');
    const summary = summarizeRecords(await readRecords(recordsDir));
    const failing = statuses.filter((status) => status.status === 'failing');
    out.write([
      '',
      'Summary',
      `  feeds      ${feeds.length} (${feeds.length - failing.length} ok, ${failing.length} failing)`,
      `  items      ${statuses.reduce((sum, status) => sum + status.itemCount, 0)}`,
      `  records    ${summary.records}`,
      `  duplicates ${summary.duplicates}`,
      `  countries  ${summary.topCountries.map((country) => `${country.name} (${country.iso2 ?? '-'}) ${country.records}`).join(', ') || '-'}`,
      ...failing.map((status) => `  failing    ${status.id}: ${status.lastError ?? 'unknown error'}`),
      `  records in ${recordsDir}`,
      `  log in     ${logFile}`,
      '',
    ].join('\n'));
    if (!finished) {
      out.write(`sitrep demo: did not finish within ${(options.timeoutMs ?? 60_000) / 1000} s (see ${logFile})\n`);
      return 1;
    }
    return failing.length === 0 && summary.records > 0 ? 0 : 1;
  } catch (err) {
    await service.close(2_000).catch(() => undefined);
    await server.close().catch(() => undefined);
    throw err;
  }
}
