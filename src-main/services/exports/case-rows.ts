/**
 * The rows of the exported daily log, read a page at a time. THE one place an export reads
 * applicants' personal data: the case's sealed value (docs/personal-data.md) is opened here, one
 * row at a time, and masked unless the role may export it in full. Nothing else in
 * src-main/services/exports reads it.
 */
import { caseStatusLabels, channelLabels, type CaseStatus, type Channel } from '../../domain/cases/status.ts';
import type { ExportCaseRow } from '../../domain/exports/columns.ts';
import { maskPhone } from '../../domain/identity/phone.ts';
import { maskResidentId } from '../../domain/identity/resident-id.ts';
import { ratingLevelLabels, type RatingLevel } from '../../domain/lifecycle/events.ts';
import { isOverdue } from '../../domain/stats/daily-log.ts';
import { between, chinaDayBounds, windowOutcomeLabels } from '../../domain/stats/figures.ts';
import type { ReadTx, Store } from '../../store/store.ts';
import { openCasePersonal, type CasePersonal } from '../crypto/case-personal.ts';
import { departmentLabel, windowOutcomeOf } from '../stats/daily-log.ts';

interface RawRow {
  row_id: number;
  id: string;
  case_number: string | null;
  created_at: string;
  window_name: string | null;
  clerk_name: string;
  channel: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  department_name: string | null;
  is_bundle: number;
  parent_number: string | null;
  applicant_type: string;
  personal: Uint8Array;
  applicant_credit_code: string | null;
  accepted_at: string | null;
  refusal_reason: string | null;
  status: string;
  due_date: string | null;
  ticket_number: string | null;
  ticket_taken_at: string | null;
  ticket_called_at: string | null;
  decided_at: string | null;
  rating_level: number | null;
  flagged: number;
}

/**
 * The case table (台账) as a stream: `each` gets every row in time order, a page per short read,
 * so other calls of the service thread run between pages; `betweenPages` is the writer's
 * back-pressure (wait until the file has taken what was written). Resolves to the row count.
 */
export type CaseRowStream = (each: (row: ExportCaseRow) => void, betweenPages: () => Promise<void>) => Promise<number>;

/** Where a page ended: the next page starts after this (created_at, rowid). */
export interface RowCursor {
  createdAt: string;
  rowId: number;
}

const select = `
  SELECT c.rowid AS row_id, c.id, c.case_number, c.created_at, w.name AS window_name, u.display_name AS clerk_name, c.channel,
         c.matter_code, c.matter_name, c.department_code, d.name AS department_name, c.is_bundle, p.case_number AS parent_number,
         c.applicant_type, c.personal, c.applicant_credit_code,
         c.accepted_at, c.refusal_reason, c.status, c.due_date, c.ticket_number, c.ticket_taken_at, c.ticket_called_at,
         c.decided_at, c.rating_level, c.flagged
    FROM case_record c
    JOIN app_user u ON u.id = c.clerk_id
    LEFT JOIN service_window w ON w.id = c.window_id
    LEFT JOIN department d ON d.code = c.department_code
    LEFT JOIN case_record p ON p.id = c.parent_case_id`;

/** ID number and phone as the export may show them: in full only for a role allowed to export them. */
function personalFields(row: RawRow, personal: CasePersonal, full: boolean): { applicantName: string; applicantId: string; applicantPhone: string } {
  const { idNumber, phone } = personal;
  return {
    applicantName: personal.name,
    // A credit code identifies a business, not a person: it is never masked.
    applicantId: idNumber ? (full ? idNumber : maskResidentId(idNumber)) : (row.applicant_credit_code ?? ''),
    applicantPhone: phone ? (full ? phone : maskPhone(phone)) : '',
  };
}

const minutes = (ms: number | null) => (ms === null || ms < 0 ? null : Math.round(ms / 6_000) / 10);

function toExportRow(tx: ReadTx, row: RawRow, full: boolean, today: string): ExportCaseRow {
  const outcome = windowOutcomeOf(row);
  return {
    caseNumber: row.case_number ?? '',
    decidedAt: row.decided_at ?? row.created_at,
    windowName: row.window_name ?? '',
    clerkName: row.clerk_name,
    channel: channelLabels[row.channel as Channel] ?? row.channel,
    matterCode: row.matter_code,
    matterName: row.matter_name,
    departmentName: departmentLabel(row.department_code, row.department_name),
    bundle: row.is_bundle === 1 ? '汇总件' : (row.parent_number ?? ''),
    ...personalFields(row, openCasePersonal(tx, row.personal), full),
    outcome: windowOutcomeLabels[outcome],
    status: caseStatusLabels[row.status as CaseStatus] ?? row.status,
    dueDate: row.due_date,
    overdue: isOverdue({ status: row.status, dueDate: row.due_date, isBundle: row.is_bundle === 1 }, today) ? '是' : '',
    ticketNumber: row.ticket_number ?? '',
    ticketTakenAt: row.ticket_taken_at,
    ticketCalledAt: row.ticket_called_at,
    waitingMinutes: minutes(between(row.ticket_taken_at, row.ticket_called_at)),
    handlingMinutes: minutes(between(row.ticket_called_at, row.decided_at ?? row.created_at)),
    rating: row.rating_level ? (ratingLevelLabels[row.rating_level as RatingLevel] ?? '') : '',
    flagged: row.flagged === 1 ? '是' : '',
  };
}

/**
 * One page of the cases decided in [start, end), in time order, after `cursor`, handed to `each`
 * row by row as SQLite reads them: no page array, so a row's objects die young. Keyset paging on
 * (created_at, rowid), which the created_at index holds in order (not OFFSET), so page 30 of a
 * month costs what page 1 does.
 */
function exportRowsPage(
  tx: ReadTx,
  bounds: { start: string; end: string },
  cursor: RowCursor | null,
  options: { full: boolean; today: string; limit: number },
  each: (row: ExportCaseRow) => void,
): { rows: number; next: RowCursor | null } {
  let last: RawRow | null = null;
  const onRow = (row: RawRow) => {
    each(toExportRow(tx, row, options.full, options.today));
    last = row;
  };
  const rows = cursor
    ? tx.each<RawRow>(
        `${select} WHERE c.created_at < ? AND (c.created_at, c.rowid) > (?, ?) ORDER BY c.created_at, c.rowid LIMIT ?`,
        [bounds.end, cursor.createdAt, cursor.rowId, options.limit],
        onRow,
      )
    : tx.each<RawRow>(`${select} WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.rowid LIMIT ?`, [bounds.start, bounds.end, options.limit], onRow);
  const end = last as RawRow | null;
  return { rows, next: end && rows === options.limit ? { createdAt: end.created_at, rowId: end.row_id } : null };
}

/** The case table for a range of China dates, read `pageSize` rows at a time, each page its own short read. */
export function caseRowStream(store: Store, range: { from: string; to: string }, options: { full: boolean; today: string; pageSize: number }): CaseRowStream {
  const bounds = chinaDayBounds(range.from, range.to);
  return async (each, betweenPages) => {
    let cursor: RowCursor | null = null;
    let rows = 0;
    do {
      const after: RowCursor | null = cursor;
      const page: { rows: number; next: RowCursor | null } = store.read((tx) =>
        exportRowsPage(tx, bounds, after, { full: options.full, today: options.today, limit: options.pageSize }, each),
      );
      rows += page.rows;
      cursor = page.next;
      await betweenPages();
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (cursor !== null);
    return rows;
  };
}
