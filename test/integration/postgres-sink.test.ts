import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresSink, migratePostgres, POSTGRES_MIGRATIONS } from '../../src/sinks/postgres-sink.ts';
import { buildRecord } from '../../src/record/index.ts';
import { emptyEntities, type SitrepRecord } from '../../src/model/index.ts';
import { findPostgresBinDir, startPostgresServer, type PostgresServer } from '../helpers/postgres-server.ts';

const binDir = findPostgresBinDir();
if (!binDir) {
  // eslint-disable-next-line no-console
  console.warn('postgres-sink tests skipped: no initdb on PATH or in /usr/lib/postgresql/*/bin (Debian package: postgresql)');
}

function record(id: string, revision = 1, title = 't'): SitrepRecord {
  const built = buildRecord({
    id, feed: { id: 'northern-ledger', url: 'https://northern-ledger.example/rss', title: 'NL' }, sourceName: 'NL',
    url: 'https://www.northern-ledger.example/a', guid: id, title, snippet: 's', truncated: false, language: 'en',
    publishedAt: '2024-10-16T09:00:00Z', fetchedAt: '2024-10-16T10:00:00.000Z',
    dedup: { contentHash: 'h', fingerprint: 'f', duplicateOf: null, cluster: id, story: id, sources: 1 },
    entities: {
      ...emptyEntities(),
      countries: [{ iso2: 'KP', name: 'North Korea', mentions: [] }, { iso2: 'UA', name: 'Ukraine', mentions: [] }],
      units: [{ name: '11th Army Corps', ordinal: 11, echelon: 'corps', country: 'RU', mentions: [] }],
      people: [{ name: 'Kim Jong Un', mentions: [] }],
    },
    versions: { sitrep: '0', tagger: '0' },
  });
  return { ...built, provenance: { ...built.provenance, revision } };
}

const ID_A = 'a'.repeat(32);
const ID_B = 'b'.repeat(32);

describe.skipIf(!binDir)('postgres sink (private PostgreSQL)', () => {
  let server: PostgresServer;
  let sink: PostgresSink;
  let client: pg.Client;

  beforeAll(async () => {
    server = await startPostgresServer(binDir!);
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
  });
  afterAll(async () => {
    await sink?.close();
    await client?.end();
    await server?.stop();
  });

  it('when several sinks start at once, then the migrations run once and are recorded by version', async () => {
    const sinks = [0, 1, 2].map(() => new PostgresSink({ url: server.url, maxConnections: 2 }));
    const applied = await Promise.all(sinks.map((s) => s.migrate()));
    expect(applied.flat()).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    await Promise.all(sinks.map((s) => s.close()));
    const { rows } = await client.query<{ version: number }>('SELECT version FROM sitrep_schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    // Idempotent: a later start applies nothing.
    const pool = new pg.Pool({ connectionString: server.url });
    expect(await migratePostgres(pool)).toEqual([]);
    await pool.end();
    sink = new PostgresSink({ url: server.url });
  });

  it('when the same record is written twice, then the second write changes nothing', async () => {
    expect(await sink.write(record(ID_A))).toBe(true);
    expect(await sink.write(record(ID_A))).toBe(false);
    const { rows } = await client.query('SELECT id, revision, feed_id, source_domain, countries, units, people, published_at, record FROM sitrep_records WHERE id = $1', [ID_A]);
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({ id: ID_A, revision: 1, feed_id: 'northern-ledger', source_domain: 'northern-ledger.example', countries: ['KP', 'UA'], units: ['11th Army Corps'], people: ['Kim Jong Un'] });
    expect((row.published_at as Date).toISOString()).toBe('2024-10-16T09:00:00.000Z');
    expect((row.record as SitrepRecord).provenance.revision).toBe(1);
  });

  it.each([
    { name: 'a higher revision replaces the row', revision: 3, written: true, stored: 3, title: 'new' },
    { name: 'the same revision again is ignored', revision: 3, written: false, stored: 3, title: 'new' },
    { name: 'an older revision never overwrites a newer one', revision: 2, written: false, stored: 3, title: 'new' },
  ])('when replayed: $name', async ({ revision, written, stored, title }) => {
    expect(await sink.write(record(ID_A, revision, revision === 2 ? 'stale' : 'new'))).toBe(written);
    const { rows } = await client.query<{ revision: number; record: SitrepRecord }>('SELECT revision, record FROM sitrep_records WHERE id = $1', [ID_A]);
    expect(rows[0]?.revision).toBe(stored);
    expect(rows[0]?.record.title).toBe(title);
  });

  it('when filtering by entity, then the GIN indexes answer array containment', async () => {
    await sink.write({ ...record(ID_B), entities: emptyEntities() });
    const { rows } = await client.query<{ id: string }>('SELECT id FROM sitrep_records WHERE countries @> $1 ORDER BY id', [['KP']]);
    expect(rows.map((row) => row.id)).toEqual([ID_A]);
    const { rows: indexes } = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'sitrep_records' AND indexdef LIKE '%gin%'");
    expect(indexes).toHaveLength(3);
  });
});
