/**
 * When the scheduled export runs (pure, so it is tested with any clock): each day at the
 * configured China time, the previous day's log is written. A day missed because the app was
 * closed is written at the next start; after a failure the next attempt waits longer each time.
 */
import { addDays } from '../stats/figures.ts';
import { dateInChina } from '../time/iso-date.ts';

export const scheduleTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Days the app catches up after being closed; older logs are exported by hand. */
export const maxCatchUpDays = 7;

function chinaMinutes(now: Date): number {
  const ms = (now.getTime() + 8 * 3_600_000) % 86_400_000;
  return Math.floor(ms / 60_000);
}

/** The log dates that are due at `now` and not yet written, oldest first. */
export function dueLogDates(now: Date, time: string, lastSuccess: string | null): string[] {
  const match = scheduleTimePattern.exec(time);
  if (!match) return [];
  const at = Number(match[1]) * 60 + Number(match[2]);
  const today = dateInChina(now);
  const latest = addDays(today, chinaMinutes(now) >= at ? -1 : -2);
  if (lastSuccess !== null && lastSuccess >= latest) return [];
  const earliest = addDays(latest, -(maxCatchUpDays - 1));
  let first = lastSuccess === null ? latest : addDays(lastSuccess, 1);
  if (first < earliest) first = earliest;
  const dates: string[] = [];
  for (let d = first; d <= latest; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Minutes to wait after the n-th failure in a row (1, 2, …): 5, 10, 20, 40, then every 60. */
export function retryDelayMinutes(failures: number): number {
  return Math.min(60, 5 * 2 ** Math.max(0, failures - 1));
}
