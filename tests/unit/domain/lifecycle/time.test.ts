import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../src-main/domain/lifecycle/events.ts';
import { initialState, type CaseState } from '../../../../src-main/domain/lifecycle/state.ts';
import { timeLimitStatus } from '../../../../src-main/domain/lifecycle/time.ts';
import { acceptance, at, calendar2026, clerk, ev, reviewer, run, supervisor, thrown } from './fixtures.ts';

const cal = calendar2026;

/** Accepted on `date` with a working-day limit, transferred and claimed by r1. */
function inReview(date: string, value: number, unit: 'working' | 'calendar' = 'working'): CaseState {
  const dueDate = cal.dueDate(date, value, unit);
  return run([
    ev('intake.accepted', clerk, acceptance({ dueDate, limit: { value, unit } }), at(date)),
    ev('case.transferred', clerk, {}, at(date, 10)),
    ev('review.claimed', reviewer, { assigneeId: 'r1' }, at(date, 20)),
  ]);
}

const supplement = (from: string, to: string | null): CaseEvent[] => [
  ev('review.supplementRequested', reviewer, { items: [{ name: '章程' }] }, at(from, 60)),
  ...(to === null ? [] : [ev('intake.supplementProvided', clerk, { items: [{ name: '章程' }] }, at(to, 60))]),
];

describe('timeLimitStatus', () => {
  it('has no clock before acceptance or after a refusal', () => {
    expect(timeLimitStatus(initialState, cal, '2026-03-09')).toBeNull();
    const refused = run([ev('intake.refused', clerk, { caseNumber: 'N1', reason: '不属于受理范围' })]);
    expect(timeLimitStatus(refused, cal, '2026-03-09')).toBeNull();
  });

  it('counts working days across 国庆 and its make-up day, and warns as the end nears', () => {
    // Accepted Wed 09-30, 5 working days: 10-08, 10-09, 10-10 (Sat, 调休上班), 10-12, 10-13.
    const s = inReview('2026-09-30', 5);
    const on = (today: string) => timeLimitStatus(s, cal, today);
    expect(on('2026-10-05')).toMatchObject({ dueDate: '2026-10-13', used: 0, daysLeft: 5, paused: 0, level: 'normal', clock: 'running' });
    expect(on('2026-10-09')).toMatchObject({ used: 2, daysLeft: 3, level: 'normal' });
    expect(on('2026-10-12')).toMatchObject({ used: 4, daysLeft: 1, level: 'yellow' }); // 1 ≤ 30% of 5
    expect(on('2026-10-13')).toMatchObject({ used: 5, daysLeft: 0, level: 'red' }); // due today: 0 ≤ 10% of 5
    expect(on('2026-10-14')).toMatchObject({ used: 6, daysLeft: -1, level: 'overdue' });
    expect(timeLimitStatus(s, cal, '2026-10-12', { yellowFraction: 0.5, redFraction: 0.2 })?.level).toBe('red');
  });

  it('a pause that starts and ends the same day pauses nothing', () => {
    const s = run(supplement('2026-03-11', '2026-03-11'), inReview('2026-03-09', 10));
    expect(timeLimitStatus(s, cal, '2026-03-13')).toMatchObject({ paused: 0, dueDate: '2026-03-23', used: 4 });
  });

  it('the pause start day counts, its end day does not', () => {
    // Requested Fri 03-13, supplied Tue 03-17: paused (03-13, 03-17] = Mon 03-16, Tue 03-17.
    const s = run(supplement('2026-03-13', '2026-03-17'), inReview('2026-03-09', 10));
    const t = timeLimitStatus(s, cal, '2026-03-18');
    expect(t).toMatchObject({ paused: 2, dueDate: '2026-03-25', clock: 'running' });
    // (03-09, 03-18] has 7 working days; 2 were paused.
    expect(t?.used).toBe(5);
    expect((t?.used ?? 0) + (t?.daysLeft ?? 0)).toBe(10);
  });

  it('an open pause runs to today and the clock shows paused', () => {
    const s = run(supplement('2026-03-13', null), inReview('2026-03-09', 10));
    expect(timeLimitStatus(s, cal, '2026-03-20')).toMatchObject({ paused: 5, used: 4, daysLeft: 6, dueDate: '2026-03-30', clock: 'paused' });
    // The days left do not move while paused.
    expect(timeLimitStatus(s, cal, '2026-03-24')?.daysLeft).toBe(6);
  });

  it('特别程序 pauses too', () => {
    const s = run(
      [
        ev('review.specialStarted', reviewer, { kind: 'expert', reason: '专家评审' }, at('2026-03-10')),
        ev('review.specialEnded', reviewer, { result: '通过' }, at('2026-03-20')),
      ],
      inReview('2026-03-09', 10),
    );
    expect(timeLimitStatus(s, cal, '2026-03-20')).toMatchObject({ paused: 8, used: 1, daysLeft: 9 });
  });

  it('calendar-day limits count calendar days, paused days included', () => {
    // Accepted Sun 03-01, 20 calendar days → 03-21; paused (03-05, 03-10] = 5 days → 03-26.
    const s = run(supplement('2026-03-05', '2026-03-10'), inReview('2026-03-01', 20, 'calendar'));
    expect(timeLimitStatus(s, cal, '2026-03-11')).toMatchObject({ unit: 'calendar', dueDate: '2026-03-26', paused: 5, used: 5, daysLeft: 15 });
  });

  it('stops at the decision and keeps the figures of that day', () => {
    const s = run(
      [
        ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' }, at('2026-03-10')),
        ev('review.stepCompleted', reviewer, { step: 2, opinion: '同意' }, at('2026-03-11')),
        ev('review.stepCompleted', reviewer, { step: 3, opinion: '同意' }, at('2026-03-12')),
        ev('review.decided', reviewer, { outcome: 'granted' }, at('2026-03-12')),
      ],
      inReview('2026-03-09', 10),
    );
    const later = timeLimitStatus(s, cal, '2026-06-01');
    expect(later).toMatchObject({ asOf: '2026-03-12', used: 3, daysLeft: 7, level: 'stopped', clock: 'stopped' });
    const voided = run([ev('case.voided', supervisor, { reason: '重复' }, at('2026-03-11'))], inReview('2026-03-09', 10));
    expect(timeLimitStatus(voided, cal, '2026-04-01')).toMatchObject({ asOf: '2026-03-11', used: 2, level: 'stopped' });
  });

  it('uses the date in China, not UTC', () => {
    // 2026-03-08T17:00Z is 01:00 on Mon 03-09 in Beijing.
    const s = run([ev('intake.accepted', clerk, acceptance({ dueDate: '2026-03-10', limit: { value: 1, unit: 'working' } }), '2026-03-08T17:00:00.000Z')]);
    expect(s.acceptedDate).toBe('2026-03-09');
    expect(timeLimitStatus(s, cal, '2026-03-10')).toMatchObject({ used: 1, daysLeft: 0 });
  });

  it('refuses bad input instead of guessing', () => {
    const s = inReview('2026-03-09', 10);
    expect(thrown(() => timeLimitStatus(s, cal, '2026/03/09')).code).toBe('VALIDATION');
    expect(thrown(() => timeLimitStatus(s, cal, '2026-03-09', { yellowFraction: 0.1, redFraction: 0.3 })).message).toContain('红牌比例不大于黄牌比例');
    expect(thrown(() => timeLimitStatus(s, cal, '2027-01-05')).message).toContain('尚未载入2027年的节假日安排');
  });
});
