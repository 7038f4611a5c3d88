import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOverdue } from '../../../src-main/domain/stats/daily-log.ts';
import { addDays, between, durationFigures, pendingStatuses } from '../../../src-main/domain/stats/figures.ts';
import { chinaDayBounds } from '../../../src-main/domain/stats/figures.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { dailyLog } from '../../../src-main/services/stats/daily-log.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let services: Services;
let today: string;
beforeAll(() => {
  services = bootDemo();
  today = dateInChina(new Date());
});
afterAll(() => services.close());

const count = (sql: string, ...params: string[]) => services.env.store.read((tx) => tx.get<{ n: number }>(sql, ...params)?.n ?? 0);

describe('daily log over the seeded demo history', () => {
  it('has 30 days of varied history made by the real lifecycle', () => {
    const from = addDays(today, -29);
    const { start } = chinaDayBounds(from, from);
    expect(count("SELECT count(DISTINCT substr(created_at, 1, 10)) AS n FROM case_record WHERE created_at >= ?", start)).toBeGreaterThan(15);
    for (const type of ['case.transferred', 'review.claimed', 'review.decided', 'handover.delivered', 'rating.given', 'supervision.flagged']) {
      expect(count('SELECT count(*) AS n FROM case_event WHERE type = ?', type), type).toBeGreaterThan(0);
    }
    expect(count("SELECT count(*) AS n FROM follow_up WHERE state = 'done'")).toBeGreaterThan(0);
  });

  it('every total agrees with the database, counted independently', () => {
    const from = addDays(today, -29);
    const { start, end } = chinaDayBounds(from, today);
    const log = services.env.store.read((tx) => dailyLog(tx, { from, to: today }, today));
    const roots = 'FROM case_record WHERE parent_case_id IS NULL AND created_at >= ? AND created_at < ?';
    expect(log.totals.intakes).toBe(count(`SELECT count(*) AS n ${roots}`, start, end));
    expect(log.totals.accepted).toBe(count(`SELECT count(*) AS n ${roots} AND accepted_at IS NOT NULL`, start, end));
    expect(log.totals.refused).toBe(count(`SELECT count(*) AS n ${roots} AND refusal_reason IS NOT NULL`, start, end));
    expect(log.totals.accepted + log.totals.notice + log.totals.refused).toBe(log.totals.intakes);
    expect(log.totals.crossRegion).toBe(count(`SELECT count(*) AS n ${roots} AND channel = 'cross_region'`, start, end));
    expect(log.totals.bundles).toBe(count(`SELECT count(*) AS n ${roots} AND is_bundle = 1`, start, end));
    expect(log.totals.handovers).toBe(count("SELECT count(*) AS n FROM case_event WHERE type = 'handover.delivered' AND at >= ? AND at < ?", start, end));
    expect(log.ratings.reduce((sum, r) => sum + r.count, 0)).toBe(count("SELECT count(*) AS n FROM case_event WHERE type = 'rating.given' AND at >= ? AND at < ?", start, end));
    expect(log.ratings.find((r) => r.level === 1)?.count).toBe(count("SELECT count(*) AS n FROM case_event WHERE type = 'rating.given' AND json_extract(payload, '$.level') = 1 AND at >= ? AND at < ?", start, end));
    expect(log.totals.openFollowUps).toBe(count("SELECT count(*) AS n FROM follow_up WHERE state = 'open'"));
    // The groups add up to the totals.
    for (const groups of [log.byWindow, log.byClerk]) {
      expect(groups.reduce((s, g) => s + g.intakes, 0)).toBe(log.totals.intakes);
      expect(groups.reduce((s, g) => s + g.handovers, 0)).toBe(log.totals.handovers);
      expect(groups.reduce((s, g) => s + g.overdue, 0)).toBe(log.totals.overdue);
    }
    expect(log.byDepartment.reduce((s, d) => s + d.total, 0)).toBe(count('SELECT count(*) AS n FROM case_record WHERE is_bundle = 0 AND created_at >= ? AND created_at < ?', start, end));
    expect(log.trend).toHaveLength(30);
    expect(log.trend.reduce((s, d) => s + d.intakes, 0)).toBe(log.totals.intakes);
    expect(log.waiting.count).toBeGreaterThan(0);
    expect(log.waiting.medianMinutes ?? 0).toBeLessThanOrEqual(log.waiting.p90Minutes ?? 0);
  });

  it('figures counted in SQL equal the domain rules applied to every row (durations, 在办, 超期, per window and clerk)', () => {
    const from = addDays(today, -29);
    const { start, end } = chinaDayBounds(from, today);
    const asOf = addDays(today, -10); // a past "today", so that some cases are overdue
    const log = services.env.store.read((tx) => dailyLog(tx, { from, to: today }, asOf));
    type Row = { id: string; parent_case_id: string | null; is_bundle: number; window_id: string | null; clerk_id: string; status: string; due_date: string | null; ticket_taken_at: string | null; ticket_called_at: string | null; decided_at: string | null; created_at: string };
    const rows = services.env.store.read((tx) => tx.all<Row>('SELECT * FROM case_record WHERE created_at >= ? AND created_at < ?', start, end));
    const intakes = rows.filter((r) => r.parent_case_id === null);
    const mattersOf = (r: Row) => (r.is_bundle === 1 ? rows.filter((c) => c.parent_case_id === r.id) : [r]);
    const overdue = (r: Row) => isOverdue({ status: r.status, dueDate: r.due_date, isBundle: r.is_bundle === 1 }, asOf);
    const expected = (subset: Row[]) => ({
      waiting: durationFigures(subset.map((r) => between(r.ticket_taken_at, r.ticket_called_at)).filter((ms) => ms !== null)),
      handling: durationFigures(subset.map((r) => between(r.ticket_called_at, r.decided_at ?? r.created_at)).filter((ms) => ms !== null)),
      pending: subset.filter((r) => mattersOf(r).some((m) => (pendingStatuses as readonly string[]).includes(m.status))).length,
      // 超期 counts matter cases: a bundle with two late matters is two, as on every other screen.
      overdue: subset.flatMap(mattersOf).filter(overdue).length,
    });
    const all = expected(intakes);
    expect(all.overdue).toBeGreaterThan(0);
    expect({ waiting: log.waiting, handling: log.handling, pending: log.totals.pending, overdue: log.totals.overdue }).toEqual(all);
    for (const group of log.byWindow) {
      expect({ waiting: group.waiting, handling: group.handling, pending: group.pending, overdue: group.overdue }, group.label).toEqual(expected(intakes.filter((r) => (r.window_id ?? '-') === group.key)));
    }
    for (const group of log.byClerk) {
      expect({ waiting: group.waiting, handling: group.handling, pending: group.pending, overdue: group.overdue }, group.label).toEqual(expected(intakes.filter((r) => r.clerk_id === group.key)));
    }
  });

  it('an intake with queue times counts on its day, window and clerk, with its waiting and handling time', async () => {
    const before = services.env.store.read((tx) => dailyLog(tx, { from: today, to: today }, today));
    const token = await loginAs(services, 'clerk');
    const checklist = await services.dispatcher.call('catalogue/checklist', { target: { kind: 'matter', matterCode: 'GJZ-SCJG-0004' } }, token);
    if (!checklist.ok) throw new Error(checklist.error.message);
    const now = Date.now();
    const result = await services.dispatcher.call(
      'intake/accept',
      {
        target: { kind: 'matter', matterCode: 'GJZ-SCJG-0004' },
        applicant: { type: 'individual', name: '统计测试', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904110000' },
        channel: 'cross_region',
        ticketTakenAt: new Date(now - 50 * 60_000).toISOString(),
        ticketCalledAt: new Date(now - 20 * 60_000).toISOString(),
        materials: (checklist.value as { materials: Array<{ key: string }> }).materials.map((m) => ({ key: m.key, status: 'received' })),
      },
      token,
    );
    expect(result.ok).toBe(true);
    const after = services.env.store.read((tx) => dailyLog(tx, { from: today, to: today }, today));
    expect(after.totals.accepted).toBe(before.totals.accepted + 1);
    expect(after.totals.crossRegion).toBe(before.totals.crossRegion + 1);
    const wang = after.byClerk.find((c) => c.label === '王芳');
    expect(wang?.waiting.count).toBe((before.byClerk.find((c) => c.label === '王芳')?.waiting.count ?? 0) + 1);
    expect(after.handling.count).toBe(before.handling.count + 1);

    const wrong = await services.dispatcher.call(
      'intake/accept',
      {
        target: { kind: 'matter', matterCode: 'GJZ-SCJG-0004' },
        applicant: { type: 'individual', name: '统计测试二', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904110000' },
        channel: 'window',
        ticketTakenAt: new Date(now - 10 * 60_000).toISOString(),
        ticketCalledAt: new Date(now - 20 * 60_000).toISOString(),
        materials: [],
      },
      token,
    );
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'VALIDATION', field: 'ticketTakenAt' });
  });
});
