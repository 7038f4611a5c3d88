/**
 * Migration 0005 turns a case's header and state and an event's payload from `jsonb` into `json`:
 * a database written by a gateway before it keeps every value, read back as the same JSON, and
 * the columns are `json` after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { migrate, openPool, type Db } from '../../gateway/src/db/database.ts';
import { migrations } from '../../gateway/src/db/migrations/index.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/gateway.ts';

let server: TestPostgres;
let db: Db;

beforeAll(async () => {
  server = await startTestPostgres();
  db = openPool(await server.createDatabase(), pino({ level: 'silent' }), 2);
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const header = { matter: { code: 'GJZ-SCJG-0001', departmentCode: 'SCJG' }, materials: [{ key: 'id-card', name: '身份证 "原件"', copies: 1 }], parentCaseId: null };
const state = { status: 'accepted', assigneeId: null, steps: [1.5, true, '𠮷'] };
const payload = { opinion: '同意\n反斜杠 \\ 与引号 "', level: 5 };

describe('migration 0005 (json text)', () => {
  it('keeps what a schema-4 gateway stored and leaves the columns as json', async () => {
    // The database as a gateway of schema 4 left it, with a case and an event in it.
    await db.query('CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const m of migrations.filter((m) => m.version <= 4)) {
      await db.query(m.up);
      await db.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    const caseId = '0193a3b4-0000-7000-8000-000000000001';
    await db.query(
      `INSERT INTO central_case (region_code, case_id, case_number, centre_code, competent_region, department_code, matter_code, header, personal, last_seq, state, created_at, updated_at)
       VALUES ('210211', $1, '21021120261203001000001', '210211', '210211', 'SCJG', 'GJZ-SCJG-0001', $2::jsonb, '\\x00', 1, $3::jsonb, now(), now())`,
      [caseId, JSON.stringify(header), JSON.stringify(state)],
    );
    await db.query(
      `INSERT INTO central_event (region_code, id, case_id, seq, type, at, recorded_at, payload, device_region, device_id, device_code, centre_code)
       VALUES ('210211', '0193a3b4-0000-7000-8000-000000000002', $1, 1, 'review.check', '2026-12-03T17:00:00.000Z', now(), $2::jsonb, '210211', $1, 'A01', '210211')`,
      [caseId, JSON.stringify(payload)],
    );

    await migrate(db, pino({ level: 'silent' }));

    const types = await db.query<{ header: string; state: string; payload: string }>(
      `SELECT (SELECT pg_typeof(header)::text FROM central_case) AS header, (SELECT pg_typeof(state)::text FROM central_case) AS state,
              (SELECT pg_typeof(payload)::text FROM central_event) AS payload`,
    );
    expect(types.rows[0]).toEqual({ header: 'json', state: 'json', payload: 'json' });
    const stored = await db.query('SELECT c.header, c.state, e.payload FROM central_case c JOIN central_event e USING (region_code, case_id)');
    expect(stored.rows[0]).toEqual({ header, state, payload });
    const applied = await db.query<{ version: number }>('SELECT version FROM schema_migration WHERE version >= 5 ORDER BY version');
    expect(applied.rows[0]?.version).toBe(5);
  });
});
