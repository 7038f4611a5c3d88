/**
 * The working-day calendar behind every time limit (时限). The State Council publishes the
 * next year's holiday arrangement each November, so the dates are data (one JSON file per
 * year, validated here), never code. Any question about a year that was not loaded is an
 * error: guessing "Mon–Fri" for an unknown year would silently move due dates.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { fromDayNumber, isIsoDate, toDayNumber, weekdayOfDayNumber } from './iso-date.ts';

const isoDate = z
  .string({ error: (iss) => (iss.input === undefined ? '缺少日期' : '日期应为文字，格式 yyyy-mm-dd') })
  .refine(isIsoDate, { error: (iss) => `“${String(iss.input)}”不是有效日期，格式应为 yyyy-mm-dd，例如 2026-10-01` });

const text = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `缺少${what}` : `${what}应为文字`) })
    .trim()
    .min(1, { error: `${what}不能为空` });

const unknownKeys = (iss: { code?: string; keys?: string[]; input?: unknown }, what: string) =>
  iss.code === 'unrecognized_keys'
    ? `${what}中有无法识别的字段：${(iss.keys ?? []).join('、')}（可能是拼写错误）`
    : iss.input === undefined
      ? `缺少${what}`
      : `${what}应为 JSON 对象（{ … }）`;

const holidaySchema = z.strictObject(
  { name: text('节日名称'), from: isoDate, to: isoDate },
  { error: (iss) => unknownKeys(iss, '节假日条目') },
);

// Strict objects: an unknown key in a hand-edited file is most likely a misspelt real one.
export const calendarYearSchema = z
  .strictObject(
    {
      year: z
        .number({ error: (iss) => (iss.input === undefined ? '缺少年份' : '年份应为数字，例如 2026') })
        .int({ error: '年份应为整数' })
        .min(1900, { error: '年份不能早于1900' })
        .max(2200, { error: '年份不能晚于2200' }),
      source: text('来源（发布文件名称）'),
      rule: text('规则说明'),
      holidays: z.array(holidaySchema, { error: '节假日列表应为数组' }),
      makeUpWorkdays: z.array(isoDate, { error: '调休上班日列表应为数组' }),
    },
    { error: (iss) => unknownKeys(iss, '日历文件') },
  )
  .superRefine((cal, ctx) => {
    const yearPrefix = `${cal.year}-`;
    const holidayDates = new Map<string, string>();
    cal.holidays.forEach((h, i) => {
      for (const key of ['from', 'to'] as const) {
        if (!h[key].startsWith(yearPrefix)) {
          ctx.addIssue({ code: 'custom', path: ['holidays', i, key], message: `${h[key]} 不在${cal.year}年内，每个文件只能写一个年度` });
        }
      }
      if (h.from > h.to) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `${h.name}的结束日期 ${h.to} 早于开始日期 ${h.from}` });
        return;
      }
      for (const date of datesInRange(h.from, h.to)) {
        const other = holidayDates.get(date);
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${date} 同时出现在“${other}”和“${h.name}”两个假期中` });
          return;
        }
        holidayDates.set(date, h.name);
      }
    });
    const seen = new Set<string>();
    cal.makeUpWorkdays.forEach((date, i) => {
      const path = ['makeUpWorkdays', i];
      if (!date.startsWith(yearPrefix)) {
        ctx.addIssue({ code: 'custom', path, message: `${date} 不在${cal.year}年内，每个文件只能写一个年度` });
      }
      if (seen.has(date)) ctx.addIssue({ code: 'custom', path, message: `调休上班日 ${date} 重复出现` });
      seen.add(date);
      const holiday = holidayDates.get(date);
      if (holiday !== undefined) {
        ctx.addIssue({ code: 'custom', path, message: `${date} 既是“${holiday}”假期又是调休上班日，请核对发布通知` });
      }
      // A make-up day on a weekday changes nothing, so it is almost certainly a typo.
      const weekday = weekdayOfDayNumber(toDayNumber(date) ?? 0);
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({ code: 'custom', path, message: `调休上班日 ${date} 不是周六或周日，请核对发布通知` });
      }
    });
  });

export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type LimitUnit = 'working' | 'calendar';

function* datesInRange(from: string, to: string): Generator<string> {
  const end = toDayNumber(to) ?? 0;
  for (let d = toDayNumber(from) ?? 0; d <= end; d++) yield fromDayNumber(d);
}

/** Zod path → "holidays[2].to", the form a person editing the JSON file can find. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? String(seg) : `${acc}.${String(seg)}`),
    '',
  );
}

/** Validates one year's calendar file; throws AppError VALIDATION naming the first bad path. */
export function parseCalendarYear(json: unknown): CalendarYear {
  const result = calendarYearSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((iss) => ({
    // Point at the misspelt key itself, not at the object holding it.
    path: formatPath(iss.code === 'unrecognized_keys' && iss.keys[0] !== undefined ? [...iss.path, iss.keys[0]] : iss.path),
    message: iss.message,
  }));
  const first = issues[0] ?? { path: '', message: '内容无法识别' };
  const where = first.path === '' ? '' : `（${first.path}）`;
  const advice = first.message.includes('请') ? '' : '，请改正后重新导入';
  throw new AppError('VALIDATION', `节假日日历文件有误${where}：${first.message}${advice}`, {
    field: first.path === '' ? undefined : first.path,
    details: { issues },
  });
}

