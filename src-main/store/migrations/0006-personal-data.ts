import type { Migration } from './types.ts';

/**
 * Personal data at rest (docs/personal-data.md). A case's personal fields move into one sealed
 * value (`personal`: SM4-CTR + HMAC-SM3, see domain/crypto/sealed.ts); exact and name-prefix
 * lookups go through keyed tokens. Sealing needs the data key, which a migration does not have:
 * the boot step services/crypto/seal-plaintext.ts fills these from the plaintext columns and then
 * drops those columns, their indexes, the plaintext applicant table and the draft's plain form.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'personal-data',
  up: `
    ALTER TABLE case_record ADD COLUMN personal BLOB;

    -- Blind index: one row per (token, case). kind is 'id', 'phone' or 'name' (one token per
    -- name prefix). Clustered by (kind, token, created_at) so a search reads its newest page
    -- straight off the key, newest first, however common the prefix.
    CREATE TABLE search_token (
      kind TEXT NOT NULL,
      token BLOB NOT NULL,
      created_at TEXT NOT NULL,
      case_id TEXT NOT NULL REFERENCES case_record(id),
      PRIMARY KEY (kind, token, created_at, case_id)
    ) STRICT, WITHOUT ROWID;

    -- Returning applicants, found by the token of their ID number or credit code.
    CREATE TABLE applicant_profile (
      lookup BLOB PRIMARY KEY,
      type TEXT NOT NULL CHECK (type IN ('individual', 'enterprise')),
      sealed BLOB NOT NULL,
      case_count INTEGER NOT NULL DEFAULT 0,
      last_seen_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE intake_draft ADD COLUMN sealed BLOB;

    -- Scans are stored sealed, named by a keyed MAC of their content rather than its SHA-256
    -- (a plain hash would tell anyone holding a known document's hash that it is here).
    ALTER TABLE attachment RENAME COLUMN sha256 TO content_name;
  `,
};
