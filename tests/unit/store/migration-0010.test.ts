import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src-main/store/migrations/index.ts';
import { applyPragmas, migrate } from '../../../src-main/store/open.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-migration-0010-');
function migratedTo(version: number): Database.Database {
  const db = new Database(join(tempDir(), 'm.db'));
  applyPragmas(db);
  migrate(db, 'm', migrations.slice(0, version));
  return db;
}

describe('migration 0010 (sync)', () => {
  const db = migratedTo(10);
  const link = (id: number) =>
    db.prepare(
      `INSERT INTO sync_link (id, gateway_url, device_id, device_code, device_role, centre_code, centre_name, region_code, credentials, registered_at)
       VALUES (?, 'https://gw', 'd', 'A01', 'window', '210211', '甘井子', '210211', x'00', '2026-12-02T00:00:00Z')`,
    ).run(id);

  it('holds one link only: a PC is registered with one gateway at a time', () => {
    link(1);
    expect(() => link(2)).toThrow(/CHECK/);
  });

  it('gives each central number of a case to one event only', () => {
    db.prepare("INSERT INTO case_event_order (event_id, case_id, central_seq) VALUES ('e1', 'c1', 1)").run();
    expect(() => db.prepare("INSERT INTO case_event_order (event_id, case_id, central_seq) VALUES ('e2', 'c1', 1)").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO case_event_order (event_id, case_id, central_seq) VALUES ('e2', 'c2', 1)").run();
  });

  it("finds a case's rejections through its index", () => {
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM sync_rejection WHERE case_id = 'c1'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX sync_rejection_case');
  });
});
