import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src-main/store/migrations/index.ts';
import { applyPragmas, migrate } from '../../../src-main/store/open.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-migration-0004-');
/** A real file (WAL needs one) migrated to 0003, with a centre, a clerk and one case, then to 0004. */
function caseBeforeLifecycle(): Database.Database {
  const db = new Database(join(tempDir(), 'm.db'));
  applyPragmas(db);
  migrate(db, 'm', migrations.slice(0, 3));
  db.exec(`INSERT INTO centre VALUES ('c', '中心', '210211', 0);
    INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't');
    INSERT INTO case_record (id, status, centre_id, clerk_id, matter_code, matter_name, matter_version, department_code, channel, applicant_type, applicant_name, created_at, updated_at)
      VALUES ('k', 'accepted', 'c', 'u', 'm', '事项', 1, 'd', 'window', 'individual', '张三', 't', 't');`);
  migrate(db, 'm', migrations.slice(0, 4));
  return db;
}

describe('migration 0004 (lifecycle)', () => {
  it('adds the lifecycle columns to existing cases and accounts with their neutral values, rows otherwise untouched', () => {
    const db = caseBeforeLifecycle();
    expect(db.prepare('SELECT id, status, assignee_id, review_queue, flagged, flag_note, decision_outcome, steps_done, rating_level, delivered_at, closed_at FROM case_record').get()).toEqual({
      id: 'k',
      status: 'accepted',
      assignee_id: null,
      review_queue: null,
      flagged: 0,
      flag_note: null,
      decision_outcome: null,
      steps_done: 0,
      rating_level: null,
      delivered_at: null,
      closed_at: null,
    });
    // Nobody has the 即办 right until the centre grants it.
    expect(db.prepare('SELECT username, may_decide_immediately FROM app_user').get()).toEqual({ username: 'u', may_decide_immediately: 0 });
  });

  it('refuses values the lifecycle never writes: an unknown outcome, a rating outside 1–5, a flag other than 0/1', () => {
    const db = caseBeforeLifecycle();
    expect(() => db.prepare("UPDATE case_record SET decision_outcome = 'maybe' WHERE id = 'k'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE case_record SET rating_level = 6 WHERE id = 'k'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE case_record SET flagged = 2 WHERE id = 'k'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE case_record SET assignee_id = 'nobody' WHERE id = 'k'").run()).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE case_record SET decision_outcome = 'granted', rating_level = 5, flagged = 1, assignee_id = 'u' WHERE id = 'k'").run();
  });

  it('keeps follow-ups of bad ratings in a STRICT table bound to their case, open or done', () => {
    const db = caseBeforeLifecycle();
    const strict = db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'follow_up'").get() as { strict: number };
    expect(strict.strict).toBe(1);
    const add = db.prepare("INSERT INTO follow_up (id, case_id, rating_level, created_at, due_date, state) VALUES (?, ?, 1, 't', '2026-12-09', ?)");
    add.run('f1', 'k', 'open');
    expect(() => add.run('f2', 'no-such-case', 'open')).toThrow(/FOREIGN KEY/);
    expect(() => add.run('f3', 'k', 'forgotten')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO follow_up (id, case_id, rating_level, created_at, due_date) VALUES ('f4', 'k', 'bad', 't', 'd')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('reads a department’s queue by due date, and the open follow-ups by due date, from their indexes', () => {
    const db = caseBeforeLifecycle();
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' ');
    expect(plan("SELECT id FROM case_record WHERE department_code = 'd' AND review_queue = '待审' ORDER BY due_date LIMIT 20")).toContain('USING INDEX case_record_queue');
    expect(plan("SELECT id FROM follow_up WHERE state = 'open' ORDER BY due_date")).toContain('USING INDEX follow_up_open');
  });
});

describe('the migration list', () => {
  const folder = fileURLToPath(new URL('../../../src-main/store/migrations/', import.meta.url));
  const files = readdirSync(folder).filter((name) => /^\d{4}-.+\.ts$/.test(name));

  it('lists every migration file, and every listed migration has its file', () => {
    const listed = migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`);
    expect(listed.toSorted()).toEqual(files.toSorted());
  });

  it('lists them in order: the file number is the version', () => {
    expect(migrations.map((m) => m.version)).toEqual(files.toSorted().map((name) => Number(name.slice(0, 4))));
  });
});
