import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDayBounds, datesBetween, durationFigures, quantile, rangeDays, sortedDurationFigures } from '../../../src-main/domain/stats/figures.ts';
import { queueTimesProblem } from '../../../src-main/domain/intake/form.ts';

describe('daily-log figures', () => {
  it('a China day runs from 16:00Z the day before to 16:00Z', () => {
    expect(chinaDayBounds('2026-11-26', '2026-11-26')).toEqual({ start: '2026-11-25T16:00:00.000Z', end: '2026-11-26T16:00:00.000Z' });
    expect(chinaDayBounds('2026-01-01', '2026-01-31').end).toBe('2026-01-31T16:00:00.000Z');
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(rangeDays('2026-11-26', '2026-11-25')).toBe(0);
  });

  it('median and p90 are nearest-rank values that occurred', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(quantile(ten, 0.5)).toBe(5);
    expect(quantile(ten, 0.9)).toBe(9);
    expect(quantile([42], 0.9)).toBe(42);
    expect(quantile([], 0.5)).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }), (values) => {
        const p90 = quantile(values, 0.9) ?? -1;
        expect(values).toContain(p90);
        expect(values.filter((v) => v <= p90).length / values.length).toBeGreaterThanOrEqual(0.9);
        expect(quantile(values, 0.5) ?? 0).toBeLessThanOrEqual(p90);
      }),
    );
  });

  it('figures of an already sorted column (as SQL returns it) equal those of the unsorted values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 })), (values) => {
        expect(sortedDurationFigures([...values].sort((x, y) => x - y))).toEqual(durationFigures(values));
      }),
    );
  });

  it('durations are reported in minutes and leave out clock errors', () => {
    expect(durationFigures([60_000, 120_000, 180_000, -5_000])).toEqual({ count: 3, medianMinutes: 2, p90Minutes: 3 });
    expect(durationFigures([])).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
  });

  it('queue times: taken before called, neither in the future', () => {
    const now = new Date('2026-11-26T04:00:00Z');
    expect(queueTimesProblem('2026-11-26T11:00:00+08:00', '2026-11-26T11:30:00+08:00', now)).toBeNull();
    expect(queueTimesProblem('2026-11-26T11:40:00+08:00', '2026-11-26T11:30:00+08:00', now)?.message).toContain('取号时间不能晚于叫号时间');
    expect(queueTimesProblem('2026-11-26T13:00:00+08:00', undefined, now)?.field).toBe('ticketTakenAt');
    expect(queueTimesProblem(undefined, undefined, now)).toBeNull();
  });
});
