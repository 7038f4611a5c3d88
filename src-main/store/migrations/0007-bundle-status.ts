import type { Migration } from './types.ts';

/**
 * A 一件事 parent shows the aggregate status of its children (src-main/domain/lifecycle/bundle.ts);
 * parents written before stayed at 已受理 whatever their children did. This recomputes them once,
 * with the same rule in SQL (tests/unit/store/migrations.test.ts checks the two agree); from now on
 * every lifecycle action on a child updates its parent in the same transaction.
 *
 * It also drops case_record_assignee: no query filters or sorts by assignee (EXPLAIN QUERY PLAN of
 * every list, queue, search and overview query on the 1M fixture; the queues use
 * case_record_queue), and each index costs a write on every claim and reassignment.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'bundle-status',
  up: `
    UPDATE case_record SET status = agg.derived, row_version = row_version + 1
      FROM (
        SELECT parent_case_id AS id,
               CASE
                 WHEN count(DISTINCT status) = 1 THEN min(status)
                 WHEN sum(status IN ('accepted', 'in_review', 'supplement', 'special')) > 0 THEN 'in_review'
                 WHEN sum(status = 'decided') > 0 THEN 'decided'
                 WHEN sum(status = 'delivered') > 0 THEN 'delivered'
                 WHEN sum(status = 'closed') > 0 THEN 'closed'
                 ELSE 'withdrawn'
               END AS derived
          FROM case_record WHERE parent_case_id IS NOT NULL GROUP BY parent_case_id
      ) AS agg
     WHERE case_record.id = agg.id AND case_record.is_bundle = 1 AND case_record.status <> agg.derived;
    DROP INDEX case_record_assignee;
  `,
};
