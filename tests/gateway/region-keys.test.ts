/**
 * The central schema is ready to be distributed by region code (区划) and partitioned by month
 * (issue 17, docs/scale.md): read from PostgreSQL's own catalog after the gateway's migrations,
 * every central table's key starts with region_code, every unique key and foreign key carries
 * it, and PostgreSQL itself accepts each table hash-partitioned by region_code and central_event
 * range-partitioned by month on its time-ordered id, keys included (it refuses a unique key that
 * lacks the partition column). The expected keys are written here by hand: a new table has to be
 * declared, with its key, before this test passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { migrate, openPool, type Db } from '../../gateway/src/db/database.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/gateway.ts';

let server: TestPostgres;
let db: Db;

beforeAll(async () => {
  server = await startTestPostgres();
  db = openPool(await server.createDatabase(), pino({ level: 'silent' }), 2);
  await migrate(db, pino({ level: 'silent' }));
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

/** Each central table's primary key, as docs/scale.md lists it. */
const primaryKeys: Record<string, string[]> = {
  centre: ['region_code', 'centre_code'],
  registration_code: ['region_code', 'code_hash'],
  device: ['region_code', 'device_id'],
  device_token: ['region_code', 'device_id', 'token_id'],
  device_audit_head: ['region_code', 'device_id', 'audit_seq'],
  device_notice_key: ['region_code', 'key_id'],
  central_case: ['region_code', 'case_id'],
  case_token: ['region_code', 'token', 'case_id'],
  central_event: ['region_code', 'id'],
  feed_counter: ['region_code', 'centre_code'],
  feed: ['region_code', 'centre_code', 'seq'],
  centre_user: ['region_code', 'centre_code', 'user_id'],
  applied_message: ['region_code', 'id'],
  catalogue_version: ['region_code', 'version'],
  calendar_year: ['region_code', 'year'],
  attachment: ['region_code', 'sha256'],
  attachment_chunk: ['region_code', 'sha256', 'chunk_offset'],
  case_attachment: ['region_code', 'case_id', 'sha256'],
};

/** This node's own bookkeeping, not a province's data: local (reference) tables in a distributed setup. */
const localTables = ['gateway_meta', 'schema_migration'];

interface Constraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  foreignColumns: string[] | null;
}

async function constraints(): Promise<Constraint[]> {
  const r = await db.query<{ table: string; name: string; type: 'p' | 'u' | 'f'; columns: string[]; foreign_columns: string[] | null }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
            CASE WHEN c.contype = 'f' THEN array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] END AS foreign_columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f')`,
  );
  return r.rows.map((row) => ({ table: row.table, name: row.name, type: row.type, columns: row.columns, foreignColumns: row.foreign_columns }));
}

async function uniqueIndexes(): Promise<{ table: string; name: string; columns: string[] }[]> {
  const r = await db.query<{ table: string; name: string; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name,
            array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND x.indisunique`,
  );
  return r.rows;
}

describe('every central table carries the region code in its key', () => {
  it('the tables are the ones declared here, each with its primary key as written', async () => {
    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.rows.map((t) => t.tablename).sort()).toEqual([...Object.keys(primaryKeys), ...localTables].sort());
    const pks = (await constraints()).filter((c) => c.type === 'p' && !localTables.includes(c.table));
    expect(Object.fromEntries(pks.map((c) => [c.table, c.columns]))).toEqual(primaryKeys);
  });

  it('no unique key, unique index or foreign key spans regions: each starts with region_code', async () => {
    const central = (name: string) => !localTables.includes(name);
    for (const c of (await constraints()).filter((x) => central(x.table))) {
      expect(c.columns[0], `${c.table}.${c.name}`).toBe('region_code');
      if (c.foreignColumns) expect(c.foreignColumns[0], `${c.table}.${c.name} references`).toBe('region_code');
    }
    for (const index of (await uniqueIndexes()).filter((x) => central(x.table))) expect(index.columns[0], `${index.table}.${index.name}`).toBe('region_code');
  });
});

describe('PostgreSQL accepts the partitioned layouts, keys included', () => {
  it('every central table hash-partitioned by region_code (as a distributed database shards it)', async () => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      for (const table of Object.keys(primaryKeys)) {
        // INCLUDING ALL copies every key and index: PostgreSQL refuses one that lacks region_code.
        await client.query(`CREATE TABLE ${table}_by_region (LIKE ${table} INCLUDING ALL) PARTITION BY HASH (region_code)`);
        await client.query(`CREATE TABLE ${table}_by_region_0 PARTITION OF ${table}_by_region FOR VALUES WITH (MODULUS 2, REMAINDER 0)`);
      }
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('central_event range-partitioned by month on its UUIDv7 id, and refused on a column outside its key', async () => {
    /** The smallest UUIDv7 of a millisecond: its first 48 bits are the time. */
    const firstIdOf = (ms: number) => {
      const hex = ms.toString(16).padStart(12, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
    };
    const december = Date.UTC(2026, 11, 1);
    const january = Date.UTC(2027, 0, 1);
    // The bounds docs/scale.md prints for December 2026.
    expect([firstIdOf(december), firstIdOf(january)]).toEqual(['01a22ee6-b000-7000-8000-000000000000', '01a2ce8b-d400-7000-8000-000000000000']);
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TABLE central_event_p (LIKE central_event INCLUDING ALL) PARTITION BY RANGE (id)');
      await client.query(`CREATE TABLE central_event_2026_12 PARTITION OF central_event_p FOR VALUES FROM ('${firstIdOf(december)}') TO ('${firstIdOf(january)}')`);
      await client.query('CREATE TABLE central_event_default PARTITION OF central_event_p DEFAULT');
      await client.query('SAVEPOINT wrong');
      // A month column outside the key would not do: PostgreSQL says why.
      await expect(client.query('CREATE TABLE central_event_q (LIKE central_event INCLUDING ALL) PARTITION BY RANGE (recorded_at)')).rejects.toThrow(/unique constraint on partitioned table must include all partitioning columns/);
      await client.query('ROLLBACK TO SAVEPOINT wrong');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});

