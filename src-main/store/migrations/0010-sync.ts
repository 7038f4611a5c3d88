import type { Migration } from './types.ts';

/**
 * Sync with the central platform's gateway (docs/sync.md). The event log stays append-only: what
 * the gateway says about an event is kept beside it. `case_event_order` holds the gateway's
 * number for each event it has accepted (its order is the truth); a local event without a row
 * there is still pending and is folded on top. `sync_rejection` holds the events the gateway
 * refused, with its reason: they stay in the log, are left out of the fold, and are shown to the
 * person who made them.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'sync',
  up: `
    -- One row once this PC is registered; without it the PC works offline as before.
    -- credentials (device secret, access token) are sealed with the data key, like personal data:
    -- they open the central platform.
    CREATE TABLE sync_link (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      gateway_url TEXT NOT NULL,
      device_id TEXT NOT NULL,
      device_code TEXT NOT NULL,
      device_role TEXT NOT NULL,
      centre_code TEXT NOT NULL,
      centre_name TEXT NOT NULL,
      region_code TEXT NOT NULL,
      credentials BLOB NOT NULL,
      registered_at TEXT NOT NULL,
      revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
      epoch TEXT,
      cursor TEXT,
      last_success_at TEXT,
      last_attempt_at TEXT,
      last_error_code TEXT,
      last_error TEXT,
      clock_skew_ms INTEGER
    ) STRICT;

    CREATE TABLE case_event_order (
      event_id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      central_seq INTEGER NOT NULL,
      UNIQUE (case_id, central_seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_rejection (
      event_id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      actor_id TEXT,
      code TEXT NOT NULL,
      reason TEXT NOT NULL,
      rejected_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sync_rejection_case ON sync_rejection (case_id);
  `,
};
