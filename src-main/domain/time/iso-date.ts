/**
 * Plain calendar dates as 'yyyy-mm-dd' strings. All arithmetic goes through a UTC day number,
 * so no local time zone or daylight-saving rule can shift a date by one.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function dayNumberOf(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return Math.round(d.getTime() / MS_PER_DAY);
}

function dayNumberFromParts(match: RegExpExecArray | null): number | null {
  if (match === null) return null;
  return dayNumberOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** True for a real calendar date written 'yyyy-mm-dd' (so 2026-02-30 is false). */
export function isIsoDate(value: string): boolean {
  return dayNumberFromParts(ISO_DATE.exec(value)) !== null;
}

/** 'yyyyMMdd' → 'yyyy-mm-dd', or null when it is not a real date. */
export function compactToIsoDate(value: string): string | null {
  const n = dayNumberFromParts(COMPACT_DATE.exec(value));
  return n === null ? null : fromDayNumber(n);
}

/** Days since 1970-01-01; null when `date` is not a real 'yyyy-mm-dd' date. */
export function toDayNumber(date: string): number | null {
  return dayNumberFromParts(ISO_DATE.exec(date));
}

export function fromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (day 0) was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * The date on the machine's own clock. Only used as a default: callers that need a
 * reproducible answer pass the date explicitly.
 */
export function localToday(): string {
  const now = new Date();
  const y = String(now.getFullYear()).padStart(4, '0');
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * The date in China (UTC+8 all year, no daylight saving) at instant `now`. Case numbers, due
 * dates and daily logs follow the centre's calendar, whatever time zone the PC is set to.
 */
export function dateInChina(now: Date): string {
  return fromDayNumber(Math.floor((now.getTime() + 8 * 3_600_000) / MS_PER_DAY));
}
