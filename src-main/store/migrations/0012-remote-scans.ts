import type { Migration } from './types.ts';

/**
 * Scans of cases taken on another PC (docs/sync.md, attachments). A pulled case names its scans
 * (size, kind, material, file name) before their bytes are here: the reviewer's PC fetches one
 * from the gateway when it is first opened. So `content_name` (the keyed name of the local
 * sealed file) is empty until then, and `remote_sha256` holds the name the gateway knows it by,
 * sealed like the file name (a plain hash would tell anyone holding a known document that it is
 * here, as migration 0006 notes). `upload_error` is why a scan of this PC could not be sent to
 * the gateway (the 同步 page shows it; its case waits and is tried again).
 * SQLite cannot drop a NOT NULL, so the table is rebuilt; the same rows, ids and indexes.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'remote-scans',
  up: `
    CREATE TABLE attachment_new (
      id TEXT PRIMARY KEY,
      draft_id TEXT,
      case_id TEXT REFERENCES case_record(id),
      material_key TEXT NOT NULL,
      file_name TEXT NOT NULL,
      mime_type TEXT NOT NULL CHECK (mime_type IN ('image/png', 'image/jpeg', 'application/pdf')),
      size INTEGER NOT NULL,
      content_name TEXT CHECK (content_name IS NULL OR length(content_name) = 64),
      remote_sha256 BLOB,
      upload_error TEXT,
      added_by TEXT NOT NULL REFERENCES app_user(id),
      added_at TEXT NOT NULL,
      CHECK ((draft_id IS NULL) <> (case_id IS NULL)),
      CHECK (content_name IS NOT NULL OR remote_sha256 IS NOT NULL)
    ) STRICT;
    INSERT INTO attachment_new (id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, added_by, added_at)
      SELECT id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, added_by, added_at FROM attachment;
    DROP TABLE attachment;
    ALTER TABLE attachment_new RENAME TO attachment;
    CREATE INDEX attachment_case ON attachment (case_id) WHERE case_id IS NOT NULL;
    CREATE INDEX attachment_draft ON attachment (draft_id) WHERE draft_id IS NOT NULL;
  `,
};
