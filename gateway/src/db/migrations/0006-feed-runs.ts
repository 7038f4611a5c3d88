import type { Migration } from './types.ts';

/**
 * A feed row stands for a run of entries: `entries` numbers, the last of them `seq`. An event row
 * with more than one names the run's first event; the others are the events of the same case
 * that follow it by seq (services/feed.ts, pull.ts). Rows written before hold one entry each, as
 * the default says, and read as they did. A device's cursor is still a feed number (an entry),
 * so a page ends where it ended before, inside a run if need be.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'feed-runs',
  up: `
    ALTER TABLE feed ADD COLUMN entries integer NOT NULL DEFAULT 1 CHECK (entries = 1 OR (kind = 'event' AND entries > 1));
  `,
};
