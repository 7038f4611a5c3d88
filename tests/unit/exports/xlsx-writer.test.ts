import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ExportCaseRow } from '../../../src-main/domain/exports/columns.ts';
import { columnLetters, escapeXml } from '../../../src-main/services/exports/xlsx-parts.ts';
import { writeXlsx } from '../../../src-main/services/exports/xlsx.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('ow-xlsx-writer-');

const row = (over: Partial<ExportCaseRow>): ExportCaseRow => ({
  caseNumber: '21021120261126W0100001X',
  decidedAt: '2026-11-26T01:05:00.000Z',
  windowName: '1 号窗口',
  clerkName: '王芳',
  channel: '窗口',
  matterCode: 'GJZ-1',
  matterName: '企业设立登记',
  departmentName: '市场监管局',
  bundle: '',
  applicantName: '张伟',
  applicantId: '2102**********123X',
  applicantPhone: '139****1234',
  outcome: '受理',
  status: '已办结',
  dueDate: '2026-12-04',
  overdue: '',
  ticketNumber: 'A1',
  ticketTakenAt: null,
  ticketCalledAt: null,
  waitingMinutes: 12.5,
  handlingMinutes: null,
  rating: '',
  flagged: '',
  ...over,
});

async function written(rows: ExportCaseRow[]): Promise<string> {
  const path = join(tempDir(), 'x.xlsx');
  await writeXlsx(path, {
    summary: [['收件（人次）', 2]],
    tables: [],
    cases: async (each, betweenPages) => {
      for (const r of rows) each(r);
      await betweenPages();
      return rows.length;
    },
  });
  return path;
}

describe('the xlsx writer', () => {
  it('writes text as text (never a formula), with XML characters and edge spaces kept, and drops control characters', async () => {
    const path = await written([row({ applicantName: '=1+1', matterName: '<b>A & B</b> "引号"', windowName: ' 2 号窗口 ', clerkName: 'a\u0001b' })]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const cases = book.getWorksheet('办件台账');
    const second = cases?.getRow(2);
    expect(second?.getCell(10).value).toBe('=1+1');
    expect(second?.getCell(10).formula).toBeUndefined();
    expect(second?.getCell(7).value).toBe('<b>A & B</b> "引号"');
    expect(second?.getCell(3).value).toBe(' 2 号窗口 ');
    expect(second?.getCell(4).value).toBe('ab');
    // 09:05 in China, whatever zone opens the file; a date column is a date; an empty cell is absent.
    expect(second?.getCell(2).value).toEqual(new Date('2026-11-26T09:05:00.000Z'));
    expect(second?.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(second?.getCell(15).value).toEqual(new Date('2026-12-04T00:00:00.000Z'));
    expect(second?.getCell(20).value).toBe(12.5);
    expect(second?.getCell(21).value).toBeNull();
    expect(cases?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(book.getWorksheet('汇总')?.getRow(2).getCell(2).value).toBe(2);
  });

  it('is a zip whose every entry inflates to what its data descriptor says', async () => {
    const path = await written(Array.from({ length: 3000 }, (_, i) => row({ caseNumber: `N${i}` })));
    const zip = readFileSync(path);
    // The end of central directory record: how many entries and where the directory starts.
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const count = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      const compressed = zip.readUInt32LE(at + 20);
      const size = zip.readUInt32LE(at + 24);
      const nameLength = zip.readUInt16LE(at + 28);
      const offset = zip.readUInt32LE(at + 42);
      const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
      names.push(name);
      expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
      const dataStart = offset + 30 + zip.readUInt16LE(offset + 26);
      expect(inflateRawSync(zip.subarray(dataStart, dataStart + compressed)).length).toBe(size);
      at += 46 + nameLength;
    }
    expect(names).toContain('xl/worksheets/sheet2.xml');
    expect(names[0]).toBe('[Content_Types].xml');
  });

  it('escapes XML and names columns as Excel does', () => {
    expect(escapeXml('a<b>&"c"\u0000')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
