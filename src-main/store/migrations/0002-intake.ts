import type { Migration } from './types.ts';

/**
 * 一窗受理: the versioned matter catalogue, the intake record's remaining fields, the material
 * checklist, drafts, scans, prints and returning applicants.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'intake',
  up: `
    CREATE TABLE department (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL
    ) STRICT;

    -- Every version of every matter ever imported. A case keeps (matter_code, matter_version),
    -- so a later catalogue never changes what an accepted case was accepted under.
    CREATE TABLE matter_version (
      code TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      department_code TEXT NOT NULL REFERENCES department(code),
      region_code TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('immediate', 'promised')),
      statutory_limit INTEGER NOT NULL,
      statutory_unit TEXT NOT NULL CHECK (statutory_unit IN ('working', 'calendar')),
      promised_limit INTEGER NOT NULL,
      promised_unit TEXT NOT NULL CHECK (promised_unit IN ('working', 'calendar')),
      fee_yuan REAL NOT NULL,
      cross_region INTEGER NOT NULL CHECK (cross_region IN (0, 1)),
      review_steps INTEGER NOT NULL CHECK (review_steps BETWEEN 1 AND 3),
      -- Read whole with the matter, never queried by field.
      materials TEXT NOT NULL CHECK (json_valid(materials)),
      catalogue_version TEXT NOT NULL,
      is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
      imported_at TEXT NOT NULL,
      PRIMARY KEY (code, version)
    ) STRICT;
    CREATE UNIQUE INDEX matter_version_current ON matter_version (code) WHERE is_current = 1;

    CREATE TABLE bundle (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      matter_codes TEXT NOT NULL CHECK (json_valid(matter_codes)),
      is_current INTEGER NOT NULL CHECK (is_current IN (0, 1))
    ) STRICT;

    -- Years published after the build (each November) are imported here.
    CREATE TABLE calendar_year (
      year INTEGER PRIMARY KEY,
      body TEXT NOT NULL CHECK (json_valid(body)),
      imported_at TEXT NOT NULL
    ) STRICT;

    ALTER TABLE case_record ADD COLUMN parent_case_id TEXT REFERENCES case_record(id);
    ALTER TABLE case_record ADD COLUMN bundle_code TEXT;
    ALTER TABLE case_record ADD COLUMN is_bundle INTEGER NOT NULL DEFAULT 0 CHECK (is_bundle IN (0, 1));
    ALTER TABLE case_record ADD COLUMN matter_kind TEXT;
    ALTER TABLE case_record ADD COLUMN promised_limit INTEGER;
    ALTER TABLE case_record ADD COLUMN promised_unit TEXT;
    ALTER TABLE case_record ADD COLUMN statutory_limit INTEGER;
    ALTER TABLE case_record ADD COLUMN statutory_unit TEXT;
    ALTER TABLE case_record ADD COLUMN applicant_address TEXT;
    ALTER TABLE case_record ADD COLUMN legal_representative TEXT;
    ALTER TABLE case_record ADD COLUMN contact_name TEXT;
    ALTER TABLE case_record ADD COLUMN agent_name TEXT;
    ALTER TABLE case_record ADD COLUMN agent_id_type TEXT;
    ALTER TABLE case_record ADD COLUMN agent_id_number TEXT;
    ALTER TABLE case_record ADD COLUMN agent_phone TEXT;
    ALTER TABLE case_record ADD COLUMN ticket_taken_at TEXT;
    ALTER TABLE case_record ADD COLUMN ticket_called_at TEXT;
    ALTER TABLE case_record ADD COLUMN decided_at TEXT;
    ALTER TABLE case_record ADD COLUMN accepted_date TEXT;
    ALTER TABLE case_record ADD COLUMN refusal_reason TEXT;
    ALTER TABLE case_record ADD COLUMN query_password TEXT;
    CREATE INDEX case_record_parent ON case_record (parent_case_id) WHERE parent_case_id IS NOT NULL;
    CREATE INDEX case_record_matter_created ON case_record (matter_code, created_at);
    CREATE INDEX case_record_window_created ON case_record (window_id, created_at);
    CREATE INDEX case_record_due ON case_record (due_date) WHERE due_date IS NOT NULL;

    -- The checklist as the window saw it. A bundle lists each shared material once, against
    -- the parent case, with the matters that need it.
    CREATE TABLE case_material (
      case_id TEXT NOT NULL REFERENCES case_record(id),
      line INTEGER NOT NULL,
      material_key TEXT NOT NULL,
      name TEXT NOT NULL,
      form TEXT NOT NULL CHECK (form IN ('original', 'copy', 'electronic')),
      copies INTEGER NOT NULL,
      required INTEGER NOT NULL CHECK (required IN (0, 1)),
      can_defer INTEGER NOT NULL CHECK (can_defer IN (0, 1)),
      status TEXT NOT NULL CHECK (status IN ('received', 'missing', 'deferred')),
      matter_codes TEXT NOT NULL CHECK (json_valid(matter_codes)),
      PRIMARY KEY (case_id, line)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE intake_draft (
      id TEXT PRIMARY KEY,
      clerk_id TEXT NOT NULL REFERENCES app_user(id),
      title TEXT NOT NULL,
      applicant_name TEXT,
      form TEXT NOT NULL CHECK (json_valid(form)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX intake_draft_clerk ON intake_draft (clerk_id, updated_at);

    -- Scans are files named by their SHA-256 under the data folder; this is their metadata.
    -- An attachment belongs to a draft until the intake is decided, then to the case.
    CREATE TABLE attachment (
      id TEXT PRIMARY KEY,
      draft_id TEXT,
      case_id TEXT REFERENCES case_record(id),
      material_key TEXT NOT NULL,
      file_name TEXT NOT NULL,
      mime_type TEXT NOT NULL CHECK (mime_type IN ('image/png', 'image/jpeg', 'application/pdf')),
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      added_by TEXT NOT NULL REFERENCES app_user(id),
      added_at TEXT NOT NULL,
      CHECK ((draft_id IS NULL) <> (case_id IS NULL))
    ) STRICT;
    CREATE INDEX attachment_case ON attachment (case_id) WHERE case_id IS NOT NULL;
    CREATE INDEX attachment_draft ON attachment (draft_id) WHERE draft_id IS NOT NULL;

    CREATE TABLE print_record (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES case_record(id),
      document TEXT NOT NULL CHECK (document IN ('acceptance', 'notice', 'refusal', 'handover')),
      copy_number INTEGER NOT NULL,
      printed_at TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES app_user(id),
      UNIQUE (case_id, document, copy_number)
    ) STRICT;

    -- Returning applicants (回头客): the latest details, found by ID number or credit code.
    CREATE TABLE applicant (
      key TEXT PRIMARY KEY,
      type TEXT NOT NULL CHECK (type IN ('individual', 'enterprise')),
      name TEXT NOT NULL,
      id_type TEXT,
      id_number TEXT,
      credit_code TEXT,
      legal_representative TEXT,
      contact_name TEXT,
      phone TEXT,
      address TEXT,
      case_count INTEGER NOT NULL DEFAULT 0,
      last_seen_at TEXT NOT NULL
    ) STRICT;
  `,
};
