import { channelLabels } from '../../domain/cases/status.ts';
import { ratingLevelLabels } from '../../domain/lifecycle/events.ts';
import { buildDailyLog, type DailyLog, type LogCaseGroup, type LogDurations, type LogHandoverGroup } from '../../domain/stats/daily-log.ts';
import { chinaDayBounds, pendingStatuses, sortedDurationFigures, type DurationFigures, type WindowOutcome } from '../../domain/stats/figures.ts';
import { overdueSql } from '../../domain/stats/overdue.ts';
import { assertCentreScope, scopeOf } from '../access/case-scope.ts';
import type { ReadTx } from '../../store/store.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

/** What a 一件事 parent is filed under where a department is asked for. */
export const bundleDepartmentName = '一件事（多部门）';

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

const pendingList = pendingStatuses.map((status) => `'${status}'`).join(', ');
/** The China date of an instant stored as toISOString(). */
const chinaDateSql = (column: string) => `date(${column}, '+8 hours')`;

interface CaseGroupSql {
  n: number;
  day: string;
  window_id: string | null;
  window_name: string | null;
  clerk_id: string;
  clerk_name: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  department_name: string | null;
  channel: string;
  is_bundle: number;
  is_child: number;
  outcome: WindowOutcome;
  pending: number;
  overdue: number;
}

/**
 * The range's cases counted in SQL, grouped by everything the log counts by. A bundle is pending
 * when one of its children is (they are decided in the same transaction as the parent), and
 * stands for as many overdue cases as it has overdue children.
 */
function caseGroups(tx: ReadTx, range: { start: string; end: string; today: string }): LogCaseGroup[] {
  return tx
    .all<CaseGroupSql>(
      `SELECT count(*) AS n, ${chinaDateSql('c.created_at')} AS day, c.window_id, w.name AS window_name, c.clerk_id, u.display_name AS clerk_name,
              c.matter_code, c.matter_name, c.department_code, d.name AS department_name, c.channel, c.is_bundle,
              c.parent_case_id IS NOT NULL AS is_child,
              CASE WHEN c.accepted_at IS NOT NULL THEN 'accepted' WHEN c.refusal_reason IS NOT NULL THEN 'refused' ELSE 'notice' END AS outcome,
              CASE WHEN c.is_bundle = 1 THEN EXISTS (SELECT 1 FROM case_record k WHERE k.parent_case_id = c.id AND k.status IN (${pendingList}))
                   ELSE c.status IN (${pendingList}) END AS pending,
              CASE WHEN c.is_bundle = 1 THEN (SELECT count(*) FROM case_record k WHERE k.parent_case_id = c.id AND ${overdueSql('k')})
                   ELSE ${overdueSql('c')} END AS overdue
         FROM case_record c
         JOIN app_user u ON u.id = c.clerk_id
         LEFT JOIN service_window w ON w.id = c.window_id
         LEFT JOIN department d ON d.code = c.department_code
        WHERE c.created_at >= @start AND c.created_at < @end
        GROUP BY day, c.window_id, c.clerk_id, c.matter_code, c.matter_name, c.department_code, c.channel, c.is_bundle, is_child, outcome, pending, overdue`,
      range,
    )
    .map((r) => ({
      count: r.n,
      date: r.day,
      windowId: r.window_id,
      windowLabel: r.window_name ?? '（未登记窗口）',
      clerkId: r.clerk_id,
      clerkName: r.clerk_name,
      matterCode: r.matter_code,
      matterName: r.matter_name,
      departmentCode: r.department_code,
      departmentName: departmentLabel(r.department_code, r.department_name),
      channel: r.channel,
      isBundle: r.is_bundle === 1,
      isChild: r.is_child === 1,
      outcome: r.outcome,
      pending: r.pending === 1,
      overdueCases: r.overdue,
    }));
}

/** Milliseconds between two stored instants (julianday reads the `Z`); null when either is missing or unreadable. */
const millisSql = (from: string, to: string) => `CAST(round((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)`;

/** Valid durations (ms, none negative) of one measure, gathered per key, then sorted once each. */
class DurationBuckets {
  private readonly byKey = new Map<string, number[]>();

  add(key: string, ms: number | null): void {
    if (ms === null || ms < 0) return;
    const bucket = this.byKey.get(key);
    if (bucket) bucket.push(ms);
    else this.byKey.set(key, [ms]);
  }

  figures(): Map<string, DurationFigures> {
    return new Map([...this.byKey].map(([key, values]) => [key, sortedDurationFigures(Float64Array.from(values).sort())]));
  }

  /** Of every key's durations together. */
  allFigures(): DurationFigures {
    return sortedDurationFigures(Float64Array.from([...this.byKey.values()].flat()).sort());
  }
}

