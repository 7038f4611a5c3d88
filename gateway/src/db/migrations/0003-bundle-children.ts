import type { Migration } from './types.ts';

/**
 * A 一件事's children by their parent: a child decided at another centre (跨区通办) lets that
 * centre fetch the parent's scans of its own materials (services/parent-scans.ts), and the
 * download's check looks the children up by the parent that names the scan.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'bundle-children',
  up: `
    CREATE INDEX central_case_children ON central_case (region_code, parent_case_id) WHERE parent_case_id IS NOT NULL;
  `,
};
