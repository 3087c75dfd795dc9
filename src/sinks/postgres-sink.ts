import pg from 'pg';
import type { SitrepRecord } from '../model/index.ts';
import { SinkWriteError } from '../errors.ts';
import type { RecordSink } from './sink.ts';

/** Schema migrations, applied in order; a version is never edited once released, only appended. */
export const POSTGRES_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE sitrep_records (
  id            text PRIMARY KEY,
  revision      integer NOT NULL,
  published_at  timestamptz,
  fetched_at    timestamptz NOT NULL,
  feed_id       text NOT NULL,
  source_domain text,
  countries     text[] NOT NULL DEFAULT '{}',
  units         text[] NOT NULL DEFAULT '{}',
  people        text[] NOT NULL DEFAULT '{}',
  record        jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sitrep_records_published_at ON sitrep_records (published_at);
CREATE INDEX sitrep_records_fetched_at ON sitrep_records (fetched_at);
CREATE INDEX sitrep_records_feed_id ON sitrep_records (feed_id, fetched_at);
CREATE INDEX sitrep_records_source_domain ON sitrep_records (source_domain);
CREATE INDEX sitrep_records_countries ON sitrep_records USING gin (countries);
CREATE INDEX sitrep_records_units ON sitrep_records USING gin (units);
CREATE INDEX sitrep_records_people ON sitrep_records USING gin (people);
`,
  },
];

// Arbitrary constant shared by every sitrep process: concurrent starts serialise their migrations on it.
const MIGRATION_LOCK_KEY = 0x5174_7265;

// A newer revision replaces the row; the same or an older one changes nothing (rowCount 0).
const UPSERT = `
INSERT INTO sitrep_records (id, revision, published_at, fetched_at, feed_id, source_domain, countries, units, people, record)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO UPDATE SET
  revision = EXCLUDED.revision, published_at = EXCLUDED.published_at, fetched_at = EXCLUDED.fetched_at,
  feed_id = EXCLUDED.feed_id, source_domain = EXCLUDED.source_domain, countries = EXCLUDED.countries,
  units = EXCLUDED.units, people = EXCLUDED.people, record = EXCLUDED.record, updated_at = now()
WHERE sitrep_records.revision < EXCLUDED.revision`;

/** Applies pending migrations under a session advisory lock; returns the versions applied now. */
export async function migratePostgres(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS sitrep_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM sitrep_schema_migrations');
      const done = new Set(rows.map((row) => row.version));
      const applied: number[] = [];
      for (const migration of POSTGRES_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO sitrep_schema_migrations (version) VALUES ($1)', [migration.version]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

function distinct(values: Iterable<string | null>): string[] {
  const out = new Set<string>();
  for (const value of values) if (value) out.add(value);
  return [...out];
}

/** Row parameters of the upsert (exported for tests). */
export function recordRowValues(record: SitrepRecord): unknown[] {
  return [
    record.id,
    record.provenance.revision,
    record.publishedAt,
    record.fetchedAt,
    record.feed.id,
    record.source.domain,
    // Countries by ISO code when known (a country without one by name), so filters use stable codes.
    distinct(record.entities.countries.map((country) => country.iso2 ?? country.name)),
    distinct(record.entities.units.map((unit) => unit.name)),
    distinct(record.entities.people.map((person) => person.name)),
    JSON.stringify(record),
  ];
}

export interface PostgresSinkOptions {
  url: string;
  /** Pool size; each write holds a connection for one statement. */
  maxConnections?: number;
}

/**
 * Upserts records into `sitrep_records` by id: a re-run writes nothing, a higher revision replaces
 * the row. Migrations run before the first write (or on migrate()).
 */
export class PostgresSink implements RecordSink {
  readonly name = 'postgres';
  readonly pool: pg.Pool;
  private migrating: Promise<number[]> | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: PostgresSinkOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Applies the schema migrations once per sink (a failed attempt is retried on the next call). */
  migrate(): Promise<number[]> {
    this.migrating ??= migratePostgres(this.pool).catch((err: unknown) => {
      this.migrating = null;
      throw new SinkWriteError(`postgres sink: migrations failed: ${(err as Error).message}`, { cause: err });
    });
    return this.migrating;
  }

  async write(record: SitrepRecord): Promise<boolean> {
    await this.migrate();
    try {
      const result = await this.pool.query(UPSERT, recordRowValues(record));
      return (result.rowCount ?? 0) > 0;
    } catch (err) {
      throw new SinkWriteError(`postgres sink: cannot upsert ${record.id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    // pg throws when a pool is ended twice; the worker and its owner may both close.
    if (this.closing) return this.closing;
    this.closing = this.pool.end();
    return this.closing;
  }
}
