import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../../src-main/domain/cases/status.ts';
import { bundleStatus } from '../../../src-main/domain/lifecycle/bundle.ts';
import { latestSchemaVersion, migrations } from '../../../src-main/store/migrations/index.ts';
import type { Migration } from '../../../src-main/store/migrations/types.ts';
import { applyPragmas, migrate } from '../../../src-main/store/open.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

// Real files: WAL (asserted by applyPragmas) does not exist for in-memory databases.
const tempDir = useFileTempDir('onewindow-migration-');
function freshDb(): Database.Database {
  const db = new Database(join(tempDir(), 'm.db'));
  applyPragmas(db);
  return db;
}

describe('migrations', () => {
  it('are numbered 1..n without gaps; the newest number is the schema version', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(latestSchemaVersion).toBe(versions.length);
  });

  it('a failing migration rolls back the whole run and leaves user_version as it was', () => {
    const db = freshDb();
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: 'CREATE TABLE a (x INTEGER) STRICT;' },
      { version: 2, name: 'broken', up: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, 'mem', broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a', 'b')").get()).toEqual({ n: 0 });
  });

  it('is idempotent: running again applies nothing', () => {
    const db = freshDb();
    migrate(db);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    migrate(db);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
  });
});

describe('migration 0001 (initial)', () => {
  const db = freshDb();
  migrate(db, 'mem', migrations.slice(0, 1));

  it('creates STRICT tables only', () => {
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name).sort()).toEqual(
      ['app_user', 'audit_log', 'case_event', 'case_number_sequence', 'case_record', 'centre', 'outbox', 'service_window', 'setting'].sort(),
    );
    for (const table of tables) expect(table.sql.trim(), table.name).toMatch(/\) STRICT(, WITHOUT ROWID)?$/);
  });

  it('makes case events and audit rows append-only', () => {
    db.exec(`
      INSERT INTO centre VALUES ('c', '中心', '210211', 0);
      INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at)
        VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', '2026-01-01');
      INSERT INTO case_record (id, status, centre_id, clerk_id, matter_code, matter_name, matter_version,
        department_code, channel, applicant_type, applicant_name, created_at, updated_at)
        VALUES ('k', 'draft', 'c', 'u', 'm', '事项', 1, 'd', 'window', 'individual', '张三', 't', 't');
      INSERT INTO case_event (id, case_id, seq, type, at, device_id, payload) VALUES ('e', 'k', 1, 'note', 't', 'd', '{}');
      INSERT INTO audit_log (at, device_id, action, outcome, detail, prev_hash, hash) VALUES ('t', 'd', 'a', 'ok', '{}', 'p', 'h');
    `);
    expect(() => db.exec("UPDATE case_event SET type = 'x'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM case_event')).toThrow(/append-only/);
    expect(() => db.exec("UPDATE audit_log SET action = 'x'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
  });

  it('enforces types, checks and foreign keys', () => {
    expect(() => db.exec("INSERT INTO centre VALUES ('c2', '中心', 'abc', 0)")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO centre VALUES ('c3', '中心', '210211', 'yes')")).toThrow();
    expect(() =>
      db.exec("INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES ('w', 'missing', '1', 'w', 'W01')"),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.exec("INSERT INTO outbox (message_id, kind, aggregate_type, aggregate_id, payload, created_at) VALUES ('m', 'k', 'a', 'i', 'not json', 't')")).toThrow(/CHECK/);
  });
});

describe('migration 0002 (intake)', () => {
  const db = freshDb();
  migrate(db, 'mem', migrations.slice(0, 2));

  it('adds the catalogue, checklist, drafts, scans, prints and applicants as STRICT tables', () => {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>;
    for (const name of ['department', 'matter_version', 'bundle', 'calendar_year', 'case_material', 'intake_draft', 'attachment', 'print_record', 'applicant']) {
      const table = tables.find((t) => t.name === name);
      expect(table?.sql.trim(), name).toMatch(/\) STRICT(, WITHOUT ROWID)?$/);
    }
  });

  it('keeps one current version per matter, and a scan belongs to a draft or a case, not both', () => {
    db.exec("INSERT INTO department VALUES ('D', '部门')");
    const insert = (version: number, current: number) =>
      db.exec(`INSERT INTO matter_version VALUES ('M', ${version}, '事项', 'D', '210211', 'promised', 20, 'working', 5, 'working', 0, 0, 1, '[]', 'v', ${current}, 't')`);
    insert(1, 1);
    expect(() => insert(2, 1)).toThrow(/UNIQUE/);
    expect(() =>
      db.exec("INSERT INTO attachment (id, draft_id, case_id, material_key, file_name, mime_type, size, sha256, added_by, added_at) VALUES ('a', NULL, NULL, 'k', 'f', 'image/png', 1, '" + 'a'.repeat(64) + "', 'u', 't')"),
    ).toThrow(/CHECK|FOREIGN/);
  });
});

describe('migration 0003 (accounts)', () => {
  it('adds failed-login counting and lockout to existing accounts without touching them', () => {
    const db = freshDb();
    migrate(db, 'mem', migrations.slice(0, 2));
    db.exec(`INSERT INTO centre VALUES ('c', '中心', '210211', 0);
      INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't');`);
    migrate(db, 'mem', migrations.slice(0, 3));
    expect(db.prepare('SELECT username, failed_logins, locked_until FROM app_user').get()).toEqual({ username: 'u', failed_logins: 0, locked_until: null });
  });
});

describe('migration 0005 (list indexes)', () => {
  it('answers a department’s open cases by due date from an index', () => {
    const db = freshDb();
    migrate(db, 'mem', migrations.slice(0, 5));
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM case_record WHERE status = 'accepted' AND department_code = 'D' ORDER BY due_date LIMIT 20")
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('case_record_status_dept_due');
  });
});

describe('migration 0011 (status queue index)', () => {
  const planOf = (db: Database.Database, sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');

  it('counts a status’s matter cases from the index alone, without reading a case row', () => {
    const db = freshDb();
    migrate(db, 'mem', migrations.slice(0, 10));
    // The window queue's count (cases/list { status }): before, each case of the status was read for is_bundle.
    const count = "SELECT count(*) FROM (SELECT 1 FROM case_record c WHERE c.status = 'accepted' AND c.is_bundle = 0 LIMIT 10001)";
    expect(planOf(db, count)).not.toContain('COVERING INDEX');
    migrate(db, 'mem', migrations.slice(0, 11));
    expect(planOf(db, count)).toContain('COVERING INDEX case_record_status_bundle_created (status=? AND is_bundle=?)');
  });

  it('pages a status’s matter cases newest first off the index, not by sorting them all', () => {
    const db = freshDb();
    migrate(db, 'mem', migrations.slice(0, 11));
    const page = planOf(db, "SELECT c.id FROM case_record c WHERE c.status = 'decided' AND c.is_bundle = 0 ORDER BY c.created_at DESC, c.id DESC LIMIT 20");
    expect(page).toContain('case_record_status_bundle_created (status=? AND is_bundle=?)');
    // Only the tie-break on id (same created_at) is left to sort.
    expect(page).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });
});

/** A database migrated up to just before `version`, with a centre, a clerk and `insert.run(id, status, parentCaseId, isBundle)` for cases. */
function casesBefore(version: number) {
  const db = freshDb();
  migrate(db, 'mem', migrations.filter((m) => m.version < version));
  db.exec(`INSERT INTO centre VALUES ('c', '中心', '210211', 0);
    INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't');`);
  const insert = db.prepare(`INSERT INTO case_record (id, status, centre_id, clerk_id, matter_code, matter_name, matter_version,
    department_code, channel, applicant_type, applicant_name, created_at, updated_at, parent_case_id, is_bundle)
    VALUES (?, ?, 'c', 'u', 'm', '事项', 1, 'd', 'window', 'individual', '张三', 't', 't', ?, ?)`);
  return { db, insert };
}

describe('migration 0007 (bundle status)', () => {
  it('sets each 一件事 parent to the status the lifecycle derives from its children', () => {
    const { db, insert } = casesBefore(7);
    const afterAcceptance: CaseStatus[] = ['accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered', 'closed', 'withdrawn', 'voided'];
    const expected = new Map<string, CaseStatus | null>();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...afterAcceptance), { minLength: 1, maxLength: 6 }), (statuses) => {
        const parent = `p${expected.size}`;
        insert.run(parent, 'accepted', null, 1);
        statuses.forEach((s, i) => insert.run(`${parent}-${i}`, s, parent, 0));
        expected.set(parent, bundleStatus(statuses));
      }),
      { numRuns: 300 },
    );
    const single = db.prepare("SELECT count(*) AS n FROM case_record WHERE is_bundle = 0 AND status = 'accepted'").get();
    migrate(db);
    const parents = db.prepare('SELECT id, status FROM case_record WHERE is_bundle = 1').all() as Array<{ id: string; status: string }>;
    expect(parents).toHaveLength(expected.size);
    for (const p of parents) expect([p.id, p.status]).toEqual([p.id, expected.get(p.id)]);
    // Children keep their own status.
    expect(db.prepare("SELECT count(*) AS n FROM case_record WHERE is_bundle = 0 AND status = 'accepted'").get()).toEqual(single);
  });

  it('drops the assignee index no query uses', () => {
    const db = freshDb();
    migrate(db);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'case_record_assignee'").get()).toEqual({ n: 0 });
  });
});

