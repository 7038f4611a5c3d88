/**
 * Instants shown as the centre's clock reads them. China keeps UTC+8 all year (no daylight
 * saving), so the offset is a constant and the answer does not depend on the PC's time zone:
 * a window PC left on another zone still shows the times printed on the notices.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;

function chinaFields(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  // toISOString of the shifted instant spells China's wall clock: 2026-11-26T09:40:00.000Z.
  return new Date(ms + CHINA_OFFSET_MS).toISOString();
}

/** 2026-11-26 09:40:00 in China time; an unreadable value is returned as it came. */
export function chinaDateTime(iso: string): string {
  const fields = chinaFields(iso);
  return fields === null ? iso : `${fields.slice(0, 10)} ${fields.slice(11, 19)}`;
}

/** 2026-11-26 09:40 in China time (lists, where seconds are noise). */
export function chinaDateTimeMinutes(iso: string): string {
  const fields = chinaFields(iso);
  return fields === null ? iso : `${fields.slice(0, 10)} ${fields.slice(11, 16)}`;
}

/** The China date of an instant; a plain date (yyyy-mm-dd, a due date) is already one. */
export function chinaDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const fields = chinaFields(value);
  return fields === null ? value : fields.slice(0, 10);
}
