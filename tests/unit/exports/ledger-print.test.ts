import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDayBounds } from '../../../src-main/domain/stats/figures.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { writeExport } from '../../../src-main/services/exports/export.ts';
import { bootDemo } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const xlsxDir = useFileTempDir('ow-xlsx-');
const loProfileDir = useFileTempDir('ow-lo-profile-');

/**
 * The xlsx 台账 as it prints: read back with exceljs for its print setup, then opened by a real
 * office suite (LibreOffice, headless) and printed to PDF, where every case number must be whole,
 * every page A4 landscape, and the header row on every page of the ledger.
 */
const artifacts = join(import.meta.dirname, '..', '..', 'artifacts', 'papers');
const soffice = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).stdout.trim();

let services: Services;
let today: string;
let from: string;
beforeAll(() => {
  services = bootDemo();
  today = dateInChina(new Date());
  from = addDays(today, -29);
  mkdirSync(artifacts, { recursive: true });
});
afterAll(() => services.close());

const supervisor = { userId: 'demo-user-supervisor', role: 'supervisor' as const };
const admin = { userId: 'demo-user-admin', role: 'admin' as const };

function caseNumbersInRange(): string[] {
  const { start, end } = chinaDayBounds(from, today);
  return services.env.store.read((tx) =>
    tx.all<{ n: string }>('SELECT case_number AS n FROM case_record WHERE case_number IS NOT NULL AND created_at >= ? AND created_at < ? ORDER BY created_at', start, end).map((r) => r.n),
  );
}

describe('the xlsx 台账 prints', () => {
  it('sets every sheet to A4 landscape, one page wide, the header row repeated', async () => {
    const result = await writeExport(services.env, { format: 'xlsx', from, to: today, actor: supervisor, full: false, folder: xlsxDir() });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(result.filePath);
    for (const sheet of book.worksheets) {
      expect(sheet.pageSetup, sheet.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(sheet.pageSetup.printTitlesRow?.replace(/\$/g, ''), sheet.name).toBe('1:1');
    }
  });

  it.skipIf(!soffice)('opens in LibreOffice and prints every case number whole, on landscape pages with the header on each', async () => {
    const folder = xlsxDir();
    const result = await writeExport(services.env, { format: 'xlsx', from, to: today, actor: supervisor, full: false, folder });
    const profile = loProfileDir();
    execFileSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', folder, result.filePath], { timeout: 170_000 });
    const pdf = result.filePath.replace(/\.xlsx$/, '.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    const numbers = caseNumbersInRange();
    const all = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const n of numbers) expect(all).toContain(n);
    let ledgerPages = 0;
    for (let page = 1; page <= pages; page++) {
      const size = execFileSync('pdfinfo', ['-f', String(page), '-l', String(page), pdf], { encoding: 'utf8' });
      const [, w, h] = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(size) ?? [];
      expect(Number(w), `page ${page} is landscape`).toBeGreaterThan(Number(h));
      const text = execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
      if (numbers.some((n) => text.includes(n))) {
        ledgerPages++;
        // The repeated header, and the last column on the same page: one page wide.
        expect(text, `page ${page}`).toContain('办件编号');
        expect(text, `page ${page}`).toContain('督办');
      }
    }
    expect(ledgerPages).toBeGreaterThan(1);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '3', pdf, join(artifacts, 'ledger-xlsx-libreoffice')]);
    expect(readdirSync(artifacts).some((f) => f.startsWith('ledger-xlsx-libreoffice'))).toBe(true);
  }, 180_000);

  it('names a full-ID export apart from the masked one', async () => {
    const folder = xlsxDir();
    const masked = await writeExport(services.env, { format: 'csv', from: today, to: today, actor: admin, full: false, folder });
    const full = await writeExport(services.env, { format: 'csv', from: today, to: today, actor: admin, full: true, folder });
    expect(masked.fileName).toBe(`综合窗口工作日志_${today}.csv`);
    expect(full.fileName).toBe(`综合窗口工作日志_${today}_完整证件号.csv`);
    expect(readdirSync(folder).sort()).toEqual([full.fileName, masked.fileName].sort());
  });
});