interface YearData {
  holidays: Map<string, string>;
  makeUpWorkdays: Set<string>;
}

function dayNumberOrThrow(date: string, what: string): number {
  const n = toDayNumber(date);
  if (n === null) throw new AppError('VALIDATION', `${what}“${date}”不是有效日期，格式应为 yyyy-mm-dd`);
  return n;
}

function countOrThrow(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION', `${what}应为不小于0的整数，当前为 ${n}`);
}

export class WorkCalendar {
  readonly #years: ReadonlyMap<number, YearData>;

  private constructor(years: ReadonlyMap<number, YearData>) {
    this.#years = years;
  }

  /** Years may come from separate files (e.g. 2026.json, 2027.json); each is validated. */
  static fromYears(years: readonly unknown[]): WorkCalendar {
    const map = new Map<number, YearData>();
    for (const raw of years) {
      const cal = parseCalendarYear(raw);
      if (map.has(cal.year)) {
        throw new AppError('VALIDATION', `${cal.year}年的节假日日历被载入了两次，请只保留一份`, { details: { year: cal.year } });
      }
      const holidays = new Map<string, string>();
      for (const h of cal.holidays) for (const d of datesInRange(h.from, h.to)) holidays.set(d, h.name);
      map.set(cal.year, { holidays, makeUpWorkdays: new Set(cal.makeUpWorkdays) });
    }
    return new WorkCalendar(map);
  }

  coveredYears(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  #yearData(date: string): YearData {
    const year = Number(date.slice(0, 4));
    const data = this.#years.get(year);
    if (data === undefined) {
      throw new AppError('VALIDATION', `尚未载入${year}年的节假日安排，请在设置中导入该年度日历`, { details: { year } });
    }
    return data;
  }

  #isWorkingDayNumber(dayNumber: number): boolean {
    const date = fromDayNumber(dayNumber);
    const data = this.#yearData(date);
    if (data.makeUpWorkdays.has(date)) return true;
    if (data.holidays.has(date)) return false;
    const weekday = weekdayOfDayNumber(dayNumber);
    return weekday !== 0 && weekday !== 6;
  }

  isWorkingDay(date: string): boolean {
    return this.#isWorkingDayNumber(dayNumberOrThrow(date, '日期'));
  }

  /** The statutory holiday covering `date` (e.g. "国庆节"), or null; plain weekends are null. */
  holidayName(date: string): string | null {
    dayNumberOrThrow(date, '日期');
    return this.#yearData(date).holidays.get(date) ?? null;
  }

  /**
   * The start day is not counted: day 1 is the first working day after `start`, whatever
   * `start` itself is (a case accepted on a holiday still starts counting the next working
   * day). n = 0 returns `start` unchanged (即办件).
   */
  addWorkingDays(start: string, n: number): string {
    let day = dayNumberOrThrow(start, '起算日期');
    countOrThrow(n, '工作日天数');
    // Ends: every step either counts a day or hits a year that is not loaded, which throws.
    for (let counted = 0; counted < n; ) {
      day++;
      if (this.#isWorkingDayNumber(day)) counted++;
    }
    return fromDayNumber(day);
  }

  /**
   * Plain date arithmetic; needs no holiday data. The rule that a calendar-day period
   * ending on a statutory holiday runs to the next working day is not applied here.
   */
  addCalendarDays(start: string, n: number): string {
    const day = dayNumberOrThrow(start, '起算日期');
    countOrThrow(n, '自然日天数');
    return fromDayNumber(day + n);
  }

  dueDate(start: string, limit: number, unit: LimitUnit): string {
    return unit === 'working' ? this.addWorkingDays(start, limit) : this.addCalendarDays(start, limit);
  }

  /**
   * Working days d with fromExclusive < d <= toInclusive: with from = the acceptance date and
   * to = today, the working days used. Antisymmetric: when to < from the result is minus the
   * count for (to, from], so workingDaysBetween(today, due) is the working days left, 0 on
   * the due date, and minus the working days overdue after it. Equal dates give 0.
   */
  workingDaysBetween(fromExclusive: string, toInclusive: string): number {
    const from = dayNumberOrThrow(fromExclusive, '起始日期');
    const to = dayNumberOrThrow(toInclusive, '截止日期');
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.#isWorkingDayNumber(d)) count++;
    return count === 0 ? 0 : sign * count; // never -0
  }
}
