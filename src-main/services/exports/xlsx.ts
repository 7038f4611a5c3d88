import { createWriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { caseColumns, excelChinaDate, excelDate, type ExportColumn } from '../../domain/exports/columns.ts';
import type { Cell, ExportTable } from '../../domain/exports/tables.ts';
import type { CaseRowStream } from './case-rows.ts';

type Worksheet = ExcelJS.Worksheet;

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } };
const numberFormats: Record<ExportColumn['kind'], string | undefined> = { datetime: 'yyyy-mm-dd hh:mm', date: 'yyyy-mm-dd', number: undefined, text: undefined };

/**
 * How every sheet prints: A4 landscape, as wide as one page (as many pages down as it takes),
 * the header row repeated on each page, and the page number in the footer.
 */
const printSetup: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/** A sheet with Chinese headers, widths, a bold frozen header row, the right number formats and print setup. */
function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, title: string, columns: ReadonlyArray<ExportColumn>): Worksheet {
  const sheet = workbook.addWorksheet(title, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: printSetup,
    headerFooter: { oddFooter: `&C${title}　第 &P 页，共 &N 页`, evenFooter: `&C${title}　第 &P 页，共 &N 页` },
  });
  // Only date and number columns carry a style: exceljs looks every styled cell's style up again.
  sheet.columns = columns.map((c) => {
    const numFmt = numberFormats[c.kind];
    return numFmt ? { key: c.key, header: c.header, width: c.width, style: { numFmt } } : { key: c.key, header: c.header, width: c.width };
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = headerFill;
  header.alignment = { vertical: 'middle' };
  header.commit();
  return sheet;
}

function cellValue(column: ExportColumn, value: Cell): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  if (column.kind === 'datetime') return excelChinaDate(String(value));
  if (column.kind === 'date') return excelDate(String(value));
  return value;
}

/**
 * exceljs gives every cell a style object of its own and looks each one up in the workbook's
 * styles by rendering it to XML (a quarter of a month's export, measured). It remembers an
 * object it has seen, and the style depends only on the object and the cell's type; so each
 * column gets one shared style object per cell type, looked up once.
 */
function sharedStyles(columns: ReadonlyArray<ExportColumn>): (column: number, type: ExcelJS.ValueType) => Partial<ExcelJS.Style> {
  const byColumn = columns.map(() => new Map<ExcelJS.ValueType, Partial<ExcelJS.Style>>());
  return (column, type) => {
    const styles = byColumn[column] ?? new Map<ExcelJS.ValueType, Partial<ExcelJS.Style>>();
    let style = styles.get(type);
    if (!style) {
      const numFmt = numberFormats[columns[column]?.kind ?? 'text'];
      style = numFmt ? { numFmt } : {};
      styles.set(type, style);
    }
    return style;
  };
}

/** Writes rows to `sheet` and commits each at once, so none stays in memory. */
function rowWriter(sheet: Worksheet, columns: ReadonlyArray<ExportColumn>): (row: Readonly<Record<string, Cell>>) => void {
  const styleOf = sharedStyles(columns);
  return (row) => {
    const written = sheet.addRow(columns.map((c) => cellValue(c, row[c.key] ?? null)));
    for (let i = 0; i < columns.length; i++) {
      const cell = written.getCell(i + 1);
      cell.style = styleOf(i, cell.type);
    }
    written.commit();
  };
}

/** A stream that says when it holds more than it wants (Node's, or the readable-stream 2 the zip library uses). */
interface Sink extends EventEmitter {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
}

/**
 * Where a streamed sheet's XML goes: exceljs writes it to the zip entry's stream without looking
 * at write()'s answer, so rows produced faster than the zip deflates them pile up there
 * (`export.month_150k_rss_growth_mb` shows it). exceljs's writer does not type it; null if it ever moves.
 */
function sheetSink(sheet: Worksheet): Sink | null {
  const sink = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0];
  return sink instanceof EventEmitter ? sink : null;
}

const needsDrain = (sink: Sink) => sink.writableNeedDrain ?? sink._writableState?.needDrain ?? false;

/** Back-pressure between pages: waits until the zip has taken the page and the file has taken the zip. */
async function drained(sink: Sink | null, out: Writable): Promise<void> {
  if (sink && needsDrain(sink)) await once(sink, 'drain');
  if (out.writableNeedDrain) await once(out, 'drain');
}

/**
 * Streams the daily log to `filePath`: the summary sheet, the case table (台账) page by page,
 * then one sheet per view. Rows are committed as they are written (WorkbookWriter), so a month
 * of 150,000 rows never sits in memory; shared strings are off for the same reason.
 */
export async function writeXlsx(
  filePath: string,
  content: { summary: ReadonlyArray<[string, Cell]>; tables: readonly ExportTable[]; cases: CaseRowStream },
): Promise<number> {
  // Our own stream, so a failing disk or share rejects here instead of leaving exceljs waiting.
  const out = createWriteStream(filePath);
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = '一窗通 OneWindow';
  const summary = addSheet(workbook, '汇总', [
    { key: 'label', header: '项目', width: 22, kind: 'text' },
    { key: 'value', header: '数值', width: 40, kind: 'text' },
  ]);
  for (const [label, value] of content.summary) summary.addRow([label, value]).commit();
  summary.commit();

  const caseSheet = addSheet(workbook, '办件台账', caseColumns);
  const writeCase = rowWriter(caseSheet, caseColumns);
  const rows = await content.cases(
    (row) => writeCase(row as unknown as Record<string, Cell>),
    // Looked up per page: the zip pipes the sheet's stream only once it reaches that entry.
    () => Promise.race([drained(sheetSink(caseSheet), out), failed]),
  );
  caseSheet.commit();

  for (const table of content.tables) {
    const sheet = addSheet(workbook, table.title, table.columns);
    const write = rowWriter(sheet, table.columns);
    for (const row of table.rows) write(row);
    sheet.commit();
  }
  await Promise.race([workbook.commit(), failed]);
  return rows;
}
