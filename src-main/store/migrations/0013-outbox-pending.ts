import type { Migration } from './types.ts';

/**
 * The push reads the outbox a batch at a time, oldest first (`nextBatches()` in
 * services/sync/outbox.ts). Without an index each read scanned every pending message and sorted
 * them with a temporary B-tree to find its first 500, once per batch of a backlog: a week's
 * offline work was scanned and sorted a hundred times over. Walked off this index, a read stops
 * after the messages it returns (docs/sync-performance.md, "Reading the outbox").
 */
export const migration0013: Migration = {
  version: 13,
  name: 'outbox-pending',
  up: `
    CREATE INDEX outbox_pending_created ON outbox (created_at) WHERE state = 'pending';
  `,
};
