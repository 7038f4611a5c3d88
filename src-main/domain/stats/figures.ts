/**
 * Pure figures of the daily log (日志/台账): China-day boundaries, median and p90 of durations,
 * and the range rules. SQL lives in src-main/services/stats/; these are tested on their own.
 */
import { fromDayNumber, toDayNumber } from '../time/iso-date.ts';

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The longest range the log and its exports accept: a quarter, so a mistyped year cannot run for minutes. */
export const maxRangeDays = 92;

/**
 * The instants that bound China dates `from`..`to` (both included), as the store writes
 * instants (ISO 8601 UTC, `toISOString()`): a day in China runs 16:00Z of the day before to
 * 16:00Z, so `start <= at < end` compares as strings.
 */
export function chinaDayBounds(from: string, to: string): { start: string; end: string } {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (a === null || b === null) throw new Error(`not a date: ${from}..${to}`);
  return { start: new Date(a * MS_PER_DAY - CHINA_OFFSET_MS).toISOString(), end: new Date((b + 1) * MS_PER_DAY - CHINA_OFFSET_MS).toISOString() };
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (a === null || b === null) return [];
  const dates: string[] = [];
  for (let n = a; n <= b; n++) dates.push(fromDayNumber(n));
  return dates;
}

/** Days in the range, both ends included; 0 when `to` is before `from` or either is not a date. */
export function rangeDays(from: string, to: string): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  return a === null || b === null || b < a ? 0 : b - a + 1;
}

export function addDays(date: string, days: number): string {
  const n = toDayNumber(date);
  if (n === null) throw new Error(`not a date: ${date}`);
  return fromDayNumber(n + days);
}

/**
 * The q-quantile (0..1) by the nearest-rank method: a value that occurred, never an interpolated
 * one, so "p90 等候 12 分钟" means at least 90% waited at most 12 minutes. Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileOfSorted([...values].sort((x, y) => x - y), q);
}

/** The nearest-rank q-quantile of values already sorted ascending (SQL `ORDER BY`): no copy, no sort. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface DurationFigures {
  /** How many cases had both timestamps. */
  count: number;
  /** Minutes, rounded to 0.1. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

const toMinutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);

/** Median and p90 of durations in milliseconds, as minutes. Negative durations (clock errors) are left out. */
export function durationFigures(millis: readonly number[]): DurationFigures {
  return sortedDurationFigures(millis.filter((ms) => Number.isFinite(ms) && ms >= 0).sort((x, y) => x - y));
}

/** Median and p90 of valid durations (milliseconds, none negative) sorted ascending, as minutes. */
export function sortedDurationFigures(sorted: ArrayLike<number>): DurationFigures {
  return { count: sorted.length, medianMinutes: toMinutes(quantileOfSorted(sorted, 0.5)), p90Minutes: toMinutes(quantileOfSorted(sorted, 0.9)) };
}

/** Milliseconds from one ISO instant to another, or null when either is missing or unreadable. */
export function between(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : b - a;
}

/** The intake decision a case was registered with, from its columns (受理时间 set only on acceptance). */
export type WindowOutcome = 'accepted' | 'notice' | 'refused';
export const windowOutcomeLabels: Record<WindowOutcome, string> = { accepted: '受理', notice: '一次性告知', refused: '不予受理' };

/** 在办: accepted and not yet finished (under review, paused, or waiting to be collected). */
export const pendingStatuses = ['accepted', 'in_review', 'supplement', 'special', 'decided'] as const;
/** Statuses whose clock runs, so a past due date means overdue (paused cases are not). */
export const runningStatuses = ['accepted', 'in_review'] as const;
