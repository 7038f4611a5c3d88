/** The China date of an event's instant: what the clock and the pauses count in. */
import { AppError } from '../../errors.ts';
import { dateInChina } from '../../time/iso-date.ts';

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** The number written by the decimal digits at at[from, to), or -1 if any is not a digit. */
function digits(at: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = at.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The date in China of an event instant; time limits count China dates whatever the PC's zone.
 * An instant written by `toISOString()` ('yyyy-mm-ddThh:mm…Z') before 16:00 UTC has the same
 * date in China: that covers almost every event, read without a Date or a regular expression
 * (this runs inside every fold). Anything else goes the long way.
 */
export function chinaDate(at: string): string {
  if (at.length >= 17 && at.charCodeAt(at.length - 1) === 90 /* Z */ && at[4] === '-' && at[7] === '-' && at[10] === 'T' && at[13] === ':') {
    const year = digits(at, 0, 4);
    const month = digits(at, 5, 7);
    const day = digits(at, 8, 10);
    const hour = digits(at, 11, 13);
    if (year >= 0 && hour >= 0 && hour < 16 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)) return at.slice(0, 10);
  }
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new AppError('VALIDATION', `事件时间“${at}”无效，应为 ISO 8601 时刻`, { field: 'at' });
  return dateInChina(new Date(ms));
}
