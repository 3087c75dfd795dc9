// Per-stage throughput over the bundled sample feeds: parse (decode + XML/JSON Feed mapping),
// extract, tag, record validation. The last stdout line is the JSON result.
import { performance } from 'node:perf_hooks';
import { loadSampleFeeds } from '../src/demo/sample-feeds.ts';
import { decodeBody, parseFeed } from '../src/fetch/index.ts';
import { collectItemJobs } from '../src/pipeline/poll-feed.ts';
import { prepareItem } from '../src/pipeline/process-item.ts';
import { buildRecord, validateRecord } from '../src/record/index.ts';
import type { ItemJobData } from '../src/queue/names.ts';

const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

function measure(label: string, bytesPerRun: number, itemsPerRun: number, run: () => unknown | Promise<unknown>) {
  return async () => {
    for (let i = 0; i < 3; i++) await run();
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < MIN_SECONDS * 1000) {
      await run();
      runs++;
    }
    const seconds = (performance.now() - start) / 1000;
    const result = { stage: label, itemsPerSecond: Math.round((runs * itemsPerRun) / seconds), mbPerSecond: Number(((runs * bytesPerRun) / seconds / 1e6).toFixed(2)) };
    console.log(`  ${label.padEnd(10)} ${String(result.itemsPerSecond).padStart(9)} items/s ${String(result.mbPerSecond).padStart(8)} MB/s`);
    return result;
  };
}

const samples = await loadSampleFeeds();
const totalBytes = samples.reduce((sum, sample) => sum + sample.body.length, 0);
const jobs: ItemJobData[] = [];
for (const sample of samples) {
  const decoded = decodeBody(sample.body, sample.contentType);
  const parsed = await parseFeed(decoded.text, sample.contentType);
  if (!parsed.ok) throw new Error(`${sample.id}: ${parsed.reason}`);
  jobs.push(...collectItemJobs({ id: sample.id, url: `http://127.0.0.1/${sample.file}`, intervalSeconds: 60, tags: [], fetchArticle: false }, parsed.feed, new Date().toISOString()));
}
const itemBytes = jobs.reduce((sum, job) => sum + (job.item.summary?.length ?? 0) + (job.item.content?.length ?? 0) + (job.item.title?.length ?? 0), 0);
const prepared = jobs.map((job) => prepareItem(job, 400));
const records = jobs.map((job, index) => {
  const item = prepared[index]!;
  return buildRecord({
    id: job.recordId, feed: { id: job.feed.id, url: job.feed.url, title: job.feed.title }, sourceName: job.feed.title,
    url: item.url, guid: job.item.guid, title: item.title, snippet: item.snippet, truncated: item.truncated,
    language: item.language, publishedAt: job.item.published, fetchedAt: job.fetchedAt,
    dedup: { contentHash: item.contentHash, fingerprint: item.fingerprint, duplicateOf: null, cluster: job.recordId, story: job.recordId, sources: 1 },
    entities: item.entities, versions: { sitrep: '0', tagger: '0' },
  });
});
const snippetBytes = prepared.reduce((sum, item) => sum + item.title.length + item.snippet.length, 0);

console.log(`stages over ${samples.length} sample feeds, ${jobs.length} items`);
const { tagFields } = await import('../src/tag/index.ts');
const results = [
  await measure('parse', totalBytes, jobs.length, async () => {
    for (const sample of samples) await parseFeed(decodeBody(sample.body, sample.contentType).text, sample.contentType);
  })(),
  await measure('prepare', itemBytes, jobs.length, () => {
    for (const job of jobs) prepareItem(job, 400);
  })(),
  await measure('tag', snippetBytes, jobs.length, () => {
    for (const item of prepared) tagFields({ title: item.title, snippet: item.snippet });
  })(),
  await measure('validate', snippetBytes, records.length, () => {
    for (const record of records) validateRecord(record);
  })(),
];
console.log(JSON.stringify({ case: 'stages', node: process.version, items: jobs.length, results }));
