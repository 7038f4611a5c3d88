import type { Migration } from './types.ts';

/**
 * A case's header and state and an event's payload as `json` (the text as sent), not `jsonb`:
 * PostgreSQL never looks inside them but for one rare query (a 一件事 child's materials,
 * services/parent-scans.ts, which converts that one field), while `jsonb` made it parse every
 * value a push wrote into its binary form and print every value a pull read back as text. That
 * parsing was the largest part of PostgreSQL's CPU per push batch (docs/sync-performance.md).
 * The gateway still refuses, before writing, the characters `jsonb` refused (NUL, a lone
 * surrogate; push.ts), so what is stored stays what `jsonb` would have held. Existing rows are
 * converted in place (a rewrite of both tables, under their lock, once).
 */
export const migration0005: Migration = {
  version: 5,
  name: 'json-text',
  up: `
    ALTER TABLE central_case ALTER COLUMN header TYPE json USING header::json, ALTER COLUMN state TYPE json USING state::json;
    ALTER TABLE central_event ALTER COLUMN payload TYPE json USING payload::json;
  `,
};
