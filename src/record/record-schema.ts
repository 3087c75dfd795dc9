import { z } from 'zod';
import { RECORD_SCHEMA_ID, type SitrepRecord } from '../model/index.ts';

const mention = {
  text: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  field: z.enum(['title', 'snippet']).optional(),
};
const mentionSchema = z.object(mention);
const isoDateTime = z.iso.datetime({ offset: true });
const iso2 = z.string().regex(/^[A-Z]{2}$/);

export const entitiesSchema = z.object({
  countries: z.array(z.object({
    iso2: iso2.nullable(),
    name: z.string(),
    mentions: z.array(z.object({ ...mention, kind: z.enum(['name', 'demonym', 'alias', 'capital']) })),
  })),
  units: z.array(z.object({
    name: z.string(),
    ordinal: z.number().int().nullable(),
    echelon: z.enum(['troop', 'squadron', 'company', 'battalion', 'battalion_tactical_group', 'battlegroup', 'regiment',
      'brigade', 'division', 'corps', 'army', 'group_of_forces', 'task_force', 'fleet', 'pmc']),
    country: iso2.nullable(),
    mentions: z.array(mentionSchema),
  })),
  figures: z.array(z.object({
    ...mention,
    value: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    approx: z.boolean(),
    qualifier: z.enum(['exactly', 'about', 'up_to', 'at_least', 'range', 'vague']),
    unit: z.string().nullable(),
    category: z.enum(['personnel', 'casualties', 'equipment', 'money', 'percent', 'area', 'other']),
    country: iso2.nullable(),
  })),
  people: z.array(z.object({ name: z.string(), mentions: z.array(mentionSchema) })),
  organizations: z.array(z.object({ name: z.string(), mentions: z.array(mentionSchema) })),
  dates: z.array(z.object({ ...mention, iso: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).nullable() })),
});

/** The validator for `sitrep.record/v1`; schema/record.v1.json is generated from it (`sitrep schema`). */
export const recordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA_ID),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  feed: z.object({ id: z.string(), url: z.string(), title: z.string().nullable() }),
  source: z.object({ name: z.string().nullable(), domain: z.string().nullable() }),
  url: z.string().nullable(),
  guid: z.string().nullable(),
  title: z.string(),
  snippet: z.string(),
  truncated: z.boolean(),
  language: z.string().nullable(),
  publishedAt: isoDateTime.nullable(),
  fetchedAt: isoDateTime,
  dedup: z.object({
    contentHash: z.string(),
    fingerprint: z.string(),
    duplicateOf: z.string().nullable(),
    cluster: z.string(),
    story: z.string(),
    sources: z.number().int().min(1),
  }),
  entities: entitiesSchema,
  provenance: z.object({ sitrep: z.string(), tagger: z.string(), revision: z.number().int().min(1) }),
});

// Compile-time check that the validator and the model type agree.
type Validated = z.output<typeof recordSchema>;
const _modelMatchesSchema = (record: SitrepRecord): Validated => record;
const _schemaMatchesModel = (record: Validated): SitrepRecord => record;
void _modelMatchesSchema;
void _schemaMatchesModel;

/** JSON Schema (draft 2020-12) of the record, with an $id naming the version. */
export function recordJsonSchema(): Record<string, unknown> {
  return {
    $id: 'urn:sitrep:record:v1',
    title: RECORD_SCHEMA_ID,
    ...z.toJSONSchema(recordSchema),
  };
}
