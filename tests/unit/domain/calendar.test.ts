import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseCalendarYear, WorkCalendar } from '../../../src-main/domain/time/calendar.ts';
import { AppError } from '../../../src-main/domain/errors.ts';

const file2026: unknown = JSON.parse(readFileSync(new URL('../../../resources/calendars/2026.json', import.meta.url), 'utf8'));
const cal = WorkCalendar.fromYears([file2026]);

// A made-up 2027 (only 元旦, Fri 1 – Sun 3 Jan) to test multi-year loading; not the real arrangement.
const fake2027 = {
  year: 2027,
  source: 'test fixture',
  rule: 'Monday-Friday are working days and Saturday-Sunday are not, except the dates listed here.',
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkdays: [],
};

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('WorkCalendar with the 2026 arrangement', () => {
  it('knows weekends, holidays and make-up working days', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休上班 before 春节
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班 after 国庆
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Monday in 春节
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2026-03-09')).toBe(true); // ordinary Monday
    expect(cal.holidayName('2026-10-05')).toBe('国庆节');
    expect(cal.holidayName('2026-03-07')).toBeNull();
    expect(cal.holidayName('2026-02-14')).toBeNull();
  });

  it('counts 5 working days from 2026-09-30 across 国庆 and the 10-10 make-up day', () => {
    // 09-30 Wed is the start day, not counted. 10-01…10-07 国庆节 (off).
    // 10-08 Thu = 1, 10-09 Fri = 2, 10-10 Sat 调休上班 = 3, 10-11 Sun off, 10-12 Mon = 4, 10-13 Tue = 5.
    expect(cal.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(cal.dueDate('2026-09-30', 5, 'working')).toBe('2026-10-13');
  });

  it('skips the weekend after a Friday start', () => {
    // 03-06 Fri; 03-07/08 weekend; 03-09 Mon = 1 … 03-13 Fri = 5.
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
    // 09-18 Fri; 09-19 Sat off; 09-20 Sun is 调休上班 = 1.
    expect(cal.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
  });

  it('starts counting on the next working day when accepted on a holiday', () => {
    // 01-01 元旦 (Thu); 01-02/03 holiday; 01-04 Sun is 调休上班 = 1.
    expect(cal.addWorkingDays('2026-01-01', 1)).toBe('2026-01-04');
    // 10-03 inside 国庆; next working day 10-08.
    expect(cal.addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
    // 02-13 Fri; 02-14 Sat 调休上班 = 1; 02-15…02-23 春节; 02-24 Tue = 2.
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('returns the start day for a limit of 0 (即办件)', () => {
    expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('adds calendar days without looking at holidays or loaded years', () => {
    expect(cal.addCalendarDays('2026-09-30', 20)).toBe('2026-10-20');
    expect(cal.dueDate('2026-09-30', 20, 'calendar')).toBe('2026-10-20');
    expect(cal.addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(cal.addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('counts working days between two dates, from exclusive, to inclusive', () => {
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-13')).toBe(5);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(cal.workingDaysBetween('2026-10-13', '2026-10-13')).toBe(0);
    // Reversed: minus the count for (to, from]; e.g. working days overdue.
    expect(cal.workingDaysBetween('2026-10-13', '2026-09-30')).toBe(-5);
    expect(cal.workingDaysBetween('2026-10-14', '2026-10-13')).toBe(-1);
  });

  it('agrees with addWorkingDays', () => {
    for (const start of ['2026-01-01', '2026-02-13', '2026-04-30', '2026-09-18', '2026-09-30']) {
      for (const n of [1, 3, 5, 10, 20]) {
        expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n))).toBe(n);
      }
    }
  });

  it('refuses years that were not loaded instead of guessing', () => {
    const e = thrown(() => cal.addWorkingDays('2026-12-31', 1));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('尚未载入2027年的节假日安排，请在设置中导入该年度日历');
    expect(thrown(() => cal.isWorkingDay('2025-12-31')).message).toContain('2025年');
    expect(thrown(() => cal.holidayName('2027-01-01')).message).toContain('2027年');
    expect(thrown(() => cal.workingDaysBetween('2026-12-30', '2027-01-05')).message).toContain('2027年');
  });

  it('rejects malformed dates and counts', () => {
    expect(thrown(() => cal.isWorkingDay('2026-02-30')).code).toBe('VALIDATION');
    expect(thrown(() => cal.addWorkingDays('2026/10/01', 1)).code).toBe('VALIDATION');
    expect(thrown(() => cal.addWorkingDays('2026-10-01', -1)).code).toBe('VALIDATION');
    expect(thrown(() => cal.addCalendarDays('2026-10-01', 1.5)).code).toBe('VALIDATION');
  });

  it('covers 2026', () => {
    expect(cal.coveredYears()).toEqual([2026]);
  });
});

describe('WorkCalendar with two years', () => {
  it('crosses the year boundary', () => {
    const two = WorkCalendar.fromYears([fake2027, file2026]);
    expect(two.coveredYears()).toEqual([2026, 2027]);
    // 12-31 Thu; 2027-01-01…03 off; 01-04 Mon = 1, 01-05 Tue = 2.
    expect(two.addWorkingDays('2026-12-31', 2)).toBe('2027-01-05');
    expect(two.holidayName('2027-01-02')).toBe('元旦');
  });

  it('refuses the same year twice', () => {
    expect(thrown(() => WorkCalendar.fromYears([file2026, file2026])).message).toContain('2026年');
  });

  it('validates every file it is given', () => {
    expect(thrown(() => WorkCalendar.fromYears([file2026, { ...fake2027, year: '2027' }])).field).toBe('year');
  });
});

describe('parseCalendarYear', () => {
  const base = file2026 as Record<string, unknown>;

  it('accepts the published 2026 file unchanged', () => {
    expect(parseCalendarYear(file2026)).toEqual(file2026);
  });

  it.each([
    ['a date outside the year', { ...base, makeUpWorkdays: ['2027-01-02'] }, 'makeUpWorkdays[0]', '不在2026年内'],
    ['from after to', { ...base, holidays: [{ name: '国庆节', from: '2026-10-07', to: '2026-10-01' }] }, 'holidays[0].to', '早于'],
    ['a day both holiday and make-up', { ...base, makeUpWorkdays: ['2026-10-03'] }, 'makeUpWorkdays[0]', '既是“国庆节”假期又是调休上班日'],
    ['an impossible date', { ...base, holidays: [{ name: '春节', from: '2026-02-30', to: '2026-03-01' }] }, 'holidays[0].from', '不是有效日期'],
    ['a malformed date', { ...base, makeUpWorkdays: ['2026-2-14'] }, 'makeUpWorkdays[0]', '不是有效日期'],
    ['a make-up day on a weekday', { ...base, makeUpWorkdays: ['2026-10-09'] }, 'makeUpWorkdays[0]', '不是周六或周日'],
    ['overlapping holidays', { ...base, holidays: [{ name: 'A', from: '2026-10-01', to: '2026-10-03' }, { name: 'B', from: '2026-10-03', to: '2026-10-04' }] }, 'holidays[1]', '同时出现'],
    ['a missing key', { ...base, source: undefined }, 'source', '缺少'],
    ['a misspelt key', { ...base, makeupWorkdays: [] }, 'makeupWorkdays', '无法识别'],
    ['a non-integer year', { ...base, year: 2026.5 }, 'year', '整数'],
  ])('rejects %s, naming the path', (_label, input, field, text) => {
    const e = thrown(() => parseCalendarYear(input));
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.message).toContain(text);
  });

  it('rejects something that is not an object', () => {
    const e = thrown(() => parseCalendarYear('2026'));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('日历文件');
  });
});
