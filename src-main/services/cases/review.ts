import type { CaseRowView, FollowUpView, Page, QueueCountsView, SupervisionView } from '../../domain/api/views.ts';
import { AppError } from '../../domain/errors.ts';
import { reviewQueues, type ReviewQueue } from '../../domain/lifecycle/machine.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { openCasePersonal } from '../crypto/case-personal.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';
import { scopeOf, type CaseScope } from '../access/case-scope.ts';
import type { ServiceEnv } from '../env.ts';
import { caseClock } from './detail.ts';
import { listCases, timeOf, type ClockColumns, type ListClock } from './queries.ts';

/** A reviewer sees their own department (the case scope); a supervisor any, or all. */
export function reviewDepartment(scope: CaseScope, asked: string | undefined): string | null {
  if (scope.kind === 'centre') return asked ?? null;
  const own = scope.kind === 'department' ? scope.departmentCode : null;
  if (asked && asked !== own) throw new AppError('FORBIDDEN', '后台审批人员只能查看本部门的审查队列。', { field: 'departmentCode' });
  return own;
}

/** `review/queues`: the counts of the viewer's own department (a reviewer), or the one asked for (a supervisor). */
export function queueCountsFor(tx: ReadTx, viewer: StaffActor, departmentCode: string | undefined): QueueCountsView {
  return queueCounts(tx, reviewDepartment(scopeOf(tx, viewer), departmentCode));
}

/** `review/queue`: a page of one queue, within the viewer's scope. */
export function queuePageFor(
  env: ServiceEnv,
  tx: ReadTx,
  viewer: StaffActor,
  asked: { queue: ReviewQueue; departmentCode: string | undefined; page: number; pageSize: number },
): Page<CaseRowView> {
  const scope = scopeOf(tx, viewer);
  return queuePage(tx, caseClock(env, tx), { ...asked, departmentCode: reviewDepartment(scope, asked.departmentCode) }, scope);
}

/** Counts per queue for one department (a reviewer's own) or all (a supervisor). */
export function queueCounts(tx: ReadTx, departmentCode: string | null): QueueCountsView {
  const rows = departmentCode
    ? tx.all<{ review_queue: ReviewQueue; n: number }>(
        'SELECT review_queue, count(*) AS n FROM case_record WHERE department_code = ? AND review_queue IS NOT NULL GROUP BY review_queue',
        departmentCode,
      )
    : tx.all<{ review_queue: ReviewQueue; n: number }>(
        'SELECT review_queue, count(*) AS n FROM case_record WHERE review_queue IS NOT NULL GROUP BY review_queue',
      );
  const counts = Object.fromEntries(reviewQueues.map((q) => [q, 0])) as Record<ReviewQueue, number>;
  for (const row of rows) counts[row.review_queue] = row.n;
  return { departmentCode, counts };
}

/** A queue page, most urgent first: the case list's query with the queue as its filter. */
export function queuePage(
  tx: ReadTx,
  clock: ListClock,
  filter: { queue: ReviewQueue; departmentCode: string | null; page: number; pageSize: number },
  scope: CaseScope,
): Page<CaseRowView> {
  return listCases(
    tx,
    { reviewQueue: filter.queue, departmentCode: filter.departmentCode ?? undefined, sort: 'dueDate', order: 'asc', page: filter.page, pageSize: filter.pageSize },
    clock,
    scope,
  );
}

/**
 * The supervisor's figures. 超期 and 红牌 are the list's own time levels (timeOf, after
 * domain/stats/overdue.ts), so the tile, the overdue list and the daily log count the same cases.
 */
export function supervisionOverview(tx: ReadTx, clock: ListClock): SupervisionView {
  // Red needs at most a tenth of the longest limit left: nothing due later can be red or overdue.
  const longest = tx.get<{ n: number | null }>(`SELECT max(promised_limit) AS n FROM case_record WHERE status IN ('accepted', 'in_review') AND is_bundle = 0`)?.n ?? 0;
  const horizon = clock.calendar.addCalendarDays(clock.today, Math.ceil(longest * 0.1) * 3 + 7);
  const running = tx.all<ClockColumns & { department_code: string; department_name: string | null }>(
    `SELECT c.status, c.due_date, c.is_bundle, c.promised_limit, c.promised_unit, c.department_code, d.name AS department_name
       FROM case_record c LEFT JOIN department d ON d.code = c.department_code
      WHERE c.status IN ('accepted', 'in_review') AND c.is_bundle = 0 AND c.due_date IS NOT NULL AND c.due_date <= ?`,
    horizon,
  );
  let overdue = 0;
  let red = 0;
  const byDepartment = new Map<string, { departmentCode: string; departmentName: string; overdue: number }>();
  for (const row of running) {
    const level = timeOf(row, clock).timeLevel;
    if (level === 'overdue') {
      overdue += 1;
      const entry = byDepartment.get(row.department_code) ?? { departmentCode: row.department_code, departmentName: row.department_name ?? row.department_code, overdue: 0 };
      entry.overdue += 1;
      byDepartment.set(row.department_code, entry);
    } else if (level === 'red') {
      red += 1;
    }
  }
  const flagged = tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE flagged = 1')?.n ?? 0;
  const openFollowUps = tx.get<{ n: number }>("SELECT count(*) AS n FROM follow_up WHERE state = 'open'")?.n ?? 0;
  return {
    today: clock.today,
    overdue,
    red,
    flagged,
    openFollowUps,
    overdueByDepartment: [...byDepartment.values()].sort((a, b) => b.overdue - a.overdue),
  };
}

export function listFollowUps(tx: ReadTx, state: 'open' | 'done' | 'all'): FollowUpView[] {
  return tx
    .all<{
      id: string;
      case_id: string;
      case_number: string | null;
      matter_name: string;
      personal: Buffer;
      rating_level: number;
      comment: string | null;
      created_at: string;
      due_date: string;
      state: 'open' | 'done';
      resolution: string | null;
    }>(
      `SELECT f.*, c.case_number, c.matter_name, c.personal FROM follow_up f JOIN case_record c ON c.id = f.case_id
        WHERE (? = 'all' OR f.state = ?) ORDER BY f.state, f.due_date`,
      state,
      state,
    )
    .map((f) => ({
      id: f.id,
      caseId: f.case_id,
      caseNumber: f.case_number,
      matterName: f.matter_name,
      applicantName: openCasePersonal(tx, f.personal).name,
      ratingLevel: f.rating_level,
      comment: f.comment,
      createdAt: f.created_at,
      dueDate: f.due_date,
      state: f.state,
      resolution: f.resolution,
    }));
}

export function resolveFollowUp(tx: WriteTx, id: string, resolution: string, userId: string): void {
  const changed = tx.run(
    "UPDATE follow_up SET state = 'done', resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND state = 'open'",
    resolution,
    userId,
    tx.now,
    id,
  );
  if (changed.changes === 0) throw new AppError('NOT_FOUND', '找不到该回访任务，或它已办结。', { field: 'id' });
  const caseId = tx.get<{ case_id: string }>('SELECT case_id FROM follow_up WHERE id = ?', id)?.case_id ?? '';
  tx.appendCaseEvent({ caseId, type: 'note', payload: { text: `差评回访：${resolution}` }, note: `差评回访：${resolution}` });
  tx.audit({ action: 'followup.resolve', target: id });
}
