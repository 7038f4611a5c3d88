/**
 * The daily log (日志/台账) computed from grouped counts: what the windows did in a range of China
 * dates, by window, by clerk, by matter and department, with waiting and handling times, ratings
 * and the day-by-day trend. The service counts in SQL (services/stats/); everything that is
 * counted, grouped or ranked is decided here, once, for the screen, the exports and the PDF.
 *
 * Definitions (recorded in docs/daily-log.md):
 * - A window's figures count intakes (收件): one per applicant visit, so a 一件事 bundle counts
 *   once (its parent case), under the window and clerk that decided it.
 * - Matter and department figures count matter cases: a bundle's children, never its parent.
 * - 在办 (pending) and 超期 (overdue) are of the cases taken in the range, as they stand today.
 *   超期 counts matter cases everywhere, a bundle with two late matters as two: the same count
 *   as the supervisor's tiles, the overdue list and the exported rows (overdue.ts).
 * - Hand-overs (出件) are counted on the day of hand-over, under the clerk who handed over and
 *   the window where the case was taken (the log does not record which window handed it out).
 * - Waiting = ticket taken → called; handling = called → decision at the window.
 */
import { datesBetween, type DurationFigures, type WindowOutcome } from './figures.ts';

/**
 * The cases of the range that share every field the log counts by, and how many they are: the
 * store groups them (GROUP BY), so a month of 150,000 cases arrives as a few thousand groups.
 */
export interface LogCaseGroup {
  count: number;
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
  isBundle: boolean;
  /** A bundle's child (a matter case, not an intake). */
  isChild: boolean;
  outcome: WindowOutcome;
  /** 在办: of a bundle, whether any of its children is. */
  pending: boolean;
  /** 超期 matter cases each of these stands for: of a bundle, how many of its children are; else 1 or 0. */
  overdueCases: number;
}

/** Hand-overs of one day by one clerk of one window. */
export interface LogHandoverGroup {
  count: number;
  date: string;
  clerkId: string | null;
  clerkName: string;
  windowId: string | null;
  windowLabel: string;
}

/** Waiting and handling figures of all intakes, and per window and clerk (keyed as in the groups, '-' for none). */
export interface LogDurations {
  all: { waiting: DurationFigures; handling: DurationFigures };
  byWindow: ReadonlyMap<string, { waiting: DurationFigures; handling: DurationFigures }>;
  byClerk: ReadonlyMap<string, { waiting: DurationFigures; handling: DurationFigures }>;
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
  cases: readonly LogCaseGroup[];
  handovers: readonly LogHandoverGroup[];
  durations: LogDurations;
  /** How many ratings of each level (5..1) were given. */
  ratings: ReadonlyMap<number, number>;
  followUpsOpened: number;
  openFollowUps: number;
  channelLabels: Readonly<Record<string, string>>;
  ratingLabels: Readonly<Record<number, string>>;
}

/** 超期 is defined once, in overdue.ts; re-exported for the daily log's callers. */
export { isOverdue } from './overdue.ts';

const zeroCounts = (): LogCounts => ({ intakes: 0, accepted: 0, notice: 0, refused: 0, handovers: 0, pending: 0, overdue: 0 });

const noDurations = { count: 0, medianMinutes: null, p90Minutes: null };

function groupOf(map: Map<string, LogCounts & { key: string; label: string }>, key: string, label: string): LogCounts {
  let acc = map.get(key);
  if (!acc) {
    acc = { key, label, ...zeroCounts() };
    map.set(key, acc);
  }
  return acc;
}

function countIntakes(acc: LogCounts, group: LogCaseGroup): void {
  acc.intakes += group.count;
  acc[group.outcome] += group.count;
  if (group.pending) acc.pending += group.count;
  acc.overdue += group.count * group.overdueCases;
}

