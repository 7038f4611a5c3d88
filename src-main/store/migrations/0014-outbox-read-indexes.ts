import type { Migration } from './types.ts';

/**
 * The push reads the outbox once per batch (`nextBatches()` in services/sync/outbox.ts;
 * docs/sync-performance.md, "Reading the outbox"), and three of its questions walked the pending
 * messages and fetched each one's row:
 * - the walk off the pending index passes over the messages of the cases still on the wire
 *   (about a thousand per read) by their case: with the case in the index, a message passed over
 *   is left without fetching its row;
 * - every read starts with the pending account changes, which travel before the case events that
 *   name their people: almost always none, found by visiting every pending message;
 * - 立即同步 lets the cases held back for their scans go again (`releaseHolds()` in
 *   services/sync/attachment-push.ts): the messages waiting for a time, of cases with a scan that
 *   failed to upload; almost always none, found the same way.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'outbox-read-indexes',
  up: `
    DROP INDEX outbox_pending_created;
    CREATE INDEX outbox_pending_walk ON outbox (created_at, aggregate_id) WHERE state = 'pending';
    CREATE INDEX outbox_pending_accounts ON outbox (created_at) WHERE state = 'pending' AND kind = 'user.upsert';
    CREATE INDEX outbox_pending_waiting ON outbox (aggregate_id) WHERE state = 'pending' AND next_attempt_at IS NOT NULL;
    CREATE INDEX attachment_upload_failed ON attachment (case_id) WHERE upload_error IS NOT NULL;
  `,
};
