/**
 * The daily log (日志/台账) computed from plain rows: what the windows did in a range of China
 * dates, by window, by clerk, by matter and department, with waiting and handling times, ratings
 * and the day-by-day trend. The service reads the rows (services/stats/); everything that is
 * counted, grouped or ranked is decided here, once, for the screen, the exports and the PDF.
 *
 * Definitions (recorded in docs/daily-log.md):
 * - A window's figures count intakes (收件): one per applicant visit, so a 一件事 bundle counts
 *   once (its parent case), under the window and clerk that decided it.
 * - Matter and department figures count matter cases: a bundle's children, never its parent.
 * - 在办 (pending) and 超期 (overdue) are of the cases taken in the range, as they stand today.
 * - Hand-overs (出件) are counted on the day of hand-over, under the clerk who handed over and
 *   the window where the case was taken (the log does not record which window handed it out).
 * - Waiting = ticket taken → called; handling = called → decision at the window.
 */
import { between, datesBetween, durationFigures, pendingStatuses, runningStatuses, type DurationFigures, type WindowOutcome } from './figures.ts';

export interface LogCaseRow {
  id: string;
  isBundle: boolean;
  /** A bundle child's parent case; null otherwise. */
  parentId: string | null;
  /** China date of the intake decision. */
  date: string;
  windowId: string | null;
  windowLabel: string;
  clerkId: string;
  clerkName: string;
  matterCode: string;
  matterName: string;
  departmentCode: string;
  departmentName: string;
  channel: string;
  status: string;
  outcome: WindowOutcome;
  dueDate: string | null;
  ticketTakenAt: string | null;
  ticketCalledAt: string | null;
  decidedAt: string;
}

export interface LogHandoverRow {
  date: string;
  clerkId: string | null;
  clerkName: string;
  windowId: string | null;
  windowLabel: string;
}

export interface LogRatingRow {
  date: string;
  level: number;
}

export interface LogCounts {
  intakes: number;
  accepted: number;
  notice: number;
  refused: number;
  handovers: number;
  pending: number;
  overdue: number;
}

export interface LogGroupRow extends LogCounts {
  key: string;
  label: string;
  waiting: DurationFigures;
  handling: DurationFigures;
}

export interface LogMatterRow {
  key: string;
  label: string;
  departmentName: string;
  total: number;
  accepted: number;
  notice: number;
  refused: number;
  pending: number;
  overdue: number;
}

export interface LogTrendRow {
  date: string;
  intakes: number;
  accepted: number;
  notice: number;
  refused: number;
  handovers: number;
}

export interface DailyLog {
  from: string;
  to: string;
  /** The date "pending" and "overdue" are measured on. */
  today: string;
  totals: LogCounts & { crossRegion: number; bundles: number; matterCases: number; ratings: number; followUpsOpened: number; openFollowUps: number };
  waiting: DurationFigures;
  handling: DurationFigures;
  byWindow: LogGroupRow[];
  byClerk: LogGroupRow[];
  byMatter: LogMatterRow[];
  byDepartment: LogMatterRow[];
  byChannel: Array<{ key: string; label: string; count: number }>;
  /** Levels 5 (非常满意) to 1 (非常不满意), each present, 0 when none. */
  ratings: Array<{ level: number; label: string; count: number }>;
  trend: LogTrendRow[];
}

export interface DailyLogInput {
  from: string;
  to: string;
  today: string;
  cases: readonly LogCaseRow[];
  handovers: readonly LogHandoverRow[];
  ratings: readonly LogRatingRow[];
  followUpsOpened: number;
  openFollowUps: number;
  channelLabels: Readonly<Record<string, string>>;
  ratingLabels: Readonly<Record<number, string>>;
}

const pending = new Set<string>(pendingStatuses);
const running = new Set<string>(runningStatuses);

export function isOverdue(row: Pick<LogCaseRow, 'status' | 'dueDate' | 'isBundle'>, today: string): boolean {
  return !row.isBundle && running.has(row.status) && row.dueDate !== null && row.dueDate < today;
}

const zeroCounts = (): LogCounts => ({ intakes: 0, accepted: 0, notice: 0, refused: 0, handovers: 0, pending: 0, overdue: 0 });

interface GroupAcc extends LogCounts {
  key: string;
  label: string;
  waits: number[];
  handles: number[];
}

function groupOf(map: Map<string, GroupAcc>, key: string, label: string): GroupAcc {
  let acc = map.get(key);
  if (!acc) {
    acc = { key, label, ...zeroCounts(), waits: [], handles: [] };
    map.set(key, acc);
  }
  return acc;
}

/** A bundle's status is its own; whether its matters are pending or overdue is read from the children. */
function countIntake(acc: LogCounts, row: LogCaseRow, today: string, children: readonly LogCaseRow[]): void {
  acc.intakes += 1;
  acc[row.outcome] += 1;
  const matters = row.isBundle ? children : [row];
  if (matters.some((m) => pending.has(m.status))) acc.pending += 1;
  if (matters.some((m) => isOverdue(m, today))) acc.overdue += 1;
}

