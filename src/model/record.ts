import type { Entities } from './entities.ts';

export const RECORD_SCHEMA_ID = 'sitrep.record/v1';

export interface RecordDedup {
  /** Hash of the comparison-normalized text (exact duplicates share it). */
  contentHash: string;
  /** Near-duplicate fingerprint (hex). */
  fingerprint: string;
  /** Id of the first record seen with this content, or null when this is that record. */
  duplicateOf: string | null;
  /** Id shared by every copy: the first record's id. */
  cluster: string;
  /** Id shared by items that report the same event (the cluster id until story clustering says more). */
  story: string;
  /** Distinct sources (domains) seen in the cluster when this record was written. */
  sources: number;
}

/** One normalized snippet record, schema `sitrep.record/v1` (see docs/record-schema.md). */
export interface SitrepRecord {
  schema: typeof RECORD_SCHEMA_ID;
  id: string;
  feed: { id: string; url: string; title: string | null };
  source: { name: string | null; domain: string | null };
  url: string | null;
  guid: string | null;
  title: string;
  snippet: string;
  truncated: boolean;
  language: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  dedup: RecordDedup;
  entities: Entities;
  provenance: { sitrep: string; tagger: string; revision: number };
}
