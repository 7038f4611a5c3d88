import { channelLabels } from '../../domain/cases/status.ts';
import { ratingLevelLabels } from '../../domain/lifecycle/events.ts';
import { buildDailyLog, type DailyLog, type LogCaseRow, type LogHandoverRow, type LogRatingRow } from '../../domain/stats/daily-log.ts';
import { chinaDayBounds, type WindowOutcome } from '../../domain/stats/figures.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { ReadTx } from '../../store/store.ts';

/** What a 一件事 parent is filed under where a department is asked for. */
export const bundleDepartmentName = '一件事（多部门）';

interface CaseSqlRow {
  id: string;
  is_bundle: number;
  parent_case_id: string | null;
  created_at: string;
  window_id: string | null;
  window_name: string | null;
  clerk_id: string;
  clerk_name: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  department_name: string | null;
  channel: string;
  status: string;
  accepted_at: string | null;
  refusal_reason: string | null;
  due_date: string | null;
  ticket_taken_at: string | null;
  ticket_called_at: string | null;
  decided_at: string | null;
}

/**
 * The window's decision from the columns intake writes: 受理时间 only on acceptance, a reason only
 * on refusal. (The status moves on; these do not.)
 */
export function windowOutcomeOf(row: { accepted_at: string | null; refusal_reason: string | null }): WindowOutcome {
  if (row.accepted_at !== null) return 'accepted';
  return row.refusal_reason !== null ? 'refused' : 'notice';
}

export function departmentLabel(code: string, name: string | null): string {
  return code === 'BUNDLE' ? bundleDepartmentName : (name ?? code);
}

/**
 * SQLite hands back a new string per row; a month holds 150,000 copies of a few dozen window,
 * clerk, matter and department names. One copy each keeps the log's memory to its counts.
 */
function interner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

function caseRows(tx: ReadTx, start: string, end: string): LogCaseRow[] {
  const one = interner();
  return tx
    .all<CaseSqlRow>(
      `SELECT c.id, c.is_bundle, c.parent_case_id, c.created_at, c.window_id, w.name AS window_name, c.clerk_id,
              u.display_name AS clerk_name, c.matter_code, c.matter_name, c.department_code, d.name AS department_name,
              c.channel, c.status, c.accepted_at, c.refusal_reason, c.due_date, c.ticket_taken_at, c.ticket_called_at, c.decided_at
         FROM case_record c
         JOIN app_user u ON u.id = c.clerk_id
         LEFT JOIN service_window w ON w.id = c.window_id
         LEFT JOIN department d ON d.code = c.department_code
        WHERE c.created_at >= ? AND c.created_at < ?`,
      start,
      end,
    )
    .map((r) => ({
      id: r.id,
      isBundle: r.is_bundle === 1,
      parentId: r.parent_case_id,
      date: one(dateInChina(new Date(r.created_at))),
      windowId: r.window_id === null ? null : one(r.window_id),
      windowLabel: one(r.window_name ?? '（未登记窗口）'),
      clerkId: one(r.clerk_id),
      clerkName: one(r.clerk_name),
      matterCode: one(r.matter_code),
      matterName: one(r.matter_name),
      departmentCode: one(r.department_code),
      departmentName: one(departmentLabel(r.department_code, r.department_name)),
      channel: one(r.channel),
      status: one(r.status),
      outcome: windowOutcomeOf(r),
      dueDate: r.due_date,
      ticketTakenAt: r.ticket_taken_at,
      ticketCalledAt: r.ticket_called_at,
      decidedAt: r.decided_at ?? r.created_at,
    }));
}

function handoverRows(tx: ReadTx, start: string, end: string): LogHandoverRow[] {
  return tx
    .all<{ at: string; actor_id: string | null; actor_name: string | null; window_id: string | null; window_name: string | null }>(
      `SELECT e.at, e.actor_id, u.display_name AS actor_name, c.window_id, w.name AS window_name
         FROM case_event e
         JOIN case_record c ON c.id = e.case_id
         LEFT JOIN app_user u ON u.id = e.actor_id
         LEFT JOIN service_window w ON w.id = c.window_id
        WHERE e.type = 'handover.delivered' AND e.at >= ? AND e.at < ?`,
      start,
      end,
    )
    .map((r) => ({
      date: dateInChina(new Date(r.at)),
      clerkId: r.actor_id,
      clerkName: r.actor_name ?? '（未知）',
      windowId: r.window_id,
      windowLabel: r.window_name ?? '（未登记窗口）',
    }));
}

function ratingRows(tx: ReadTx, start: string, end: string): LogRatingRow[] {
  return tx
    .all<{ at: string; level: number }>(
      "SELECT e.at, json_extract(e.payload, '$.level') AS level FROM case_event e WHERE e.type = 'rating.given' AND e.at >= ? AND e.at < ?",
      start,
      end,
    )
    .map((r) => ({ date: dateInChina(new Date(r.at)), level: r.level }));
}

/** The daily log of China dates `from`..`to` (both included), pending and overdue as of `today`. */
export function dailyLog(tx: ReadTx, range: { from: string; to: string }, today: string): DailyLog {
  const { start, end } = chinaDayBounds(range.from, range.to);
  const count = (sql: string, ...params: string[]) => tx.get<{ n: number }>(sql, ...params)?.n ?? 0;
  return buildDailyLog({
    from: range.from,
    to: range.to,
    today,
    cases: caseRows(tx, start, end),
    handovers: handoverRows(tx, start, end),
    ratings: ratingRows(tx, start, end),
    followUpsOpened: count('SELECT count(*) AS n FROM follow_up WHERE created_at >= ? AND created_at < ?', start, end),
    openFollowUps: count("SELECT count(*) AS n FROM follow_up WHERE state = 'open'"),
    channelLabels,
    ratingLabels: ratingLevelLabels,
  });
}
