import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import PDFDocument from 'pdfkit';
import { chinaDateTimeText } from '../../domain/exports/columns.ts';
import type { Cell, ExportTable, ReportMeta } from '../../domain/exports/tables.ts';
import type { DailyLog } from '../../domain/stats/daily-log.ts';
import type { CaseRowStream } from './case-rows.ts';
import type { CjkFont } from './fonts.ts';

type Doc = PDFKit.PDFDocument;

interface PdfColumn {
  header: string;
  /** Share of the width left after the fixed columns. */
  weight: number;
  align?: 'left' | 'right' | 'center';
  /**
   * Never wrapped: the column is made as wide as its widest value. For case numbers, which a
   * reader (and pdftotext) must find whole on one line.
   */
  noWrap?: boolean;
}

const margin = 40;
const minRowHeight = 17;
const cellPaddingX = 3;
const cellPaddingY = 4.5;
const bodySize = 8;
const headerSize = 8.5;
const ink = '#1f2d3d';
const rule = '#9aa5b1';
const headerBg = '#e6edf5';

function usableWidth(doc: Doc): number {
  return doc.page.width - margin * 2;
}

function bottom(doc: Doc): number {
  return doc.page.height - margin - 20;
}

function cellText(value: Cell): string {
  return value === null || value === undefined ? '—' : String(value);
}

/**
 * Column widths: a no-wrap column gets its widest value (or header) at full size; the rest of
 * the page is shared by weight. Nothing is cut short: other cells wrap onto more lines.
 */
function columnWidths(doc: Doc, columns: readonly PdfColumn[], rows: ReadonlyArray<readonly string[]>): number[] {
  const fixed = columns.map((c, i) => {
    if (!c.noWrap) return 0;
    doc.fontSize(bodySize);
    let widest = Math.max(...rows.map((r) => doc.widthOfString(r[i] ?? '')), 0);
    doc.fontSize(headerSize);
    widest = Math.max(widest, doc.widthOfString(c.header));
    return Math.ceil(widest) + cellPaddingX * 2 + 1;
  });
  const left = usableWidth(doc) - fixed.reduce((sum, w) => sum + w, 0);
  const weights = columns.reduce((sum, c) => sum + (c.noWrap ? 0 : c.weight), 0);
  return columns.map((c, i) => (c.noWrap ? (fixed[i] ?? 0) : (c.weight / weights) * left));
}

/** How tall a row must be so every cell's text fits whole, wrapped within its column. */
function rowHeightOf(doc: Doc, values: readonly string[], widths: readonly number[], size: number): number {
  doc.fontSize(size);
  let tallest = 0;
  values.forEach((value, i) => {
    tallest = Math.max(tallest, doc.heightOfString(value, { width: (widths[i] ?? 0) - cellPaddingX * 2 }));
  });
  return Math.max(minRowHeight, Math.ceil(tallest + cellPaddingY * 2 - 1));
}

interface TableOptions {
  /**
   * Height of what must follow the table on the same page (the signature lines): the last
   * `keepRows` rows move to the next page with it rather than leave it alone there.
   */
  keepWithNext?: number;
  keepRows?: number;
}

