import type { Migration } from './types.ts';

/**
 * Two questions a push asks of the outbox whose answer is almost always "none", each of which
 * walked every pending message and its row (docs/sync-performance.md, "Reading the outbox"):
 * - every read of a batch starts with the pending account changes (`nextBatches()` in
 *   services/sync/outbox.ts), which travel before the case events that name their people: once
 *   per batch of a push;
 * - 立即同步 lets the cases held back for their scans go again (`releaseHolds()` in
 *   services/sync/attachment-push.ts): the messages waiting for a time, of cases with a scan
 *   that failed to upload.
 * Each gets a partial index holding those rows alone.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'outbox-pending-accounts',
  up: `
    CREATE INDEX outbox_pending_accounts ON outbox (created_at) WHERE state = 'pending' AND kind = 'user.upsert';
    CREATE INDEX outbox_pending_waiting ON outbox (aggregate_id) WHERE state = 'pending' AND next_attempt_at IS NOT NULL;
    CREATE INDEX attachment_upload_failed ON attachment (case_id) WHERE upload_error IS NOT NULL;
  `,
};