function finishGroups(map: Map<string, GroupAcc>): LogGroupRow[] {
  return [...map.values()]
    .map(({ waits, handles, ...rest }) => ({ ...rest, waiting: durationFigures(waits), handling: durationFigures(handles) }))
    .sort((a, b) => b.intakes - a.intakes || b.handovers - a.handovers || a.label.localeCompare(b.label, 'zh-CN'));
}

function matterRows(cases: readonly LogCaseRow[], today: string, keyOf: (r: LogCaseRow) => [string, string, string]): LogMatterRow[] {
  const map = new Map<string, LogMatterRow>();
  for (const row of cases) {
    const [key, label, departmentName] = keyOf(row);
    let acc = map.get(key);
    if (!acc) {
      acc = { key, label, departmentName, total: 0, accepted: 0, notice: 0, refused: 0, pending: 0, overdue: 0 };
      map.set(key, acc);
    }
    acc.total += 1;
    acc[row.outcome] += 1;
    if (pending.has(row.status)) acc.pending += 1;
    if (isOverdue(row, today)) acc.overdue += 1;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'zh-CN'));
}

export function buildDailyLog(input: DailyLogInput): DailyLog {
  const { cases, today } = input;
  const intakes = cases.filter((c) => c.parentId === null);
  const matterCases = cases.filter((c) => !c.isBundle);
  // A child is decided in the same transaction as its parent, so both are in the range.
  const bundleChildren = new Map<string, LogCaseRow[]>();
  for (const c of cases) {
    if (c.parentId !== null) bundleChildren.set(c.parentId, [...(bundleChildren.get(c.parentId) ?? []), c]);
  }

  const totals = zeroCounts();
  const byWindow = new Map<string, GroupAcc>();
  const byClerk = new Map<string, GroupAcc>();
  const trend = new Map(datesBetween(input.from, input.to).map((date) => [date, { date, intakes: 0, accepted: 0, notice: 0, refused: 0, handovers: 0 }]));
  const allWaits: number[] = [];
  const allHandles: number[] = [];

  for (const row of intakes) {
    const children = row.isBundle ? (bundleChildren.get(row.id) ?? []) : [];
    const wait = between(row.ticketTakenAt, row.ticketCalledAt);
    const handle = between(row.ticketCalledAt, row.decidedAt);
    countIntake(totals, row, today, children);
    for (const acc of [groupOf(byWindow, row.windowId ?? '-', row.windowLabel), groupOf(byClerk, row.clerkId, row.clerkName)]) {
      countIntake(acc, row, today, children);
      if (wait !== null) acc.waits.push(wait);
      if (handle !== null) acc.handles.push(handle);
    }
    if (wait !== null) allWaits.push(wait);
    if (handle !== null) allHandles.push(handle);
    const day = trend.get(row.date);
    if (day) {
      day.intakes += 1;
      day[row.outcome] += 1;
    }
  }
  for (const h of input.handovers) {
    totals.handovers += 1;
    groupOf(byWindow, h.windowId ?? '-', h.windowLabel).handovers += 1;
    groupOf(byClerk, h.clerkId ?? '-', h.clerkName).handovers += 1;
    const day = trend.get(h.date);
    if (day) day.handovers += 1;
  }

  const channelCounts = new Map<string, number>();
  for (const row of intakes) channelCounts.set(row.channel, (channelCounts.get(row.channel) ?? 0) + 1);
  const ratingCounts = new Map<number, number>();
  for (const r of input.ratings) ratingCounts.set(r.level, (ratingCounts.get(r.level) ?? 0) + 1);

  return {
    from: input.from,
    to: input.to,
    today,
    totals: {
      ...totals,
      crossRegion: channelCounts.get('cross_region') ?? 0,
      bundles: intakes.filter((c) => c.isBundle).length,
      matterCases: matterCases.length,
      ratings: input.ratings.length,
      followUpsOpened: input.followUpsOpened,
      openFollowUps: input.openFollowUps,
    },
    waiting: durationFigures(allWaits),
    handling: durationFigures(allHandles),
    byWindow: finishGroups(byWindow),
    byClerk: finishGroups(byClerk),
    byMatter: matterRows(matterCases, today, (r) => [r.matterCode, r.matterName, r.departmentName]),
    byDepartment: matterRows(matterCases, today, (r) => [r.departmentCode, r.departmentName, r.departmentName]),
    byChannel: [...channelCounts.entries()].map(([key, count]) => ({ key, label: input.channelLabels[key] ?? key, count })).sort((a, b) => b.count - a.count),
    ratings: [5, 4, 3, 2, 1].map((level) => ({ level, label: input.ratingLabels[level] ?? String(level), count: ratingCounts.get(level) ?? 0 })),
    trend: [...trend.values()],
  };
}