/** A ruled table that carries its header over page breaks. Every cell's text is printed whole. */
function drawTable(doc: Doc, title: string, columns: readonly PdfColumn[], rows: ReadonlyArray<readonly string[]>, options: TableOptions = {}): void {
  const width = usableWidth(doc);
  const widths = columnWidths(doc, columns, rows);
  const headers = columns.map((c) => c.header);
  const headerHeight = rowHeightOf(doc, headers, widths, headerSize);
  const heights = rows.map((r) => rowHeightOf(doc, r, widths, bodySize));
  const keepWithNext = options.keepWithNext ?? 0;
  const keepRows = Math.min(options.keepRows ?? 0, rows.length);
  const firstRow = heights[0] ?? minRowHeight;
  if (doc.y + 20 + headerHeight + firstRow > bottom(doc)) doc.addPage();
  doc.fontSize(11).fillColor(ink).text(title, margin, doc.y + 6);
  let y = doc.y + 4;
  const header = () => {
    doc.rect(margin, y, width, headerHeight).fillAndStroke(headerBg, rule);
    drawCells(doc, headers, columns, widths, y, headerHeight, true);
    y += headerHeight;
  };
  header();
  // The height from each row to the end of the table, for keeping the last rows with what follows.
  const tail = new Array<number>(rows.length + 1).fill(0);
  for (let i = rows.length - 1; i >= 0; i--) tail[i] = (tail[i + 1] ?? 0) + (heights[i] ?? 0);
  rows.forEach((row, i) => {
    const h = heights[i] ?? minRowHeight;
    const startsKeptTail = keepRows > 0 && i === rows.length - keepRows;
    const tailDoesNotFit = startsKeptTail && y + (tail[i] ?? 0) + keepWithNext > bottom(doc) && y > margin + headerHeight + 1;
    if (y + h > bottom(doc) || tailDoesNotFit) {
      doc.addPage();
      y = margin;
      header();
    }
    doc.rect(margin, y, width, h).stroke(rule);
    drawCells(doc, row, columns, widths, y, h, false);
    y += h;
  });
  if (rows.length === 0) {
    doc.rect(margin, y, width, minRowHeight).stroke(rule);
    doc.fontSize(bodySize + 0.5).fillColor(ink).text('（无）', margin, y + cellPaddingY, { width, align: 'center' });
    y += minRowHeight;
  }
  doc.y = y + 8;
}

function drawCells(doc: Doc, values: readonly string[], columns: readonly PdfColumn[], widths: readonly number[], y: number, height: number, bold: boolean): void {
  let x = margin;
  doc.fontSize(bold ? headerSize : bodySize).fillColor(ink);
  values.forEach((value, i) => {
    const w = widths[i] ?? 0;
    const column = columns[i];
    doc.text(value, x + cellPaddingX, y + cellPaddingY, {
      width: w - cellPaddingX * 2,
      align: bold ? 'center' : (column?.align ?? 'left'),
      lineBreak: !column?.noWrap,
    });
    if (i > 0) doc.moveTo(x, y).lineTo(x, y + height).stroke(rule);
    x += w;
  });
}

function drawTotals(doc: Doc, log: DailyLog): void {
  const t = log.totals;
  const minutes = (a: number | null, b: number | null) => `${a ?? '—'} / ${b ?? '—'}`;
  const boxes: Array<[string, string]> = [
    ['收件', String(t.intakes)],
    ['受理', String(t.accepted)],
    ['一次性告知', String(t.notice)],
    ['不予受理', String(t.refused)],
    ['出件', String(t.handovers)],
    ['在办', String(t.pending)],
    ['超期', String(t.overdue)],
    ['跨区通办', String(t.crossRegion)],
    ['一件事', String(t.bundles)],
    ['等候 中位/P90（分）', minutes(log.waiting.medianMinutes, log.waiting.p90Minutes)],
    ['办理 中位/P90（分）', minutes(log.handling.medianMinutes, log.handling.p90Minutes)],
    ['好差评 / 待回访', `${t.ratings} / ${t.openFollowUps}`],
  ];
  const perRow = 6;
  const w = usableWidth(doc) / perRow;
  const h = 40;
  let y = doc.y + 4;
  boxes.forEach(([label, value], i) => {
    const x = margin + (i % perRow) * w;
    if (i > 0 && i % perRow === 0) y += h;
    doc.rect(x, y, w, h).stroke(rule);
    doc.fontSize(15).fillColor(label === '超期' && value !== '0' ? '#c0392b' : ink).text(value, x, y + 6, { width: w, align: 'center', lineBreak: false });
    doc.fontSize(8).fillColor('#5a6b7b').text(label, x, y + 26, { width: w, align: 'center', lineBreak: false });
  });
  doc.y = y + h + 6;
  doc.fillColor(ink);
}

/** The signature block's height; the case table keeps its last rows on the page with it. */
const signatureHeight = 54;