function finishGroups(map: Map<string, LogCounts & { key: string; label: string }>, durations: LogDurations['byWindow']): LogGroupRow[] {
  return [...map.values()]
    .map((row) => ({ ...row, waiting: durations.get(row.key)?.waiting ?? noDurations, handling: durations.get(row.key)?.handling ?? noDurations }))
    .sort((a, b) => b.intakes - a.intakes || b.handovers - a.handovers || a.label.localeCompare(b.label, 'zh-CN'));
}

function matterRows(cases: readonly LogCaseGroup[], keyOf: (r: LogCaseGroup) => [string, string, string]): LogMatterRow[] {
  const map = new Map<string, LogMatterRow>();
  for (const row of cases) {
    const [key, label, departmentName] = keyOf(row);
    let acc = map.get(key);
    if (!acc) {
      acc = { key, label, departmentName, total: 0, accepted: 0, notice: 0, refused: 0, pending: 0, overdue: 0 };
      map.set(key, acc);
    }
    acc.total += row.count;
    acc[row.outcome] += row.count;
    if (row.pending) acc.pending += row.count;
    acc.overdue += row.count * row.overdueCases;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'zh-CN'));
}

const sum = (groups: readonly LogCaseGroup[]) => groups.reduce((n, g) => n + g.count, 0);

export function buildDailyLog(input: DailyLogInput): DailyLog {
  const { cases, today } = input;
  const intakes = cases.filter((c) => !c.isChild);
  const matterCases = cases.filter((c) => !c.isBundle);

  const totals = zeroCounts();
  const byWindow = new Map<string, LogCounts & { key: string; label: string }>();
  const byClerk = new Map<string, LogCounts & { key: string; label: string }>();
  const trend = new Map(datesBetween(input.from, input.to).map((date) => [date, { date, intakes: 0, accepted: 0, notice: 0, refused: 0, handovers: 0 }]));
  const channelCounts = new Map<string, number>();

  for (const group of intakes) {
    countIntakes(totals, group);
    countIntakes(groupOf(byWindow, group.windowId ?? '-', group.windowLabel), group);
    countIntakes(groupOf(byClerk, group.clerkId, group.clerkName), group);
    channelCounts.set(group.channel, (channelCounts.get(group.channel) ?? 0) + group.count);
    const day = trend.get(group.date);
    if (day) {
      day.intakes += group.count;
      day[group.outcome] += group.count;
    }
  }
  for (const h of input.handovers) {
    totals.handovers += h.count;
    groupOf(byWindow, h.windowId ?? '-', h.windowLabel).handovers += h.count;
    groupOf(byClerk, h.clerkId ?? '-', h.clerkName).handovers += h.count;
    const day = trend.get(h.date);
    if (day) day.handovers += h.count;
  }

  return {
    from: input.from,
    to: input.to,
    today,
    totals: {
      ...totals,
      crossRegion: channelCounts.get('cross_region') ?? 0,
      bundles: sum(intakes.filter((c) => c.isBundle)),
      matterCases: sum(matterCases),
      ratings: [...input.ratings.values()].reduce((n, count) => n + count, 0),
      followUpsOpened: input.followUpsOpened,
      openFollowUps: input.openFollowUps,
    },
    waiting: input.durations.all.waiting,
    handling: input.durations.all.handling,
    byWindow: finishGroups(byWindow, input.durations.byWindow),
    byClerk: finishGroups(byClerk, input.durations.byClerk),
    byMatter: matterRows(matterCases, (r) => [r.matterCode, r.matterName, r.departmentName]),
    byDepartment: matterRows(matterCases, (r) => [r.departmentCode, r.departmentName, r.departmentName]),
    byChannel: [...channelCounts.entries()].map(([key, count]) => ({ key, label: input.channelLabels[key] ?? key, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN')),
    ratings: [5, 4, 3, 2, 1].map((level) => ({ level, label: input.ratingLabels[level] ?? String(level), count: input.ratings.get(level) ?? 0 })),
    trend: [...trend.values()],
  };
}
