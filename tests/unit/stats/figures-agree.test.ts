import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRowView, DailyLogView, Page, SupervisionView } from '../../../src-main/domain/api/views.ts';
import { addDays } from '../../../src-main/domain/stats/figures.ts';
import { dateInChina } from '../../../src-main/domain/time/iso-date.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { caseRowStream } from '../../../src-main/services/exports/case-rows.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

/**
 * One definition of 超期 (and of 红牌) behind every place a supervisor reads it: the 督办与回访
 * tile, the dashboard's overdue list, the colour of list rows, the daily log and the exported
 * 台账. On the seeded demo hall they must all say the same number, and that number is the one
 * written out here by hand: matter cases (not 一件事 parents) still with the window or the back
 * office (已受理, 审查中) whose due date is before today in China.
 */

let services: Services;
let supervisor: string;
let today: string;

beforeAll(async () => {
  services = bootDemo();
  supervisor = await loginAs(services, 'supervisor');
  today = dateInChina(new Date());
});
afterAll(() => services.close());

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, supervisor);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

const count = (sql: string, ...params: string[]) => services.env.store.read((tx) => tx.get<{ n: number }>(sql, ...params)?.n ?? 0);

/** Every row of a list, page by page. */
async function allRows(input: Record<string, unknown>): Promise<CaseRowView[]> {
  const rows: CaseRowView[] = [];
  for (let page = 1; ; page++) {
    const got = await call<Page<CaseRowView>>('cases/list', { ...input, page, pageSize: 200 });
    rows.push(...got.rows);
    if (rows.length >= got.total || got.rows.length === 0) return rows;
  }
}

describe('figures that agree on the demo data', () => {
  it('超期: the tile, the overdue list, row colours, the daily log and the export count the same cases', async () => {
    const byHand = count(
      "SELECT count(*) AS n FROM case_record WHERE is_bundle = 0 AND status IN ('accepted', 'in_review') AND due_date IS NOT NULL AND due_date < ?",
      today,
    );
    // The demo hall leaves some cases waiting in the back office past their dates, 即办件 among them.
    expect(byHand).toBeGreaterThan(0);
    const immediateLate = count(
      "SELECT count(*) AS n FROM case_record WHERE is_bundle = 0 AND status IN ('accepted', 'in_review') AND due_date < ? AND promised_limit = 0",
      today,
    );
    expect(immediateLate).toBeGreaterThan(0);

    const overview = await call<SupervisionView>('supervision/overview', {});
    expect(overview.overdue).toBe(byHand);
    expect(overview.overdueByDepartment.reduce((sum, d) => sum + d.overdue, 0)).toBe(byHand);

    const overdueList = await allRows({ overdue: true, sort: 'dueDate', order: 'asc' });
    expect(overdueList).toHaveLength(byHand);
    expect(new Set(overdueList.map((r) => r.timeLevel))).toEqual(new Set(['overdue']));
    for (const row of overdueList) expect(row.daysLeft ?? 0).toBeLessThan(0);

    const everything = await allRows({});
    expect(everything.filter((r) => r.timeLevel === 'overdue')).toHaveLength(byHand);

    // Every demo case was taken within the last 30 days: a log over them counts all the overdue.
    const from = addDays(today, -45);
    const log = await call<DailyLogView>('stats/dailyLog', { from, to: today });
    expect(log.totals.overdue).toBe(byHand);

    let exported = 0;
    await caseRowStream(services.env.store, { from, to: today }, { full: false, today, pageSize: 500 })(
      (row) => {
        if (row.overdue === '是') exported += 1;
      },
      async () => undefined,
    );
    expect(exported).toBe(byHand);
  });

  it('红牌: the tile counts the rows the lists colour red', async () => {
    const overview = await call<SupervisionView>('supervision/overview', {});
    const running = [...(await allRows({ status: 'accepted' })), ...(await allRows({ status: 'in_review' }))];
    expect(running.filter((r) => r.timeLevel === 'red')).toHaveLength(overview.red);
  });
});
