/**
 * export.day_5k_xlsx_ms: one day of 5,000 cases to xlsx (<= 1000 ms).
 * export.month_150k_xlsx_s: a month of 150,000 cases to xlsx, streamed (<= 15 s), with
 * export.month_150k_rss_growth_mb (<= 150): the process's resident memory above what it was
 * before the export, sampled while it runs.
 *
 * The fixture is the real schema (a booted site with the demo catalogue and users) with the
 * cases bulk-inserted in one transaction: a fixture, not the write path under test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, chinaDayBounds } from '../src-main/domain/stats/figures.ts';
import { residentIdCheckChar } from '../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../src-main/host/boot.ts';
import { seedDemo } from '../src-main/services/demo/seed.ts';
import { writeExport } from '../src-main/services/exports/export.ts';
import { report } from './report.ts';

const statuses = ['closed', 'closed', 'closed', 'in_review', 'decided', 'notice', 'refused', 'accepted'];
const channels = ['window', 'window', 'appointment', 'cross_region', 'station'];
const names = ['张伟', '李娜', '王秀英', '刘洋洋', '陈静', '杨帆', '𠮷田春', '王䶮', '赵丽颖', '孙建国'];

export function site(now: Date): Services {
  const services = bootServices({ dataDir: mkdtempSync(join(tmpdir(), 'onewindow-bench-export-')), appVersion: 'bench', seedDemoIfEmpty: false, clock: () => now });
  seedDemo(services.env, { now, history: false });
  return services;
}

/** `perDay` cases on each of `days` days ending `last`, spread over 08:30–17:30 China time. */
export function fill(services: Services, last: string, days: number, perDay: number): void {
  const db = services.env.store.db;
  const matters = db.prepare('SELECT code, name, department_code FROM matter_version WHERE is_current = 1').all() as Array<{ code: string; name: string; department_code: string }>;
  const insert = db.prepare(
    `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name, matter_version, department_code, channel,
       ticket_number, applicant_type, personal, applicant_id_type, accepted_at, due_date, created_at, updated_at,
       ticket_taken_at, ticket_called_at, decided_at, refusal_reason, rating_level, is_demo)
     VALUES (?, ?, ?, 'demo-centre-210211', ?, ?, ?, ?, 1, ?, ?, ?, 'individual', ?, 'resident_id', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  // Sealed as the store keeps them (docs/personal-data.md), so the export pays for opening them.
  const cipher = services.env.store.read((tx) => tx.cipher);
  const personal = (name: string, idNumber: string, phone: string) =>
    cipher.seal({ name, idNumber, phone, address: null, legalRepresentative: null, contactName: null, agentName: null, agentIdNumber: null, agentPhone: null });
  db.transaction(() => {
    let n = 0;
    for (let d = days - 1; d >= 0; d--) {
      const date = addDays(last, -d);
      const dayStart = Date.parse(chinaDayBounds(date, date).start) + 8.5 * 3_600_000;
      for (let i = 0; i < perDay; i++, n++) {
        const m = matters[n % matters.length] ?? { code: 'X', name: 'X', department_code: 'X' };
        const decided = dayStart + Math.floor((i / perDay) * 9 * 3_600_000);
        const status = statuses[n % statuses.length] ?? 'closed';
        const first17 = `210211${1960 + (n % 40)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
        insert.run(
          `bench-${n}`, `210211${date.replaceAll('-', '')}W01${String(i + 1).padStart(5, '0')}X`, status,
          `demo-window-0${(n % 3) + 1}`, n % 2 ? 'demo-user-clerk' : 'demo-user-clerk2', m.code, m.name, m.department_code, channels[n % channels.length] ?? 'window',
          `A${i % 1000}`, personal(names[n % names.length] ?? '张伟', first17 + residentIdCheckChar(first17), `1390411${String(n % 10_000).padStart(4, '0')}`),
          status === 'notice' || status === 'refused' ? null : new Date(decided).toISOString(), addDays(date, 20), new Date(decided).toISOString(), new Date(decided).toISOString(),
          new Date(decided - 25 * 60_000).toISOString(), new Date(decided - 10 * 60_000).toISOString(), new Date(decided).toISOString(),
          status === 'refused' ? '不属于本机关职权范围' : null, status === 'closed' ? (n % 5) + 1 : null,
        );
      }
    }
  })();
}

/** What the export figures' clock covers; the supervisor's wait from the click is export.month_150k_click_to_saved_s. */
const writeOnly = 'writeExport in process: the daily log counted, the rows read, opened and written into the xlsx file and renamed into place; no service thread, HTTP, download or browser';

async function timedExport(services: Services, from: string, to: string): Promise<{ ms: number; rows: number; rssGrowthMb: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'onewindow-bench-out-'));
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const result = await writeExport(services.env, { format: 'xlsx', from, to, actor: { userId: 'demo-user-supervisor', role: 'supervisor' }, full: false, folder });
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, rows: result.rows, rssGrowthMb: (peak - baseline) / 1_048_576 };
  } finally {
    clearInterval(sampler);
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchExports(filter: string): Promise<void> {
  const now = new Date('2026-11-27T02:00:00Z');
  const last = '2026-11-26';
  const context = () => ({ load_avg_1m: Number(loadavg()[0]?.toFixed(2)) });
  if ('export.day_5k_xlsx_ms'.startsWith(filter) || filter.startsWith('export.day')) {
    const services = site(now);
    try {
      fill(services, last, 1, 5_000);
      await timedExport(services, last, last); // warm-up: module loading and statement caches
      const run = await timedExport(services, last, last);
      report('export.day_5k_xlsx_ms', run.ms, 'ms', { includes: writeOnly, rows: run.rows, budget: 1000, ...context() });
    } finally {
      services.close();
      rmSync(services.env.dataDir, { recursive: true, force: true });
    }
  }
  if ('export.month_150k_xlsx_s'.startsWith(filter) || filter.startsWith('export.month')) {
    const services = site(now);
    try {
      fill(services, last, 30, 5_000);
      const run = await timedExport(services, addDays(last, -29), last);
      report('export.month_150k_xlsx_s', run.ms / 1000, 's', { includes: writeOnly, rows: run.rows, budget: 15, ...context() });
      report('export.month_150k_rss_growth_mb', run.rssGrowthMb, 'MB', { includes: 'the peak resident memory of this process above what it held before, sampled every 20 ms while writeExport runs', rows: run.rows, budget: 150, ...context() });
    } finally {
      services.close();
      rmSync(services.env.dataDir, { recursive: true, force: true });
    }
  }
}
