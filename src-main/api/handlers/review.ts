import { scopeOf } from '../../services/access/case-scope.ts';
import { caseClock } from '../../services/cases/detail.ts';
import { queueCounts, queuePage, reviewDepartment } from '../../services/cases/review.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const reviewHandlers = defineHandlers('review', {
  'review/queues': ({ departmentCode }, context) =>
    context.env.store.read((tx) => queueCounts(tx, reviewDepartment(scopeOf(tx, viewerOf(context)), departmentCode))),
  'review/queue': ({ queue, departmentCode, page, pageSize }, context) =>
    context.env.store.read((tx) => {
      const scope = scopeOf(tx, viewerOf(context));
      return queuePage(tx, caseClock(context.env, tx), { queue, departmentCode: reviewDepartment(scope, departmentCode), page, pageSize }, scope);
    }),
});
