/**
 * The daily log's views as plain tables (title, columns, rows): one sheet each in the xlsx, one
 * table each in the PDF, the same numbers as the dashboard's "数据" toggles.
 */
import type { DailyLog, LogGroupRow, LogMatterRow } from '../stats/daily-log.ts';
import type { ExportColumn } from './columns.ts';

export type Cell = string | number | null;

export interface ExportTable {
  /** Sheet name (Excel allows 31 characters, no []:*?/\). */
  title: string;
  columns: ReadonlyArray<ExportColumn>;
  rows: Array<Record<string, Cell>>;
}

export interface ReportMeta {
  centreName: string;
  from: string;
  to: string;
  generatedAt: string;
  generatedBy: string;
  masked: boolean;
  rowCount: number;
}

const num = (key: string, header: string, width = 10): ExportColumn => ({ key, header, width, kind: 'number' });
const text = (key: string, header: string, width: number): ExportColumn => ({ key, header, width, kind: 'text' });

const countColumns = [num('intakes', '收件'), num('accepted', '受理'), num('notice', '一次性告知', 12), num('refused', '不予受理'), num('handovers', '出件'), num('pending', '在办'), num('overdue', '超期')];
const timeColumns = [num('waitMedian', '等候中位（分）', 14), num('waitP90', '等候P90（分）', 14), num('handleMedian', '办理中位（分）', 14), num('handleP90', '办理P90（分）', 14)];

/** A window's or clerk's figures as one flat row: the sheets, the PDF and the dashboard's tables. */
export function groupRowCells(g: LogGroupRow): Record<string, Cell> {
  return {
    label: g.label,
    intakes: g.intakes,
    accepted: g.accepted,
    notice: g.notice,
    refused: g.refused,
    handovers: g.handovers,
    pending: g.pending,
    overdue: g.overdue,
    waitMedian: g.waiting.medianMinutes,
    waitP90: g.waiting.p90Minutes,
    handleMedian: g.handling.medianMinutes,
    handleP90: g.handling.p90Minutes,
  };
}

const groupRows = (groups: readonly LogGroupRow[]): Array<Record<string, Cell>> => groups.map(groupRowCells);

const matterColumns = [num('total', '办件'), num('accepted', '受理'), num('notice', '一次性告知', 12), num('refused', '不予受理'), num('pending', '在办'), num('overdue', '超期')];
function matterRows(rows: readonly LogMatterRow[], withDepartment: boolean): Array<Record<string, Cell>> {
  return rows.map((r) => ({ code: r.key, label: r.label, ...(withDepartment ? { department: r.departmentName } : {}), total: r.total, accepted: r.accepted, notice: r.notice, refused: r.refused, pending: r.pending, overdue: r.overdue }));
}

export function logTables(log: DailyLog): ExportTable[] {
  return [
    { title: '按窗口', columns: [text('label', '窗口', 24), ...countColumns, ...timeColumns], rows: groupRows(log.byWindow) },
    { title: '按人员', columns: [text('label', '受理人', 12), ...countColumns, ...timeColumns], rows: groupRows(log.byClerk) },
    { title: '按事项', columns: [text('code', '事项编码', 16), text('label', '事项名称', 34), text('department', '承办部门', 30), ...matterColumns], rows: matterRows(log.byMatter, true) },
    { title: '按部门', columns: [text('code', '部门编码', 12), text('label', '部门', 34), ...matterColumns], rows: matterRows(log.byDepartment, false) },
    { title: '受理渠道', columns: [text('label', '渠道', 12), num('count', '收件')], rows: log.byChannel.map((c) => ({ label: c.label, count: c.count })) },
    { title: '好差评', columns: [text('label', '评价', 12), num('count', '件数')], rows: log.ratings.map((r) => ({ label: r.label, count: r.count })) },
    {
      title: '每日趋势',
      columns: [{ key: 'date', header: '日期', width: 12, kind: 'date' }, num('intakes', '收件'), num('accepted', '受理'), num('notice', '一次性告知', 12), num('refused', '不予受理'), num('handovers', '出件')],
      rows: log.trend.map((d) => ({ ...d })),
    },
  ];
}

/** The summary sheet and the PDF's totals: label and value, in reading order. */
export function summaryLines(log: DailyLog, meta: ReportMeta): Array<[string, Cell]> {
  const t = log.totals;
  const minutes = (v: number | null) => (v === null ? '—' : `${v} 分钟`);
  return [
    ['服务中心', meta.centreName],
    ['统计期间', meta.from === meta.to ? meta.from : `${meta.from} 至 ${meta.to}`],
    ['在办、超期统计日', log.today],
    ['导出时间', meta.generatedAt],
    ['导出人', meta.generatedBy],
    ['证件号码', meta.masked ? '已脱敏' : '完整（经授权）'],
    ['台账行数', meta.rowCount],
    ['收件（人次）', t.intakes],
    ['受理', t.accepted],
    ['一次性告知', t.notice],
    ['不予受理', t.refused],
    ['出件', t.handovers],
    ['在办', t.pending],
    ['超期', t.overdue],
    ['办件（按事项计）', t.matterCases],
    ['跨区通办', t.crossRegion],
    ['一件事', t.bundles],
    ['等候时间 中位数', minutes(log.waiting.medianMinutes)],
    ['等候时间 P90', minutes(log.waiting.p90Minutes)],
    ['办理时间 中位数', minutes(log.handling.medianMinutes)],
    ['办理时间 P90', minutes(log.handling.p90Minutes)],
    ['好差评（件）', t.ratings],
    ['新增差评回访', t.followUpsOpened],
    ['待回访（当前）', t.openFollowUps],
  ];
}
