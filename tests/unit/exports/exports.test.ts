import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDayBounds } from '../../../src-main/domain/stats/figures.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { caseRowStream } from '../../../src-main/services/exports/case-rows.ts';
import { writeExport } from '../../../src-main/services/exports/export.ts';
import { findCjkFont } from '../../../src-main/services/exports/fonts.ts';
import { dailyLog } from '../../../src-main/services/stats/daily-log.ts';
import { bootDemo } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-export-');

let services: Services;
let today: string;
let from: string;
const supervisor = { userId: 'demo-user-supervisor', role: 'supervisor' as const };
const artifacts = join(import.meta.dirname, '..', '..', 'artifacts', 'exports');

beforeAll(() => {
  services = bootDemo();
  today = dateInChina(new Date());
  from = addDays(today, -29);
});
afterAll(() => services.close());

const folder = tempDir;
const count = (sql: string, ...params: Array<string | Buffer>) => services.env.store.read((tx) => tx.get<{ n: number }>(sql, ...params)?.n ?? 0);
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).stdout.trim();

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

describe('xlsx export of the daily log', () => {
  it('has a summary sheet and one per view; every total agrees with the database', async () => {
    const result = await writeExport(services.env, { format: 'xlsx', from, to: today, actor: supervisor, full: false, folder: folder() });
    const { start, end } = chinaDayBounds(from, today);
    const inRange = count('SELECT count(*) AS n FROM case_record WHERE created_at >= ? AND created_at < ?', start, end);
    expect(result.rows).toBe(inRange);
    expect(readdirSync(join(result.filePath, '..'))).toEqual([result.fileName]); // no .part left behind

    const book = await readBack(result.filePath);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '办件台账', '按窗口', '按人员', '按事项', '按部门', '受理渠道', '好差评', '每日趋势']);
    const cases = book.getWorksheet('办件台账');
    if (!cases) throw new Error('no case sheet');
    expect(cases.rowCount).toBe(inRange + 1);
    expect(cases.getRow(1).getCell(1).value).toBe('办件编号');
    expect(cases.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(cases.getColumn(7).width).toBeGreaterThan(20);
    const second = cases.getRow(2);
    expect(second.getCell(2).value).toBeInstanceOf(Date);
    // Resident IDs of the demo start 2102; credit codes (businesses, never masked) start 91.
    const ids = cases.getColumn(11).values.slice(2).map(String).filter((v) => v.startsWith('2102'));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((v) => v.includes('*'))).toBe(true);

    const log = services.env.store.read((tx) => dailyLog(tx, { from, to: today }, today));
    const summary = new Map<string, unknown>();
    book.getWorksheet('汇总')?.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('收件（人次）')).toBe(count('SELECT count(*) AS n FROM case_record WHERE parent_case_id IS NULL AND created_at >= ? AND created_at < ?', start, end));
    expect(summary.get('受理')).toBe(count('SELECT count(*) AS n FROM case_record WHERE parent_case_id IS NULL AND accepted_at IS NOT NULL AND created_at >= ? AND created_at < ?', start, end));
    expect(summary.get('出件')).toBe(count("SELECT count(*) AS n FROM case_event WHERE type = 'handover.delivered' AND at >= ? AND at < ?", start, end));
    expect(summary.get('台账行数')).toBe(inRange);
    expect(summary.get('证件号码')).toBe('已脱敏');
    // Window rows add up to the totals.
    const byWindow = book.getWorksheet('按窗口');
    let intakes = 0;
    byWindow?.eachRow((row, n) => {
      if (n > 1) intakes += Number(row.getCell(2).value);
    });
    expect(intakes).toBe(log.totals.intakes);
    const ratings = book.getWorksheet('好差评');
    let rated = 0;
    ratings?.eachRow((row, n) => {
      if (n > 1) rated += Number(row.getCell(2).value);
    });
    expect(rated).toBe(count("SELECT count(*) AS n FROM case_event WHERE type = 'rating.given' AND at >= ? AND at < ?", start, end));

    const audit = services.env.store.read((tx) => tx.get<{ user_id: string; detail: string; outcome: string }>("SELECT user_id, detail, outcome FROM audit_log WHERE action = 'export.write' ORDER BY seq DESC LIMIT 1"));
    expect(audit?.user_id).toBe('demo-user-supervisor');
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ format: 'xlsx', from, to: today, rows: inRange, masked: true });
  });

  it('shows ID numbers in full only when asked for by a role allowed to', async () => {
    const result = await writeExport(services.env, { format: 'xlsx', from, to: today, actor: supervisor, full: true, folder: folder() });
    const book = await readBack(result.filePath);
    const ids = book.getWorksheet('办件台账')?.getColumn(11).values.slice(2).map(String).filter((v) => /^\d{17}[\dX]$/.test(v)) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    // The full value is a real applicant's: its blind-index token finds their case.
    const token = services.env.store.read((tx) => tx.cipher.token('id', ids[0] ?? ''));
    expect(count("SELECT count(*) AS n FROM search_token WHERE kind = 'id' AND token = ?", token)).toBeGreaterThan(0);
    expect(result.masked).toBe(false);
  });

  it.skipIf(!hasSoffice)('LibreOffice reads the xlsx and converts it to CSV with the same rows (skipped, saying so, where soffice is not installed)', async () => {
    const result = await writeExport(services.env, { format: 'xlsx', from: today, to: today, actor: supervisor, full: false, folder: folder() });
    const out = folder();
    execFileSync(hasSoffice, ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2', '--outdir', out, result.filePath], { timeout: 120_000 });
    const csv = readdirSync(out).find((f) => f.includes('办件台账')) ?? readdirSync(out)[0] ?? '';
    const lines = readFileSync(join(out, csv), 'utf8').trim().split('\n');
    expect(lines.length).toBe(result.rows + 1);
  });
});