function drawSignatures(doc: Doc): void {
  if (doc.y + signatureHeight > bottom(doc)) doc.addPage();
  const y = doc.y + 24;
  const w = usableWidth(doc) / 3;
  doc.fontSize(10).fillColor(ink);
  ['填报人（签字）：', '窗口负责人（签字）：', '日期：'].forEach((label, i) => {
    const x = margin + i * w;
    doc.text(label, x, y, { lineBreak: false });
    const lineStart = x + doc.widthOfString(label) + 4;
    doc.moveTo(lineStart, y + 13).lineTo(x + w - 16, y + 13).stroke(ink);
  });
  doc.y = y + 30;
}

function footer(doc: Doc, meta: ReportMeta): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page; lift the margin for the footer.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#5a6b7b').text(`${meta.centreName} · 综合窗口工作日志 · 第 ${i + 1} 页 共 ${range.count} 页`, margin, doc.page.height - margin + 6, { width: usableWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
}

const caseTableColumns: PdfColumn[] = [
  { header: '办件编号', weight: 0, noWrap: true },
  { header: '收件时间', weight: 9 },
  { header: '窗口', weight: 10 },
  { header: '受理人', weight: 5 },
  { header: '事项', weight: 18 },
  { header: '申请人', weight: 12 },
  { header: '证件号码/信用代码', weight: 13 },
  { header: '窗口结果', weight: 8 },
  { header: '当前状态', weight: 8 },
  { header: '办结期限', weight: 7 },
];

/** One of the log's views as a table; the sheet's column widths are the shares of the page. */
function groupTable(doc: Doc, table: ExportTable | undefined): void {
  if (!table) return;
  const columns = table.columns.map((c) => ({ header: c.header, weight: c.width, align: c.kind === 'number' ? ('right' as const) : ('left' as const) }));
  drawTable(doc, table.title, columns, table.rows.map((r) => table.columns.map((c) => cellText(r[c.key] ?? null))));
}

/**
 * The printable daily report (日报): centre, date, totals, the tables by window, clerk and
 * department, every case of the day, and signature lines. A4 landscape, Chinese throughout in
 * the font found at run time.
 */
export async function writePdf(
  filePath: string,
  font: CjkFont,
  content: { meta: ReportMeta; log: DailyLog; tables: readonly ExportTable[]; cases: CaseRowStream },
): Promise<number> {
  const { meta, log } = content;
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin, bufferPages: true, info: { Title: `${meta.centreName} 综合窗口工作日志 ${meta.from}`, Author: meta.generatedBy, Creator: '一窗通 OneWindow' } });
  const out = createWriteStream(filePath);
  doc.pipe(out);
  if (font.family) doc.font(font.path, font.family);
  else doc.font(font.path);
  doc.lineWidth(0.5);

  doc.fontSize(18).fillColor(ink).text(meta.centreName, { align: 'center' });
  doc.fontSize(14).text(meta.from === meta.to ? '综合窗口工作日志（日报）' : '综合窗口工作日志（汇总）', { align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(9).fillColor('#5a6b7b').text(
    `统计日期：${meta.from === meta.to ? meta.from : `${meta.from} 至 ${meta.to}`}　　在办/超期截至：${log.today}　　导出时间：${meta.generatedAt}　　导出人：${meta.generatedBy}　　证件号码：${meta.masked ? '已脱敏' : '完整（经授权）'}`,
    { align: 'center' },
  );
  doc.moveDown(0.6);
  drawTotals(doc, log);

  const byTitle = (title: string) => content.tables.find((t) => t.title === title);
  groupTable(doc, byTitle('按窗口'));
  groupTable(doc, byTitle('按人员'));
  groupTable(doc, byTitle('按部门'));

  // The PDF is laid out in one go (pdfkit numbers pages at the end), so its rows are kept.
  const caseRows: string[][] = [];
  const rows = await content.cases(
    (r) => caseRows.push([r.caseNumber, chinaDateTimeText(r.decidedAt).slice(meta.from === meta.to ? 11 : 5), r.windowName, r.clerkName, r.matterName, r.applicantName, r.applicantId, r.outcome, r.status, r.dueDate ?? '—']),
    async () => undefined,
  );
  drawTable(doc, `办件台账（${rows} 件）`, caseTableColumns, caseRows, { keepWithNext: signatureHeight + 8, keepRows: 3 });
  drawSignatures(doc);
  footer(doc, meta);
  doc.end();
  await once(out, 'finish');
  return rows;
}
