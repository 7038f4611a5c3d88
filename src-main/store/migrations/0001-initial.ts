import type { Migration } from './types.ts';

/**
 * The first schema. Every field a screen filters or sorts on is a real column (Signal's regret:
 * JSON blobs that later needed migrations to pull fields out). JSON is kept only for payloads
 * that are read whole: event payloads, outbox messages, audit details.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE centre (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      region_code TEXT NOT NULL CHECK (length(region_code) = 6),
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
    ) STRICT;

    CREATE TABLE service_window (
      id TEXT PRIMARY KEY,
      centre_id TEXT NOT NULL REFERENCES centre(id),
      number TEXT NOT NULL,
      name TEXT NOT NULL,
      device_code TEXT NOT NULL UNIQUE CHECK (length(device_code) = 3),
      UNIQUE (centre_id, number)
    ) STRICT;

    CREATE TABLE app_user (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'supervisor', 'admin')),
      department_code TEXT,
      centre_id TEXT NOT NULL REFERENCES centre(id),
      password_hash TEXT NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE setting (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- The case as it stands now. It is a projection of case_event: every change to a case
    -- appends an event in the same transaction, so sync can ship events, not rows.
    CREATE TABLE case_record (
      id TEXT PRIMARY KEY,
      case_number TEXT UNIQUE,
      status TEXT NOT NULL,
      centre_id TEXT NOT NULL REFERENCES centre(id),
      window_id TEXT REFERENCES service_window(id),
      clerk_id TEXT NOT NULL REFERENCES app_user(id),
      matter_code TEXT NOT NULL,
      matter_name TEXT NOT NULL,
      matter_version INTEGER NOT NULL,
      department_code TEXT NOT NULL,
      channel TEXT NOT NULL,
      ticket_number TEXT,
      applicant_type TEXT NOT NULL CHECK (applicant_type IN ('individual', 'enterprise')),
      applicant_name TEXT NOT NULL,
      applicant_id_type TEXT,
      applicant_id_number TEXT,
      applicant_credit_code TEXT,
      applicant_phone TEXT,
      accepted_at TEXT,
      due_date TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      row_version INTEGER NOT NULL DEFAULT 1,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
    ) STRICT;
    CREATE INDEX case_record_status_due ON case_record (status, due_date);
    CREATE INDEX case_record_created ON case_record (created_at);
    CREATE INDEX case_record_applicant_name ON case_record (applicant_name);
    CREATE INDEX case_record_id_number ON case_record (applicant_id_number) WHERE applicant_id_number IS NOT NULL;
    CREATE INDEX case_record_credit_code ON case_record (applicant_credit_code) WHERE applicant_credit_code IS NOT NULL;
    CREATE INDEX case_record_phone ON case_record (applicant_phone) WHERE applicant_phone IS NOT NULL;

    -- The last case-number sequence a device issued on a day; numbers embed the device code,
    -- so windows never need each other (or the server) to stay unique while offline.
    CREATE TABLE case_number_sequence (
      device_code TEXT NOT NULL,
      day TEXT NOT NULL,
      last_sequence INTEGER NOT NULL,
      PRIMARY KEY (device_code, day)
    ) STRICT;

    -- Append-only history of every case, clustered by (case_id, seq) so a case's timeline is one
    -- range read. id is a time-ordered UUID (v7) made on the device: the same event synced twice
    -- is recognised, and new ids land at the end of the index instead of on a random page.
    CREATE TABLE case_event (
      case_id TEXT NOT NULL REFERENCES case_record(id),
      seq INTEGER NOT NULL,
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      at TEXT NOT NULL,
      actor_id TEXT,
      actor_role TEXT,
      device_id TEXT NOT NULL,
      note TEXT,
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      PRIMARY KEY (case_id, seq)
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
      BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
    CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
      BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;

    -- What is still to be sent to the central platform. message_id is a time-ordered UUID (v7)
    -- and the idempotency key the gateway sees, so ordering by it sends oldest first; a failing
    -- message records its error and never blocks the others. A message leaves this table once
    -- the gateway acknowledges it: the event log, not the outbox, is the history, so the outbox
    -- stays small and needs no index on its state. A case event's message has no payload of its
    -- own: the event row (same id) is the payload, so nothing is written twice.
    CREATE TABLE outbox (
      message_id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      aggregate_type TEXT NOT NULL,
      aggregate_id TEXT NOT NULL,
      payload TEXT CHECK (payload IS NULL OR json_valid(payload)),
      created_at TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at TEXT
    ) STRICT, WITHOUT ROWID;

    -- Tamper-evident trail: each row's hash covers the previous row's hash (SM3). Rows are only
    -- appended, in time order, so seq ranges stand in for time ranges and no index on at is kept
    -- on the write path.
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      user_id TEXT,
      role TEXT,
      device_id TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
      detail TEXT NOT NULL CHECK (json_valid(detail)),
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