describe('migration 0006 (personal data)', () => {
  it('adds the sealed columns, the token table clustered for newest-first paging, and keeps rows as they were', () => {
    const db = freshDb();
    migrate(db, 'mem', migrations.slice(0, 5));
    db.exec(`INSERT INTO centre VALUES ('c', '中心', '210211', 0);
      INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't');
      INSERT INTO attachment (id, draft_id, material_key, file_name, mime_type, size, sha256, added_by, added_at)
        VALUES ('a', 'd', 'k', 'f', 'image/png', 1, '${'a'.repeat(64)}', 'u', 't');`);
    migrate(db, 'mem', migrations.slice(0, 6));
    const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns('case_record')).toContain('personal');
    expect(columns('intake_draft')).toContain('sealed');
    expect(db.prepare('SELECT content_name FROM attachment').get()).toEqual({ content_name: 'a'.repeat(64) });
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_token'").get() as { sql: string }).sql;
    expect(sql).toMatch(/PRIMARY KEY \(kind, token, created_at, case_id\)\s*\) STRICT, WITHOUT ROWID$/);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT case_id FROM search_token WHERE kind = 'name' AND token = x'00' ORDER BY created_at DESC, case_id DESC LIMIT 20")
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE');
  });
});

describe('migration 0013 (pending outbox index)', () => {
  it('reads the oldest pending messages off the index, without sorting the whole outbox', () => {
    const db = freshDb();
    const read = "EXPLAIN QUERY PLAN SELECT o.message_id FROM outbox o WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= '2026-11-25') AND o.kind <> 'user.upsert' ORDER BY o.created_at LIMIT 501";
    const planOf = () => (db.prepare(read).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    migrate(db, 'mem', migrations.slice(0, 12));
    expect(planOf()).toContain('TEMP B-TREE');
    migrate(db, 'mem', migrations.slice(0, 13));
    expect(planOf()).toContain('outbox_pending_created');
    expect(planOf()).not.toContain('TEMP B-TREE');
  });
});

describe('migration 0014 (outbox read indexes)', () => {
  it('passes over the messages of cases on the wire by the index alone, and finds pending account changes and waiting messages without walking every pending message', () => {
    const db = freshDb();
    const walk = `EXPLAIN QUERY PLAN SELECT o.message_id FROM outbox o WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= '2026-11-25')
      AND o.kind <> 'user.upsert' AND o.aggregate_id NOT IN (SELECT value FROM json_each('["a"]')) ORDER BY o.created_at LIMIT 501`;
    const accounts = "EXPLAIN QUERY PLAN SELECT o.message_id FROM outbox o WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= '2026-11-25') AND o.kind = 'user.upsert' ORDER BY o.created_at, o.message_id LIMIT 501";
    const release = "EXPLAIN QUERY PLAN UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND next_attempt_at IS NOT NULL AND aggregate_id IN (SELECT case_id FROM attachment WHERE upload_error IS NOT NULL)";
    const planOf = (sql: string) => (db.prepare(sql).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    migrate(db, 'mem', migrations.slice(0, 13));
    expect(planOf(accounts)).toContain('outbox_pending_created');
    expect(planOf(release)).toContain('SCAN outbox');
    migrate(db, 'mem', migrations.slice(0, 14));
    expect(planOf(walk)).toContain('SCAN o USING INDEX outbox_pending_walk');
    expect(planOf(walk)).not.toContain('TEMP B-TREE');
    expect(planOf(accounts)).toContain('outbox_pending_accounts');
    expect(planOf(release)).toContain('outbox_pending_waiting');
    expect(planOf(release)).toContain('attachment_upload_failed');
    expect(planOf(release)).not.toContain('SCAN outbox');
  });
});

describe('migration 0008 (daily log)', () => {
  it('reads a day’s hand-overs and ratings from a partial index, and records export runs', () => {
    const db = freshDb();
    migrate(db);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT case_id FROM case_event WHERE type = 'rating.given' AND at >= '2026-11-25T16:00:00Z' AND at < '2026-11-26T16:00:00Z'")
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('case_event_ratings');
    db.prepare("INSERT INTO export_run (id, log_date, started_at, outcome, attempt, folder) VALUES ('r', '2026-11-25', 't', 'ok', 1, '/x')").run();
    expect(() => db.prepare("INSERT INTO export_run (id, log_date, started_at, outcome, attempt, folder) VALUES ('s', '2026-11-25', 't', 'maybe', 1, '/x')").run()).toThrow(/CHECK/);
  });
});

describe('migration 0009 (bundle tokens)', () => {
  it('keeps a 一件事 bundle’s tokens on its parent only, counting the family, and leaves other cases’ tokens alone', () => {
    const { db, insert } = casesBefore(9);
    const insertCase = (id: string, parent: string | null, isBundle: number) => insert.run(id, 'accepted', parent, isBundle);
    const insertToken = db.prepare("INSERT INTO search_token (kind, token, created_at, case_id) VALUES (?, x'01', 't', ?)");
    insertCase('parent', null, 1);
    insertCase('child-1', 'parent', 0);
    insertCase('child-2', 'parent', 0);
    insertCase('single', null, 0);
    for (const caseId of ['parent', 'child-1', 'child-2', 'single']) for (const kind of ['id', 'phone']) insertToken.run(kind, caseId);
    migrate(db);
    expect(db.prepare('SELECT kind, case_id, cases FROM search_token ORDER BY case_id, kind').all()).toEqual([
      { kind: 'id', case_id: 'parent', cases: 3 },
      { kind: 'phone', case_id: 'parent', cases: 3 },
      { kind: 'id', case_id: 'single', cases: 1 },
      { kind: 'phone', case_id: 'single', cases: 1 },
    ]);
  });
});
