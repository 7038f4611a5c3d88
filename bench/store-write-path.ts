/**
 * store.write_path_ratio: the store's write path (case row + case event + outbox message + SM3
 * audit row, one IMMEDIATE transaction) over a bare better-sqlite3 insert of the same case row,
 * each committed on its own with the same durability (WAL, synchronous=FULL): the unit of work
 * a clerk's click produces. Both run in the same process, interleaved in blocks, so machine
 * noise hits both alike. The CPU-only ratio (everything in one transaction, no fsync per row)
 * is reported beside it as context.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applyPragmas, migrate } from '../src-main/store/open.ts';
import { Store, type WriteContext } from '../src-main/store/store.ts';
import { median, report } from './report.ts';

const insertCase = `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name,
  matter_version, department_code, channel, applicant_type, applicant_name, applicant_id_type, applicant_id_number,
  applicant_phone, accepted_at, due_date, created_at, updated_at)
  VALUES (?, ?, 'accepted', 'c', NULL, 'u', 'GJZ-SCJG-0001', '企业设立登记', 1, 'GJZ-SCJG', 'window', 'individual', ?, 'resident_id', ?, ?, ?, ?, ?, ?)`;

const setup = `INSERT INTO centre VALUES ('c', '中心', '210211', 0);
  INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '王芳', 'clerk', 'c', 'x', 't');`;

function caseParams(i: number): string[] {
  const now = new Date(Date.UTC(2026, 10, 26, 8, 0, i % 60)).toISOString();
  return [`case-${i}`, `21021120261126W01${String(i).padStart(5, '0')}X`, `申请人${i}`, `2102111990010${String(i % 1000).padStart(4, '0')}`, `1390411${String(i % 10000).padStart(4, '0')}`, '2026-11-26', '2026-12-04', now, now];
}

export function benchStoreWritePath(rows = 3000, block = 50): void {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-'));
  try {
    const bare = new Database(join(dir, 'bare.db'));
    applyPragmas(bare);
    migrate(bare);
    bare.exec(setup);
    const bareInsert = bare.prepare(insertCase);

    const store = Store.open(join(dir, 'store.db'));
    store.db.exec(setup);
    const context: WriteContext = { actor: { userId: 'u', role: 'clerk' }, deviceId: 'bench-device' };
    const writePath = (i: number) =>
      store.write(context, (tx) => {
        const params = caseParams(i);
        tx.run(insertCase, ...params);
        tx.appendCaseEvent({ caseId: params[0] ?? '', type: 'accepted', payload: { caseNumber: params[1] } });
        tx.audit({ action: 'case.accept', target: params[0] ?? '' });
      });

    const bareMs: number[] = [];
    const pathMs: number[] = [];
    for (let start = 0; start < rows; start += block) {
      let t = performance.now();
      for (let i = start; i < start + block; i++) bareInsert.run(...caseParams(i));
      bareMs.push((performance.now() - t) / block);
      t = performance.now();
      for (let i = start; i < start + block; i++) writePath(i);
      pathMs.push((performance.now() - t) / block);
    }

    // CPU-only: the same work inside one transaction each, so fsync does not hide the cost.
    const cpuRows = 3000;
    let t = performance.now();
    bare.transaction(() => {
      for (let i = rows; i < rows + cpuRows; i++) bareInsert.run(...caseParams(i));
    })();
    const bareCpu = (performance.now() - t) / cpuRows;
    t = performance.now();
    store.db.transaction(() => {
      for (let i = rows; i < rows + cpuRows; i++) writePath(i);
    })();
    const pathCpu = (performance.now() - t) / cpuRows;

    // Each block pair ran back to back, so its ratio is the least disturbed by machine noise.
    const ratio = median(pathMs.map((ms, i) => ms / (bareMs[i] ?? Number.NaN)));
    report('store.write_path_ratio', ratio, 'ratio', {
      target: '<= 1.5',
      rows,
      bare_ms_per_commit: Number(median(bareMs).toFixed(4)),
      write_path_ms_per_commit: Number(median(pathMs).toFixed(4)),
      cpu_only_ratio: Number((pathCpu / bareCpu).toFixed(3)),
      cpu_only_write_path_ms: Number(pathCpu.toFixed(4)),
    });
    bare.close();
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
