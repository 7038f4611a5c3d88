import { AppError } from '../../domain/errors.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import { lifecycleView, performAction } from '../../services/cases/lifecycle.ts';
import { getCase } from '../../services/cases/queries.ts';
import { listFollowUps, queueCounts, queuePage, resolveFollowUp, supervisionOverview } from '../../services/cases/review.ts';
import { assertCaseInScope, scopeOf } from '../../services/access/case-scope.ts';
import type { ReadTx } from '../../store/store.ts';
import type { HandlerContext } from '../context.ts';
import { defineHandlers, sessionOf } from './types.ts';

export function clockOf(context: HandlerContext, tx: ReadTx) {
  return { calendar: context.env.calendar.get(tx), today: dateInChina(context.env.clock()) };
}

/** A reviewer sees their own department (the case scope); a supervisor any, or all. */
function departmentFor(context: HandlerContext, tx: ReadTx, asked: string | undefined): string | null {
  const scope = scopeOf(tx, sessionOf(context));
  if (scope.kind === 'centre') return asked ?? null;
  const own = scope.kind === 'department' ? scope.departmentCode : null;
  if (asked && asked !== own) throw new AppError('FORBIDDEN', '后台审批人员只能查看本部门的审查队列。', { field: 'departmentCode' });
  return own;
}

export function caseDetail(context: HandlerContext, tx: ReadTx, id: string) {
  const session = sessionOf(context);
  const clock = clockOf(context, tx);
  const scope = scopeOf(tx, session);
  assertCaseInScope(tx, scope, id, 'id');
  const lifecycle = lifecycleView(tx, clock.calendar, id, { userId: session.userId, role: session.role }, clock.today);
  const found = getCase(tx, id, clock, lifecycle, scope);
  if (!found) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的办件，请核对后重试。`, { field: 'id' });
  return found;
}

export const reviewHandlers = defineHandlers({
  'cases/act': ({ caseId, expectedVersion, act }, context) => {
    const session = sessionOf(context);
    return context.env.store.write(context.writeContext(), (tx) => {
      assertCaseInScope(tx, scopeOf(tx, session), caseId);
      performAction(tx, context.env.calendar.get(tx), { userId: session.userId, role: session.role }, caseId, act, expectedVersion);
      return caseDetail(context, tx, caseId);
    });
  },
  'review/queues': ({ departmentCode }, context) => context.env.store.read((tx) => queueCounts(tx, departmentFor(context, tx, departmentCode))),
  'review/queue': ({ queue, departmentCode, page, pageSize }, context) =>
    context.env.store.read((tx) =>
      queuePage(tx, clockOf(context, tx), { queue, departmentCode: departmentFor(context, tx, departmentCode), page, pageSize }, scopeOf(tx, sessionOf(context))),
    ),
  'supervision/overview': (_input, context) => context.env.store.read((tx) => supervisionOverview(tx, clockOf(context, tx))),
  'followups/list': ({ state }, context) => context.env.store.read((tx) => listFollowUps(tx, state)),
  'followups/resolve': ({ id, resolution }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      resolveFollowUp(tx, id, resolution, sessionOf(context).userId);
      return { ok: true as const };
    }),
});
