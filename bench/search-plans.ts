/**
 * Diagnosis for the list/search targets the 1M fixture misses: the query plans of the SQL that
 * listCases (src-main/services/cases/queries.ts) builds, timed as it is and with the proposed
 * indexes / query shape, on a private copy of the fixture. Not part of `npm run bench`:
 *   node bench/search-plans.ts
 * One JSON object per line: { name, variant, p50, p95, p99, plan }.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { ensureFixture } from './fixtures/million.ts';
import { Rng } from './fixtures/rng.ts';
import { percentile } from './report.ts';

const info = await ensureFixture({ cases: Number(process.env.ONEWINDOW_BENCH_CASES ?? 1_000_000) });
const dir = mkdtempSync(join(tmpdir(), 'onewindow-plans-'));
const path = join(dir, 'plans.db');
copyFileSync(info.path, path);
const db = new Database(path);
db.pragma('journal_mode = WAL');

// The row query of listCases (select list trimmed to the columns that matter for the plan's cost).
const select = `SELECT c.id, c.case_number, c.status, c.matter_name, c.applicant_name, c.applicant_id_number, c.due_date,
  c.created_at, w.number AS window_number, u.display_name AS clerk_name, a.display_name AS assignee_name
  FROM case_record c JOIN app_user u ON u.id = c.clerk_id LEFT JOIN service_window w ON w.id = c.window_id
  LEFT JOIN app_user a ON a.id = c.assignee_id`;

const rows = (db.prepare('SELECT count(*) AS n FROM case_record').get() as { n: number }).n;
const rng = new Rng(0x91a5);
const names: string[] = [];
const byRowid = db.prepare("SELECT applicant_name AS v FROM case_record WHERE rowid = ? AND applicant_type = 'individual'");
while (names.length < 200) {
  const r = byRowid.get(1 + rng.int(rows)) as { v: string } | undefined;
  if (r) names.push([...r.v].slice(0, names.length % 2 === 0 ? 1 : 2).join(''));
}
const departments = (db.prepare('SELECT code FROM department').all() as Array<{ code: string }>).map((d) => d.code);
const windows = (db.prepare('SELECT id FROM service_window').all() as Array<{ id: string }>).map((w) => w.id);
const dueInputs = Array.from({ length: 200 }, (_, i) => ({
  status: i % 2 === 0 ? 'accepted' : 'in_review',
  column: i % 3 === 2 ? 'window_id' : 'department_code',
  value: i % 3 === 2 ? rng.pick(windows) : rng.pick(departments),
  offset: rng.chance(0.8) ? 0 : 20 * (1 + rng.int(3)),
}));

function time(name: string, variant: string, sqlFor: (i: number) => { sql: string; params: unknown[] }, n: number): void {
  const ms: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const { sql, params } = sqlFor(i);
    const stmt = db.prepare(sql);
    const t = performance.now();
    stmt.all(...params);
    if (i >= 10) ms.push(performance.now() - t);
  }
  const { sql, params } = sqlFor(0);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
  const r = (x: number) => Number(x.toFixed(3));
  process.stdout.write(`${JSON.stringify({ name, variant, p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), p99: r(percentile(ms, 99)), samples: ms.length, plan })}\n`);
}

const nameWhere = 'c.applicant_name >= ? AND c.applicant_name < ?';
const nameParams = (i: number) => [names[i % names.length] ?? '王', `${names[i % names.length] ?? '王'}\u{10FFFF}`];
const count = (where: string) => `SELECT count(*) AS n FROM (SELECT 1 FROM case_record c WHERE ${where} LIMIT 10001)`;
const dueWhere = (i: number) => `c.status = ? AND c.${dueInputs[i % dueInputs.length]?.column ?? 'department_code'} = ? AND c.due_date IS NOT NULL`;
const dueParams = (i: number) => {
  const d = dueInputs[i % dueInputs.length];
  return [d?.status, d?.value];
};

function measureAll(variant: string, lateLookup: boolean): void {
  time('name_prefix.rows', variant, (i) => ({
    sql: lateLookup
      ? `${select} WHERE c.rowid IN (SELECT rowid FROM case_record c WHERE ${nameWhere} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0) ORDER BY c.created_at DESC, c.id DESC`
      : `${select} WHERE ${nameWhere} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`,
    params: nameParams(i),
  }), 200);
  time('name_prefix.count', variant, (i) => ({ sql: count(nameWhere), params: nameParams(i) }), 200);
  time('due_date.rows', variant, (i) => ({
    sql: `${select} WHERE ${dueWhere(i)} ORDER BY c.due_date ASC, c.id ASC LIMIT 20 OFFSET ${dueInputs[i % dueInputs.length]?.offset ?? 0}`,
    params: dueParams(i),
  }), 200);
  time('due_date.count', variant, (i) => ({ sql: count(dueWhere(i)), params: dueParams(i) }), 200);
}

try {
  measureAll('as shipped', false);
  measureAll('as shipped, late row lookup', true);
  let t = performance.now();
  db.exec('CREATE INDEX bench_name_created ON case_record (applicant_name, created_at, id)');
  db.exec('CREATE INDEX bench_status_dept_due ON case_record (status, department_code, due_date)');
  db.exec('CREATE INDEX bench_status_window_due ON case_record (status, window_id, due_date)');
  db.exec('ANALYZE');
  process.stdout.write(`${JSON.stringify({ name: 'proposed_indexes_build_s', value: Number(((performance.now() - t) / 1000).toFixed(1)) })}\n`);
  measureAll('proposed indexes', false);
  measureAll('proposed indexes, late row lookup', true);
  // Hybrid for very common prefixes (王, 李 …, count capped at 10000+): walk the newest cases and
  // keep the matches, through an index that carries the name, instead of sorting 50k entries.
  t = performance.now();
  db.exec('CREATE INDEX bench_created_name ON case_record (created_at, applicant_name)');
  db.exec('ANALYZE');
  process.stdout.write(`${JSON.stringify({ name: 'hybrid_index_build_s', value: Number(((performance.now() - t) / 1000).toFixed(1)) })}\n`);
  const counter = db.prepare(count(nameWhere));
  time('name_prefix.count+rows', 'proposed indexes, late row lookup, hybrid', (i) => {
    const params = nameParams(i);
    const common = ((counter.get(...params) as { n: number }).n) > 10_000;
    const inner = common
      ? `SELECT rowid FROM case_record c INDEXED BY bench_created_name WHERE ${nameWhere} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`
      : `SELECT rowid FROM case_record c INDEXED BY bench_name_created WHERE ${nameWhere} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`;
    return { sql: `${select} WHERE c.rowid IN (${inner}) ORDER BY c.created_at DESC, c.id DESC`, params };
  }, 200);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
