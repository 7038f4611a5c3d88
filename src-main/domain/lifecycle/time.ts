/**
 * Time limits (时限) of a case, from its folded state and the work calendar.
 *
 * Day-counting rule (all dates are dates in China, UTC+8):
 * - The limit runs from the acceptance date A, which is not counted (day 1 is the next day),
 *   exactly like `WorkCalendar.dueDate`. For 'working' limits only working days count; for
 *   'calendar' limits every day does.
 * - A pause (补正, 特别程序) from date F to date T pauses the days d with F < d ≤ T: the day it
 *   starts still counts, the day it ends does not. So a pause that starts and ends on the same
 *   day pauses 0 days, and a pause ending on the day the next one starts never counts a day
 *   twice. An open pause runs to the evaluation date. Days before A are never paused.
 * - The evaluation date ("as of") is today, or the date the clock stopped (decision, withdrawal,
 *   voiding) if that is earlier, and never before A.
 * - paused = paused days in (A, asOf]; used = days in (A, asOf] − paused;
 *   dueDate = the base due date + paused (working days for 'working' limits, calendar days for
 *   'calendar' ones); daysLeft = days in (asOf, dueDate], negative when overdue.
 *   All are in the limit's own unit, so used + daysLeft = the limit whenever the base due date
 *   is A + the limit (as intake computes it), paused or not.
 */
import type { LimitUnit } from '../catalogue/schema.ts';
import { AppError } from '../errors.ts';
import type { WorkCalendar } from '../time/calendar.ts';
import { isIsoDate, toDayNumber } from '../time/iso-date.ts';
import type { CaseState } from './state.ts';

export interface TimeLimitThresholds {
  /** Yellow when at most this fraction of the limit is left. */
  yellowFraction: number;
  /** Red when at most this fraction of the limit is left (and not yet overdue). */
  redFraction: number;
}
export const defaultThresholds: TimeLimitThresholds = Object.freeze({ yellowFraction: 0.3, redFraction: 0.1 });

export type TimeLimitLevel = 'normal' | 'yellow' | 'red' | 'overdue' | 'stopped';
export const timeLimitLevelLabels: Record<TimeLimitLevel, string> = {
  normal: '正常',
  yellow: '黄牌预警',
  red: '红牌预警',
  overdue: '已超期',
  stopped: '已停止计时',
};

export interface TimeLimitStatus {
  unit: LimitUnit;
  /** The limit in `unit` (承诺时限 as accepted). */
  limit: number;
  /** The due date after pauses. */
  dueDate: string;
  /** Days of `unit` left after `asOf` up to the due date; 0 on the due date, negative when overdue. */
  daysLeft: number;
  /** Days of `unit` counted toward the limit so far (paused days excluded). */
  used: number;
  /** Days of `unit` paused so far (补正 and 特别程序). */
  paused: number;
  /** 'stopped' for decided and ended cases (their daysLeft says whether they finished in time). */
  level: TimeLimitLevel;
  clock: 'running' | 'paused' | 'stopped';
  /** The date the figures are for: today, or when the clock stopped. */
  asOf: string;
}

function dayNumber(date: string, what: string): number {
  const n = toDayNumber(date);
  if (n === null) throw new AppError('VALIDATION', `${what}“${date}”不是有效日期，格式应为 yyyy-mm-dd`);
  return n;
}

function checkThresholds(t: TimeLimitThresholds): void {
  const ok = (f: number) => Number.isFinite(f) && f >= 0 && f <= 1;
  if (!ok(t.yellowFraction) || !ok(t.redFraction) || t.redFraction > t.yellowFraction) {
    throw new AppError('VALIDATION', `预警比例应在 0–1 之间，且红牌比例不大于黄牌比例（当前黄牌 ${t.yellowFraction}，红牌 ${t.redFraction}）`);
  }
}

/** Paused days in (start, asOf], in `unit`, by the rule above. */
function pausedDays(state: CaseState, calendar: WorkCalendar, start: string, asOf: string, unit: LimitUnit): number {
  let total = 0;
  for (const pause of state.pauses) {
    const from = pause.fromDate > start ? pause.fromDate : start;
    const to = pause.toDate === null || pause.toDate > asOf ? asOf : pause.toDate;
    if (to <= from) continue; // 'yyyy-mm-dd' strings order like dates
    total += unit === 'working' ? calendar.workingDaysBetween(from, to) : dayNumber(to, '日期') - dayNumber(from, '日期');
  }
  return total;
}

/** Where a case's clock stands on `today`: what both the full figures and the due date alone start from. */
function clockOn(state: CaseState, calendar: WorkCalendar, today: string) {
  const start = state.acceptedDate;
  const limit = state.limit;
  const base = state.baseDueDate;
  if (start === null || limit === null || base === null) return null;
  if (!isIsoDate(today)) throw new AppError('VALIDATION', `日期“${today}”不是有效日期，格式应为 yyyy-mm-dd`);
  const stopped = state.terminal || state.clockStoppedDate !== null;
  let asOf = state.clockStoppedDate !== null && state.clockStoppedDate < today ? state.clockStoppedDate : today;
  if (asOf < start) asOf = start;
  const unit = limit.unit;
  const paused = pausedDays(state, calendar, start, asOf, unit);
  const dueDate = unit === 'working' ? calendar.addWorkingDays(base, paused) : calendar.addCalendarDays(base, paused);
  return { start, limit, unit, stopped, asOf, paused, dueDate };
}

/**
 * The due date after pauses alone, as `timeLimitStatus` gives it, without counting the working
 * days used and left one by one: what a case's list columns keep (services/cases/lifecycle.ts).
 */
export function timeLimitDueDate(state: CaseState, calendar: WorkCalendar, today: string): string | null {
  return clockOn(state, calendar, today)?.dueDate ?? null;
}

/**
 * The time-limit figures of a case on `today` ('yyyy-mm-dd' in China), or null when the clock
 * never started (一次性告知 still waiting, 不予受理). Throws VALIDATION when a needed calendar
 * year is not loaded: guessing would silently move due dates.
 */
export function timeLimitStatus(
  state: CaseState,
  calendar: WorkCalendar,
  today: string,
  thresholds: TimeLimitThresholds = defaultThresholds,
): TimeLimitStatus | null {
  const on = clockOn(state, calendar, today);
  if (on === null) return null;
  checkThresholds(thresholds);
  const { start, limit, unit, stopped, asOf, paused, dueDate } = on;
  let used: number;
  let daysLeft: number;
  if (unit === 'working') {
    used = calendar.workingDaysBetween(start, asOf) - paused;
    daysLeft = calendar.workingDaysBetween(asOf, dueDate);
  } else {
    used = dayNumber(asOf, '日期') - dayNumber(start, '受理日期') - paused;
    daysLeft = dayNumber(dueDate, '办结期限') - dayNumber(asOf, '日期');
  }

  let level: TimeLimitLevel;
  if (stopped) level = 'stopped';
  else if (daysLeft < 0) level = 'overdue';
  else if (daysLeft <= limit.value * thresholds.redFraction) level = 'red';
  else if (daysLeft <= limit.value * thresholds.yellowFraction) level = 'yellow';
  else level = 'normal';

  const clock = stopped ? 'stopped' : state.status === 'supplement' || state.status === 'special' ? 'paused' : 'running';
  return { unit, limit: limit.value, dueDate, daysLeft, used, paused, level, clock, asOf };
}