/**
 * Median and p90 of waiting and handling times per window and clerk, and of all intakes, from one
 * pass over the range's intakes: SQL hands over two numbers and two keys per case (each row dies
 * young), and each group's durations are sorted as a typed array. (Before, each measure × key was
 * its own sorted query and count: eight scans of a month of 150,000 cases for one log.)
 */
function durations(tx: ReadTx, range: { start: string; end: string }): LogDurations {
  const waiting = { byWindow: new DurationBuckets(), byClerk: new DurationBuckets() };
  const handling = { byWindow: new DurationBuckets(), byClerk: new DurationBuckets() };
  tx.each<{ w: string; c: string; waiting: number | null; handling: number | null }>(
    `SELECT coalesce(c.window_id, '-') AS w, c.clerk_id AS c,
            ${millisSql('c.ticket_taken_at', 'c.ticket_called_at')} AS waiting,
            ${millisSql('c.ticket_called_at', 'coalesce(c.decided_at, c.created_at)')} AS handling
       FROM case_record c
      WHERE c.created_at >= @start AND c.created_at < @end AND c.parent_case_id IS NULL`,
    [range],
    (row) => {
      waiting.byWindow.add(row.w, row.waiting);
      waiting.byClerk.add(row.c, row.waiting);
      handling.byWindow.add(row.w, row.handling);
      handling.byClerk.add(row.c, row.handling);
    },
  );
  const pair = (w: Map<string, DurationFigures>, h: Map<string, DurationFigures>) =>
    new Map([...new Set([...w.keys(), ...h.keys()])].map((k) => [k, { waiting: w.get(k) ?? sortedDurationFigures([]), handling: h.get(k) ?? sortedDurationFigures([]) }]));
  // Every intake has one window key, so the windows' buckets together hold all intakes' durations.
  return {
    all: { waiting: waiting.byWindow.allFigures(), handling: handling.byWindow.allFigures() },
    byWindow: pair(waiting.byWindow.figures(), handling.byWindow.figures()),
    byClerk: pair(waiting.byClerk.figures(), handling.byClerk.figures()),
  };
}

function handoverGroups(tx: ReadTx, range: { start: string; end: string }): LogHandoverGroup[] {
  return tx
    .all<{ n: number; day: string; actor_id: string | null; actor_name: string | null; window_id: string | null; window_name: string | null }>(
      `SELECT count(*) AS n, ${chinaDateSql('e.at')} AS day, e.actor_id, u.display_name AS actor_name, c.window_id, w.name AS window_name
         FROM case_event e
         JOIN case_record c ON c.id = e.case_id
         LEFT JOIN app_user u ON u.id = e.actor_id
         LEFT JOIN service_window w ON w.id = c.window_id
        WHERE e.type = 'handover.delivered' AND e.at >= @start AND e.at < @end
        GROUP BY day, e.actor_id, c.window_id`,
      range,
    )
    .map((r) => ({
      count: r.n,
      date: r.day,
      clerkId: r.actor_id,
      clerkName: r.actor_name ?? '（未知）',
      windowId: r.window_id,
      windowLabel: r.window_name ?? '（未登记窗口）',
    }));
}

function ratingCounts(tx: ReadTx, range: { start: string; end: string }): Map<number, number> {
  const rows = tx.all<{ level: number; n: number }>(
    "SELECT json_extract(e.payload, '$.level') AS level, count(*) AS n FROM case_event e WHERE e.type = 'rating.given' AND e.at >= @start AND e.at < @end GROUP BY level",
    range,
  );
  return new Map(rows.map((r) => [r.level, r.n]));
}

/**
 * The daily log of China dates `from`..`to` (both included), pending and overdue as of `today`.
 * Counted in SQL: a month of 150,000 cases is a few thousand groups and one sorted column of
 * durations, never an object per case (docs/daily-log.md, measurements).
 */
export function dailyLog(tx: ReadTx, range: { from: string; to: string }, today: string): DailyLog {
  const bounds = chinaDayBounds(range.from, range.to);
  const count = (sql: string, ...params: string[]) => tx.get<{ n: number }>(sql, ...params)?.n ?? 0;
  return buildDailyLog({
    from: range.from,
    to: range.to,
    today,
    cases: caseGroups(tx, { ...bounds, today }),
    handovers: handoverGroups(tx, bounds),
    durations: durations(tx, bounds),
    ratings: ratingCounts(tx, bounds),
    followUpsOpened: count('SELECT count(*) AS n FROM follow_up WHERE created_at >= ? AND created_at < ?', bounds.start, bounds.end),
    openFollowUps: count("SELECT count(*) AS n FROM follow_up WHERE state = 'open'"),
    channelLabels,
    ratingLabels: ratingLevelLabels,
  });
}

/** The daily log compares the whole centre's windows and clerks: only a centre-wide scope sees it. */
export function dailyLogFor(tx: ReadTx, viewer: StaffActor, range: { from: string; to: string }, today: string): DailyLog {
  assertCentreScope(scopeOf(tx, viewer));
  return dailyLog(tx, range, today);
}
