import type { Migration } from './types.ts';

/**
 * The window's queues (待流转, 待出件) and every list filtered by status count and page the
 * status's matter cases (`is_bundle = 0`, a 一件事 parent's status being derived) newest first.
 * The status indexes before this one left `is_bundle` to the table, so counting a status of tens
 * of thousands of cases read each of their rows: on a store whose pages are not yet cached, the
 * first list after login waited for thousands of random reads. Here the count is read from the
 * index alone and the page in created_at order straight off it
 * (tests/unit/store/migrations.test.ts checks both plans; `startup.login_to_first_list_ms`
 * measures the first list on 1M cases).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'status-queue-index',
  up: `
    CREATE INDEX case_record_status_bundle_created ON case_record (status, is_bundle, created_at);
  `,
};
