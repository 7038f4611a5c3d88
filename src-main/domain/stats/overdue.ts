/**
 * 超期 and the list's time level, defined once. A matter case (never a 一件事 parent: its
 * children carry the clocks) whose clock runs (已受理, 审查中) is overdue once its due date is
 * before today (China date). Tiles, the overdue list, the daily log, exports and the colour of a
 * list row all use these, so one screen cannot say 0 while another lists 8 and a third counts 28.
 */
import { defaultThresholds } from '../lifecycle/time.ts';
import { runningStatuses } from './figures.ts';

export { runningStatuses };

const running = new Set<string>(runningStatuses);

export interface ClockRow {
  status: string;
  dueDate: string | null;
  isBundle: boolean;
}

/** Whether one case is overdue on `today` ('yyyy-mm-dd' in China). */
export function isOverdue(row: ClockRow, today: string): boolean {
  return !row.isBundle && running.has(row.status) && row.dueDate !== null && row.dueDate < today;
}

/** The same rule in SQL over case_record alias `x`, with today bound as `todayParam`. */
export function overdueSql(x: string, todayParam = '@today'): string {
  const list = runningStatuses.map((status) => `'${status}'`).join(', ');
  return `(${x}.is_bundle = 0 AND ${x}.status IN (${list}) AND ${x}.due_date IS NOT NULL AND ${x}.due_date < ${todayParam})`;
}

export type TimeLevel = 'normal' | 'yellow' | 'red' | 'overdue' | 'paused' | 'stopped';

const pausedStatuses = new Set(['supplement', 'special']);

/**
 * The colour of a case's clock on `today`. `daysLeft` counts from today to the due date in the
 * limit's unit (working or calendar days; negative once past). A 即办件 (limit 0) is due the day it
 * was accepted: still running after that day it is overdue like any other, never "—".
 */
export function timeLevelOf(row: ClockRow & { limit: number }, today: string, daysLeft: number): TimeLevel {
  if (pausedStatuses.has(row.status)) return 'paused';
  if (!running.has(row.status)) return 'stopped';
  if (isOverdue(row, today)) return 'overdue';
  if (daysLeft <= row.limit * defaultThresholds.redFraction) return 'red';
  if (daysLeft <= row.limit * defaultThresholds.yellowFraction) return 'yellow';
  return 'normal';
}
