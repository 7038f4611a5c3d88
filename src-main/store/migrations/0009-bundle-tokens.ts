import type { Migration } from './types.ts';

/**
 * A 一件事 bundle's blind-index tokens are written once, on its parent, instead of once per case:
 * its children share the parent's applicant and creation time, and their five copies of each token
 * were most of the pages an accept wrote into search_token (docs/intake-accept.md). A search joins
 * each token to its case and to that case's children (src-main/services/cases/token-cases.ts), and
 * `cases` says how many cases a token stands for, so a count can still be taken from tokens alone.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'bundle-tokens',
  up: `
    ALTER TABLE search_token ADD COLUMN cases INTEGER NOT NULL DEFAULT 1;

    UPDATE search_token SET cases = family.size
      FROM (SELECT parent_case_id AS id, 1 + count(*) AS size FROM case_record WHERE parent_case_id IS NOT NULL GROUP BY parent_case_id) AS family
     WHERE search_token.case_id = family.id;

    DELETE FROM search_token WHERE case_id IN (SELECT id FROM case_record WHERE parent_case_id IS NOT NULL);
  `,
};
