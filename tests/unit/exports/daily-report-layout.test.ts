import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportCaseRow } from '../../../src-main/domain/exports/columns.ts';
import { logTables, type ReportMeta } from '../../../src-main/domain/exports/tables.ts';
import { addDays, chinaDayBounds } from '../../../src-main/domain/stats/figures.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { writeExport } from '../../../src-main/services/exports/export.ts';
import { findCjkFont } from '../../../src-main/services/exports/fonts.ts';
import { writePdf } from '../../../src-main/services/exports/pdf.ts';
import { dailyLog } from '../../../src-main/services/stats/daily-log.ts';
import { bootDemo } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('ow-pdf-');

/**
 * The PDF daily report (日报) printed whole: no case number, department, matter or status cut
 * short, and the signature lines never alone on a page. Read back with pdftotext, rendered to
 * PNG with pdftoppm (kept under tests/artifacts/papers/ to be looked at).
 */
const artifacts = join(import.meta.dirname, '..', '..', 'artifacts', 'papers');
const hasFont = (() => {
  try {
    findCjkFont(null);
    return true;
  } catch {
    return false;
  }
})();

let services: Services;
let today: string;
beforeAll(() => {
  services = bootDemo();
  today = dateInChina(new Date());
  mkdirSync(artifacts, { recursive: true });
});
afterAll(() => services.close());

const supervisor = { userId: 'demo-user-supervisor', role: 'supervisor' as const };
const pdfText = (file: string, mode: '-layout' | '-raw', page?: number) =>
  execFileSync('pdftotext', [mode, ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
const caseNumberPattern = /\d{6}\d{8}[0-9A-Z]{3}\d{5}[0-9A-Z]/g;

describe.skipIf(!hasFont)('the PDF daily report prints whole', () => {
  it('prints every case number whole, and every department, matter and status in full', async () => {
    const from = addDays(today, -6);
    const result = await writeExport(services.env, { format: 'pdf', from, to: today, actor: supervisor, full: false, folder: tempDir() });
    const layout = pdfText(result.filePath, '-layout');
    const raw = pdfText(result.filePath, '-raw').replace(/\s+/g, '');
    expect(layout).not.toContain('…');
    const numbers = services.env.store.read((tx) =>
      tx.all<{ case_number: string }>(
        "SELECT case_number FROM case_record WHERE case_number IS NOT NULL AND created_at >= ? AND created_at < ?",
        chinaDayBounds(from, today).start,
        chinaDayBounds(from, today).end,
      ),
    );
    expect(numbers.length).toBe(result.rows);
    for (const { case_number } of numbers) expect(layout).toContain(case_number);
    // Nothing that looks like a case number is a cut or wrapped piece of one.
    for (const found of layout.match(caseNumberPattern) ?? []) expect(numbers.map((n) => n.case_number)).toContain(found);
    const log = services.env.store.read((tx) => dailyLog(tx, { from, to: today }, today));
    for (const d of log.byDepartment) expect(raw).toContain(d.label.replace(/\s+/g, ''));
    for (const w of log.byWindow) expect(raw).toContain(w.label.replace(/\s+/g, ''));
    for (const status of ['审查中', '待出件', '已出件', '办结', '补正中', '已受理'].filter((s) => layout.includes(s))) expect(raw).toContain(status);
    execFileSync('pdftoppm', ['-png', '-r', '60', result.filePath, join(artifacts, 'daily-report-week')]);
    expect(readdirSync(artifacts).filter((f) => f.startsWith('daily-report-week')).length).toBe(pageCount(result.filePath));
  }, 120_000);

  /** A day's report with `count` synthetic one-line case rows, as writePdf lays it out. */
  async function reportWith(count: number, name: string): Promise<{ file: string; numbers: string[] }> {
    const log = services.env.store.read((tx) => dailyLog(tx, { from: today, to: today }, today));
    const meta: ReportMeta = { centreName: '大连市甘井子区政务服务中心', from: today, to: today, generatedAt: `${today} 18:00`, generatedBy: '张敏', masked: true, rowCount: count };
    const numbers = Array.from({ length: count }, (_, i) => `21021120261202W01${String(i + 1).padStart(5, '0')}K`);
    const row = (caseNumber: string): ExportCaseRow => ({
      caseNumber, decidedAt: `${today}T01:30:00.000Z`, windowName: '综合窗口 1', clerkName: '王芳', channel: '窗口', matterCode: 'GJZ-GA-0001',
      matterName: '居民身份证换领', departmentName: '大连市公安局甘井子分局', bundle: '', applicantName: '张*', applicantId: '2102**********123X',
      applicantPhone: '139****4321', outcome: '受理', status: '审查中', dueDate: today, overdue: '', ticketNumber: 'A001', ticketTakenAt: null,
      ticketCalledAt: null, waitingMinutes: null, handlingMinutes: null, rating: '', flagged: '',
    });
    const file = join(tempDir(), `${name}.pdf`);
    await writePdf(file, findCjkFont(null), {
      meta, log, tables: logTables(log),
      cases: async (each) => {
        for (const n of numbers) each(row(n));
        return count;
      },
    });
    return { file, numbers };
  }

  function rowsOnPage(file: string, page: number): number {
    return (pdfText(file, '-layout', page).match(caseNumberPattern) ?? []).length;
  }

  it('keeps the last rows of the case table on the page with the signature lines', async () => {
    // Measure the page: how many rows the first page holds after the figures, and a full page.
    const probe = await reportWith(120, 'probe');
    const firstWithRows = [1, 2, 3].find((p) => rowsOnPage(probe.file, p) > 0) ?? 1;
    const beforeFull = rowsOnPage(probe.file, firstWithRows);
    const fullPage = rowsOnPage(probe.file, firstWithRows + 1);
    expect(fullPage).toBeGreaterThan(10);
    expect(beforeFull).toBeGreaterThan(0);
    // A table that ends exactly at the bottom of a page, or a row or two above it, is where the
    // signatures used to go on to a page of their own.
    const boundary = beforeFull + fullPage;
    for (const count of [boundary, boundary - 1, boundary - 2]) {
      const { file, numbers } = await reportWith(count, `boundary-${count}`);
      const pages = pageCount(file);
      const last = pdfText(file, '-layout', pages);
      expect(last, `${count} rows: the signature lines are on the last page`).toContain('窗口负责人（签字）');
      expect(rowsOnPage(file, pages), `${count} rows: the last page also carries case rows`).toBeGreaterThan(0);
      const all = pdfText(file, '-layout');
      for (const n of numbers) expect(all).toContain(n);
      if (count === boundary) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages - 1), file, join(artifacts, 'daily-report-signatures')]);
    }
  }, 180_000);
});
