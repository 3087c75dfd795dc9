import { RECORD_SCHEMA_ID, type SitrepRecord } from '../model/index.ts';
import { RecordInvalidError } from '../errors.ts';
import { recordSchema } from './record-schema.ts';

/** Everything a record holds except what buildRecord derives (schema id, source, provenance). */
export type BuildRecordInput = Omit<SitrepRecord, 'schema' | 'source' | 'provenance'> & {
  sourceName: string | null;
  versions: { sitrep: string; tagger: string };
};

/** Registrable-ish domain for display: the URL's host without a leading "www.". */
export function sourceDomain(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.replace(/^www\d?\./, '') || null;
  } catch {
    return null;
  }
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Assembles a `sitrep.record/v1` record; pure, no validation (see validateRecord). */
export function buildRecord(input: BuildRecordInput): SitrepRecord {
  return {
    schema: RECORD_SCHEMA_ID,
    id: input.id,
    feed: input.feed,
    source: { name: input.sourceName, domain: sourceDomain(input.url ?? input.feed.url) },
    url: input.url,
    guid: input.guid,
    title: input.title,
    snippet: input.snippet,
    truncated: input.truncated,
    language: input.language,
    publishedAt: isoOrNull(input.publishedAt),
    fetchedAt: input.fetchedAt,
    dedup: input.dedup,
    entities: input.entities,
    provenance: { sitrep: input.versions.sitrep, tagger: input.versions.tagger, revision: 1 },
  };
}

/** Throws RecordInvalidError naming the first offending fields. */
export function validateRecord(record: SitrepRecord): SitrepRecord {
  const result = recordSchema.safeParse(record);
  if (!result.success) {
    const detail = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new RecordInvalidError(`record ${record.id} does not match ${RECORD_SCHEMA_ID}: ${detail}`);
  }
  return record;
}
