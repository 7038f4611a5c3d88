/**
 * store.write_path_ratio: the store's write path (case row + case event + outbox message + SM3
 * audit row, one IMMEDIATE transaction) over a bare better-sqlite3 insert of the same case row,
 * each committed on its own with the same durability (WAL, synchronous=FULL): the unit of work
 * a clerk's click produces. Both run in the same process, interleaved in blocks, so machine
 * noise hits both alike. The CPU-only ratio (everything in one transaction, no fsync per row)
 * is reported beside it as context.
 *
 * Both databases are the shipped schema: booted by bootServices, whose boot step seals personal
 * data (the plaintext columns and their three indexes dropped, `personal` a sealed blob) and
 * loads the data key the keyed audit chain needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { bootServices } from '../src-main/host/boot.ts';
import { databasePath } from '../src-main/services/paths.ts';
import { applyPragmas } from '../src-main/store/open.ts';
import type { Store, WriteContext } from '../src-main/store/store.ts';
import { median, report } from './report.ts';

const shippedInsert = `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name,
  matter_version, department_code, channel, applicant_type, applicant_id_type, personal, accepted_at, due_date, created_at, updated_at)
  VALUES (?, ?, 'accepted', 'c', NULL, 'u', 'GJZ-SCJG-0001', '企业设立登记', 1, 'GJZ-SCJG', 'window', 'individual', 'resident_id', ?, ?, ?, ?, ?)`;

const setup = `INSERT INTO centre VALUES ('c', '中心', '210211', 0);
  INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '王芳', 'clerk', 'c', 'x', 't');`;

function dates(i: number): string[] {
  const now = new Date(Date.UTC(2026, 10, 26, 8, 0, i % 60)).toISOString();
  return ['2026-11-26', '2026-12-04', now, now];
}
const caseId = (i: number) => `case-${i}`;
const caseNumber = (i: number) => `21021120261126W01${String(i).padStart(5, '0')}X`;

interface Pair {
  /** Both databases, with their setup rows. */
  bare: Database.Database;
  store: Store;
  /** The case row's parameters for row i (the same for both sides). */
  params: (i: number) => Array<string | Buffer>;
  insert: string;
  close(): void;
}

/** The shipped schema: two data folders booted as the app boots them, personal data sealed. */
function shippedPair(dir: string): Pair {
  const bareServices = bootServices({ dataDir: join(dir, 'bare'), appVersion: 'bench', seedDemoIfEmpty: false });
  bareServices.close();
  const bare = new Database(databasePath(join(dir, 'bare')));
  applyPragmas(bare);
  bare.exec(setup);
  const services = bootServices({ dataDir: join(dir, 'store'), appVersion: 'bench', seedDemoIfEmpty: false });
  const { store } = services.env;
  store.db.exec(setup);
  const cipher = store.read((tx) => tx.cipher);
  const personal = (i: number) => cipher.seal({ name: `申请人${i}`, idNumber: `2102111990010${String(i % 1000).padStart(4, '0')}`, phone: `1390411${String(i % 10000).padStart(4, '0')}`, address: null });
  return { bare, store, insert: shippedInsert, params: (i) => [caseId(i), caseNumber(i), personal(i), ...dates(i)], close: () => (bare.close(), services.close()) };
}

function measure(pair: Pair, rows: number, block: number) {
  const bareInsert = pair.bare.prepare(pair.insert);
  const context: WriteContext = { actor: { userId: 'u', role: 'clerk' }, deviceId: 'bench-device' };
  const writePath = (i: number) =>
    pair.store.write(context, (tx) => {
      tx.run(pair.insert, ...pair.params(i));
      tx.appendCaseEvent({ caseId: caseId(i), type: 'accepted', payload: { caseNumber: caseNumber(i) } });
      tx.audit({ action: 'case.accept', target: caseId(i) });
    });
  const bareMs: number[] = [];
  const pathMs: number[] = [];
  for (let start = 0; start < rows; start += block) {
    let t = performance.now();
    for (let i = start; i < start + block; i++) bareInsert.run(...pair.params(i));
    bareMs.push((performance.now() - t) / block);
    t = performance.now();
    for (let i = start; i < start + block; i++) writePath(i);
    pathMs.push((performance.now() - t) / block);
  }
  // CPU-only: the same work inside one transaction each, so fsync does not hide the cost.
  const cpuRows = 3000;
  let t = performance.now();
  pair.bare.transaction(() => {
    for (let i = rows; i < rows + cpuRows; i++) bareInsert.run(...pair.params(i));
  })();
  const bareCpu = (performance.now() - t) / cpuRows;
  t = performance.now();
  pair.store.db.transaction(() => {
    for (let i = rows; i < rows + cpuRows; i++) writePath(i);
  })();
  const pathCpu = (performance.now() - t) / cpuRows;
  const caseIndexes = (pair.store.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'case_record'").get() as { n: number }).n;
  return {
    // Each block pair ran back to back, so its ratio is the least disturbed by machine noise.
    ratio: median(pathMs.map((ms, i) => ms / (bareMs[i] ?? Number.NaN))),
    bare_ms_per_commit: Number(median(bareMs).toFixed(4)),
    write_path_ms_per_commit: Number(median(pathMs).toFixed(4)),
    cpu_only_ratio: Number((pathCpu / bareCpu).toFixed(3)),
    cpu_only_write_path_ms: Number(pathCpu.toFixed(4)),
    case_record_indexes: caseIndexes,
  };
}

export function benchStoreWritePath(rows = 3000, block = 50): void {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-'));
  try {
    const shipped = shippedPair(dir);
    let result;
    try {
      result = measure(shipped, rows, block);
    } finally {
      shipped.close();
    }
    const { ratio, ...rest } = result;
    report('store.write_path_ratio', ratio, 'ratio', {
      target: '<= 1.5',
      includes: 'the shipped schema as booted (bootServices: personal data sealed, plaintext columns and their indexes dropped); case row with its sealed blob, + event + outbox + audit in one IMMEDIATE transaction vs the bare row insert, each committed with synchronous=FULL',
      rows,
      ...rest,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
