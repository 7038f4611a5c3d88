import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src-main/store/migrations/index.ts';
import { applyPragmas, migrate } from '../../../src-main/store/open.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-migration-0012-');
function migratedTo(version: number, db?: Database.Database): Database.Database {
  const target = db ?? new Database(join(tempDir(), 'm.db'));
  if (!db) applyPragmas(target);
  migrate(target, 'm', migrations.slice(0, version));
  return target;
}

const insert = (db: Database.Database, id: string, contentName: string | null, remote: Buffer | null) =>
  db.prepare(
    `INSERT INTO attachment (id, draft_id, material_key, file_name, mime_type, size, content_name, content_sha256, added_by, added_at)
     VALUES (?, 'd1', 'id-card', 'sealed-name', 'image/png', 10, ?, ?, 'u', 't')`,
  ).run(id, contentName, remote);

describe('migration 0012 (scans of cases taken elsewhere)', () => {
  const db = migratedTo(11);
  db.exec(`INSERT INTO centre VALUES ('c', '中心', '210211', 0);
    INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '用户', 'clerk', 'c', 'x', 't');
    INSERT INTO attachment (id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, added_by, added_at)
      VALUES ('a-old', 'd1', NULL, 'id-card', 'sealed', 'application/pdf', 1234, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'u', '2026-12-01T00:00:00Z');`);
  migratedTo(12, db);

  it('keeps every scan a store held, as it was', () => {
    expect(db.prepare('SELECT id, draft_id, material_key, mime_type, size, content_name, content_sha256, upload_error FROM attachment').all()).toEqual([
      { id: 'a-old', draft_id: 'd1', material_key: 'id-card', mime_type: 'application/pdf', size: 1234, content_name: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', content_sha256: null, upload_error: null },
    ]);
  });

  it("lets a pulled case name a scan whose bytes are still at the gateway, but not a scan named nowhere", () => {
    insert(db, 'a-remote', null, Buffer.from('sealed hash'));
    expect(() => insert(db, 'a-nothing', null, null)).toThrow(/CHECK/);
    expect(db.prepare("SELECT content_name FROM attachment WHERE id = 'a-remote'").get()).toEqual({ content_name: null });
  });

  it("still finds a case's and a draft's scans through their indexes", () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' ');
    expect(plan("SELECT * FROM attachment WHERE case_id = 'k'")).toContain('USING INDEX attachment_case');
    expect(plan("SELECT * FROM attachment WHERE draft_id = 'd1'")).toContain('USING INDEX attachment_draft');
  });
});
