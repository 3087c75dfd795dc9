import type { Entities, SitrepRecord } from '../model/index.ts';
import { extractItem, resolveLanguage } from '../extract/index.ts';
import { computeSignature, simhash64, type DedupIndex, type DedupSignature } from '../dedup/index.ts';
import { TAGGER_VERSION, tagFields } from '../tag/index.ts';
import { buildRecord, sourceDomain, validateRecord } from '../record/index.ts';
import type { RecordSink } from '../sinks/sink.ts';
import type { ItemJobData } from '../queue/names.ts';
import { canonicalizeUrl } from '../fetch/index.ts';
import { SITREP_VERSION } from '../version.ts';
import { applyArticle } from '../article/apply-article.ts';
import { nextCpuTurn } from './cpu-turns.ts';

export interface PreparedItem {
  title: string;
  snippet: string;
  truncated: boolean;
  url: string | null;
  language: string | null;
  contentHash: string;
  fingerprint: string;
  entities: Entities;
  /** Near-duplicate and same-story signature for the dedup index. */
  dedupSignature: DedupSignature;
}

export interface ProcessItemDeps {
  dedup: DedupIndex;
  sinks: RecordSink[];
  maxSnippetChars: number;
  /** provenance.revision of the record (default 1); `sitrep replay` passes a bumped one. */
  revision?: number;
}

export interface ProcessItemResult {
  record: SitrepRecord;
  /** Per sink: true when written by this call, false when it was already there. */
  written: Record<string, boolean>;
}

/** Pure CPU part of an item: extract, hash, fingerprint, tag. */
export function prepareItem(data: ItemJobData, maxSnippetChars: number): PreparedItem {
  const extracted = extractItem(data.item, { maxSnippetChars });
  const comparisonText = extracted.snippet || extracted.title;
  const entities = tagFields(
    { title: extracted.title, snippet: extracted.snippet },
    { published: data.item.published ?? data.fetchedAt, language: data.feed.language },
  );
  // The signature hashes the same comparison form: its contentHash is contentHash(comparisonText), computed once.
  const dedupSignature = computeSignature(comparisonText, entities);
  return {
    title: extracted.title,
    snippet: extracted.snippet,
    truncated: extracted.truncated,
    url: data.item.link ? canonicalizeUrl(data.item.link, data.feed.url) : null,
    language: resolveLanguage(data.feed.language, `${extracted.title}. ${extracted.snippet}`),
    contentHash: dedupSignature.contentHash,
    fingerprint: simhash64(comparisonText),
    entities,
    dedupSignature,
  };
}

/**
 * One item → one validated record in every sink. Idempotent: run twice for the same job, it
 * gives the same dedup verdict and writes nothing the second time.
 */
export async function processItem(data: ItemJobData, deps: ProcessItemDeps): Promise<ProcessItemResult> {
  // Article page metadata (feeds with fetchArticle) improves text, date and URL; the record id stays the poll's.
  data = applyArticle(data);
  // Extract, tag and sign take ~0.3 ms: a burst of jobs takes them one loop turn each (cpu-turns.ts).
  await nextCpuTurn();
  const prepared = prepareItem(data, deps.maxSnippetChars);
  const verdict = await deps.dedup.checkAndInsert({
    recordId: data.recordId,
    contentHash: prepared.contentHash,
    sourceDomain: sourceDomain(prepared.url ?? data.feed.url),
    signature: prepared.dedupSignature,
    publishedAt: data.item.published ?? data.fetchedAt,
  });
  const record = validateRecord(buildRecord({
    id: data.recordId,
    feed: { id: data.feed.id, url: data.feed.url, title: data.feed.title },
    sourceName: data.feed.title,
    url: prepared.url,
    guid: data.item.guid,
    title: prepared.title,
    snippet: prepared.snippet,
    truncated: prepared.truncated,
    language: prepared.language,
    publishedAt: data.item.published,
    fetchedAt: data.fetchedAt,
    dedup: {
      contentHash: prepared.contentHash,
      fingerprint: prepared.fingerprint,
      duplicateOf: verdict.duplicateOf,
      cluster: verdict.cluster,
      story: verdict.story,
      sources: verdict.sources,
    },
    entities: prepared.entities,
    versions: { sitrep: SITREP_VERSION, tagger: TAGGER_VERSION },
  }));
  if (deps.revision !== undefined) record.provenance.revision = deps.revision;
  const written: Record<string, boolean> = {};
  // Sinks in parallel: each is idempotent, and a failure fails the job for a retry.
  const results = await Promise.all(deps.sinks.map((sink) => sink.write(record)));
  deps.sinks.forEach((sink, index) => {
    written[sink.name] = results[index]!;
  });
  return { record, written };
}
