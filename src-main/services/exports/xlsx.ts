import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { caseColumns, excelChinaDate, excelDate, type ExportColumn } from '../../domain/exports/columns.ts';
import type { Cell, ExportTable } from '../../domain/exports/tables.ts';
import type { CaseRowStream } from './case-rows.ts';
import { cellStyle, cellXml, columnLetters, sheetEnd, sheetStart, workbookParts } from './xlsx-parts.ts';
import { ZipStream, type ZipEntry } from './zip-stream.ts';

const styleOfKind: Record<ExportColumn['kind'], number> = { datetime: cellStyle.dateTime, date: cellStyle.date, number: cellStyle.plain, text: cellStyle.plain };

function cellValue(column: ExportColumn, value: Cell): Cell | Date {
  if (value === null || value === '') return null;
  if (column.kind === 'datetime') return excelChinaDate(String(value));
  if (column.kind === 'date') return excelDate(String(value));
  return value;
}

const chunkBytes = 1 << 20;

/**
 * One sheet being written: rows are turned into XML as they come (`add`, synchronous, called
 * while SQLite reads a page) and handed to the zip a page at a time (`flush`, which waits until
 * deflate can take more: the back-pressure between pages).
 */
class SheetWriter {
  private next = 2;
  /** The page's XML, encoded as each row is made: one long string of many pieces is slow to flatten later. */
  private chunk = Buffer.allocUnsafe(chunkBytes);
  private used = 0;
  private full: Buffer[] = [];
  private readonly letters: string[];
  private readonly styles: number[];
  private readonly entry: ZipEntry;
  private readonly columns: ReadonlyArray<ExportColumn>;

  constructor(entry: ZipEntry, columns: ReadonlyArray<ExportColumn>) {
    this.entry = entry;
    this.columns = columns;
    this.letters = columns.map((_, i) => columnLetters(i));
    this.styles = columns.map((c) => styleOfKind[c.kind]);
    this.append(sheetStart(columns));
  }

  private append(xml: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + xml.length * 3 > this.chunk.length) {
      if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(chunkBytes, xml.length * 3));
      this.used = 0;
    }
    this.used += this.chunk.write(xml, this.used);
  }

  add(row: Readonly<Record<string, Cell>>): void {
    const r = this.next++;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i] as ExportColumn;
      xml += cellXml(`${this.letters[i]}${r}`, cellValue(column, row[column.key] ?? null), this.styles[i] ?? cellStyle.plain);
    }
    this.append(`${xml}</row>`);
  }

  async flush(): Promise<void> {
    if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
    const pieces = this.full;
    this.full = [];
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.used = 0;
    for (const piece of pieces) await this.entry.write(piece);
  }

  async close(title: string): Promise<void> {
    this.append(sheetEnd(title));
    await this.flush();
    await this.entry.close();
  }
}

/**
 * Streams the daily log to `filePath` as an xlsx workbook: the summary sheet, the case table (台账)
 * page by page, then one sheet per view. Each page's rows become XML and go to the zip before the
 * next page is read, so a month of 150,000 rows never sits in memory (docs/daily-log.md).
 */
export async function writeXlsx(
  filePath: string,
  content: { summary: ReadonlyArray<[string, Cell]>; tables: readonly ExportTable[]; cases: CaseRowStream },
): Promise<number> {
  const out = createWriteStream(filePath);
  // A failing disk or share rejects the export here instead of leaving a write waiting for 'drain'.
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  const write = async (): Promise<number> => {
    const zip = new ZipStream(out);
    const summaryColumns: ExportColumn[] = [
      { key: 'label', header: '项目', width: 22, kind: 'text' },
      { key: 'value', header: '数值', width: 40, kind: 'text' },
    ];
    const titles = ['汇总', '办件台账', ...content.tables.map((t) => t.title)];
    for (const [path, xml] of workbookParts(titles, '一窗通 OneWindow', new Date())) await zip.add(path, xml);

    const summary = new SheetWriter(await zip.open('xl/worksheets/sheet1.xml'), summaryColumns);
    for (const [label, value] of content.summary) summary.add({ label, value });
    await summary.close('汇总');

    const cases = new SheetWriter(await zip.open('xl/worksheets/sheet2.xml'), caseColumns);
    const rows = await content.cases(
      (row) => cases.add(row as unknown as Record<string, Cell>),
      () => cases.flush(),
    );
    await cases.close('办件台账');

    for (const [i, table] of content.tables.entries()) {
      const sheet = new SheetWriter(await zip.open(`xl/worksheets/sheet${i + 3}.xml`), table.columns);
      for (const row of table.rows) sheet.add(row);
      await sheet.close(table.title);
    }
    await zip.finish();
    out.end();
    await once(out, 'finish');
    return rows;
  };
  try {
    return await Promise.race([write(), failed]);
  } catch (error) {
    out.destroy();
    throw error;
  }
}
