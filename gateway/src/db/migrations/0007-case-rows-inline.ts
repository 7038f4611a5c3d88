import type { Migration } from './types.ts';

/**
 * A case row (its header and state as `json` text, its sealed personal data: a few kilobytes)
 * stays whole in its page. By default PostgreSQL compresses a row past about 2 KB with pglz and
 * moves its largest value into the TOAST table, a second heap and index insert; that was most of
 * its work on a case a push opens, and every state a push moves was compressed again. With
 * `toast_tuple_target` at its largest, only a row that does not fit a page is compressed or moved.
 * Rows already stored stay as they are until they are next written.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'case-rows-inline',
  up: `
    ALTER TABLE central_case SET (toast_tuple_target = 8160);
  `,
};
