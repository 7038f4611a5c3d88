/**
 * The columns of the exported daily log (台账), one definition for xlsx, CSV and the PDF: Chinese
 * headers, a width that fits the content, and the kind of value, so dates are real dates in
 * Excel and text elsewhere.
 */
export type ColumnKind = 'text' | 'datetime' | 'date' | 'number';

export interface ExportColumn<K extends string = string> {
  key: K;
  header: string;
  /** In Excel character widths; CJK text needs about two per character. */
  width: number;
  kind: ColumnKind;
}

export interface ExportCaseRow {
  caseNumber: string;
  decidedAt: string;
  windowName: string;
  clerkName: string;
  channel: string;
  matterCode: string;
  matterName: string;
  departmentName: string;
  bundle: string;
  applicantName: string;
  /** Resident ID (masked unless the exporting role may export it in full) or credit code. */
  applicantId: string;
  applicantPhone: string;
  outcome: string;
  status: string;
  dueDate: string | null;
  overdue: string;
  ticketNumber: string;
  ticketTakenAt: string | null;
  ticketCalledAt: string | null;
  waitingMinutes: number | null;
  handlingMinutes: number | null;
  rating: string;
  flagged: string;
}

export const caseColumns: ReadonlyArray<ExportColumn<keyof ExportCaseRow>> = [
  { key: 'caseNumber', header: '办件编号', width: 26, kind: 'text' },
  { key: 'decidedAt', header: '收件时间', width: 18, kind: 'datetime' },
  { key: 'windowName', header: '窗口', width: 22, kind: 'text' },
  { key: 'clerkName', header: '受理人', width: 10, kind: 'text' },
  { key: 'channel', header: '渠道', width: 10, kind: 'text' },
  { key: 'matterCode', header: '事项编码', width: 16, kind: 'text' },
  { key: 'matterName', header: '事项名称', width: 34, kind: 'text' },
  { key: 'departmentName', header: '承办部门', width: 30, kind: 'text' },
  { key: 'bundle', header: '一件事', width: 26, kind: 'text' },
  { key: 'applicantName', header: '申请人', width: 24, kind: 'text' },
  { key: 'applicantId', header: '证件号码/信用代码', width: 22, kind: 'text' },
  { key: 'applicantPhone', header: '联系电话', width: 16, kind: 'text' },
  { key: 'outcome', header: '窗口结果', width: 12, kind: 'text' },
  { key: 'status', header: '当前状态', width: 10, kind: 'text' },
  { key: 'dueDate', header: '办结期限', width: 12, kind: 'date' },
  { key: 'overdue', header: '超期', width: 6, kind: 'text' },
  { key: 'ticketNumber', header: '排队号', width: 8, kind: 'text' },
  { key: 'ticketTakenAt', header: '取号时间', width: 18, kind: 'datetime' },
  { key: 'ticketCalledAt', header: '叫号时间', width: 18, kind: 'datetime' },
  { key: 'waitingMinutes', header: '等候（分钟）', width: 12, kind: 'number' },
  { key: 'handlingMinutes', header: '办理（分钟）', width: 12, kind: 'number' },
  { key: 'rating', header: '好差评', width: 12, kind: 'text' },
  { key: 'flagged', header: '督办', width: 6, kind: 'text' },
];

/** 'yyyy-mm-dd hh:mm' in China time: how an ISO instant is written in CSV and the PDF. */
export function chinaDateTimeText(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The same instant for Excel, which has no time zones: a Date whose UTC fields read as the China
 * wall-clock time, so the cell shows 09:05 wherever the file is opened.
 */
export function excelChinaDate(iso: string | null): Date | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms + 8 * 3_600_000);
}

/** A 'yyyy-mm-dd' date as an Excel date (midnight). */
export function excelDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00Z`) : null;
}

/**
 * A spreadsheet opened from CSV runs a cell starting with = + - @ as a formula (CSV injection);
 * such text is prefixed with an apostrophe, as OWASP advises. Numbers are written as they are.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