describe('the case table, read a page at a time', () => {
  it('gives every row once, in time order, whatever the page size, including rows created in the same instant', async () => {
    const bounds = chinaDayBounds(from, today);
    const readAll = async (pageSize: number) => {
      const numbers: string[] = [];
      let pages = 0;
      await caseRowStream(services.env.store, { from, to: today }, { full: false, today, pageSize })(
        (row) => numbers.push(row.caseNumber),
        async () => {
          pages++;
        },
      );
      return { numbers, pages };
    };
    const whole = await readAll(1_000_000);
    expect(whole.pages).toBe(1);
    // A bundle's parent and children share one created_at: pages of 7 split such groups.
    const sharedInstants = count(
      'SELECT count(*) AS n FROM (SELECT created_at FROM case_record WHERE created_at >= ? AND created_at < ? GROUP BY created_at HAVING count(*) > 1)',
      bounds.start,
      bounds.end,
    );
    expect(sharedInstants).toBeGreaterThan(0);
    for (const limit of [7, 50]) {
      const paged = await readAll(limit);
      expect(paged.pages).toBeGreaterThan(1);
      expect(paged.numbers).toEqual(whole.numbers);
    }
    expect(new Set(whole.numbers).size).toBe(whole.numbers.length);
    expect(whole.numbers.length).toBe(count('SELECT count(*) AS n FROM case_record WHERE created_at >= ? AND created_at < ?', bounds.start, bounds.end));
  });
});

describe('CSV export', () => {
  it('is UTF-8 with a BOM, one line per case, and defuses formulas', async () => {
    const result = await writeExport(services.env, { format: 'csv', from, to: today, actor: supervisor, full: false, folder: folder() });
    const bytes = readFileSync(result.filePath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('办件编号,收件时间,窗口')).toBe(true);
    expect(lines).toHaveLength(result.rows + 1);
    expect(text).toContain('𠮷田春');
    expect(text).not.toMatch(/,=/);
  });
});

describe('PDF daily report', () => {
  it.skipIf(!(() => { try { findCjkFont(null); return true; } catch { return false; } })())('prints the centre, date, totals and cases in Chinese; renders to PNG', async () => {
    const result = await writeExport(services.env, { format: 'pdf', from: today, to: today, actor: supervisor, full: false, folder: folder() });
    const text = execFileSync('pdftotext', ['-layout', result.filePath, '-'], { encoding: 'utf8' });
    expect(text).toContain('大连市甘井子区政务服务中心');
    expect(text).toContain(`统计日期：${today}`);
    expect(text).toContain('窗口负责人（签字）');
    const log = services.env.store.read((tx) => dailyLog(tx, { from: today, to: today }, today));
    expect(text).toContain(`办件台账（${result.rows} 件）`);
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`${log.totals.intakes}\\s+${log.totals.accepted}\\s+${log.totals.notice}`));
    execFileSync('mkdir', ['-p', artifacts]);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', result.filePath, join(artifacts, 'daily-report')]);
    expect(readdirSync(artifacts).some((f) => f.startsWith('daily-report') && f.endsWith('.png'))).toBe(true);
  });

  it('says in Chinese what to do when no CJK font exists', () => {
    expect(() => findCjkFont(null, [{ path: '/nowhere.ttc', family: 'X' }], () => false)).toThrow(/没有可用于打印中文的字体/);
    expect(() => findCjkFont('/no/such/font.ttc', [], () => false)).toThrow(/不存在/);
  });
});

describe('a failing folder', () => {
  it('is refused with a Chinese message, leaves nothing behind and is audited as failed', async () => {
    const missing = join(folder(), 'share-not-mounted');
    await expect(writeExport(services.env, { format: 'csv', from: today, to: today, actor: supervisor, full: false, folder: missing })).rejects.toThrow(/不存在或网络共享未连接/);
    expect(existsSync(missing)).toBe(false);
    const audit = services.env.store.read((tx) => tx.get<{ outcome: string }>("SELECT outcome FROM audit_log WHERE action = 'export.write' ORDER BY seq DESC LIMIT 1"));
    expect(audit?.outcome).toBe('failed');
  });
});
