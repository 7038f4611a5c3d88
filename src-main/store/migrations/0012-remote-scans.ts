import type { Migration } from './types.ts';

/**
 * Scans travel through the gateway (docs/sync.md, attachments), which names them by the SHA-256
 * of their content. `content_sha256` holds it, sealed like the file name (a plain hash would tell
 * anyone holding a known document that it is here, as migration 0006 notes): set when a scan is
 * added, so a case's header names its scans without reading their files, and set from the
 * gateway for a case taken on another PC, whose scans are named before their bytes are here:
 * `content_name` (the keyed name of the local sealed file) stays empty until the reviewer's PC
 * fetches the scan, when it is first opened. `upload_error` is why a scan of this PC could not be
 * sent (the 同步 page shows it; its case waits and is tried again).
 * SQLite cannot drop a NOT NULL, so the table is rebuilt: the same rows, ids and indexes. Scans
 * added before this have no hash; the sync fills it from the file before it sends their case.
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
      content_sha256 BLOB,
      upload_error TEXT,
      added_by TEXT NOT NULL REFERENCES app_user(id),
      added_at TEXT NOT NULL,
      CHECK ((draft_id IS NULL) <> (case_id IS NULL)),
      CHECK (content_name IS NOT NULL OR content_sha256 IS NOT NULL)
    ) STRICT;
    INSERT INTO attachment_new (id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, added_by, added_at)
      SELECT id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, added_by, added_at FROM attachment;
    DROP TABLE attachment;
    ALTER TABLE attachment_new RENAME TO attachment;
    CREATE INDEX attachment_case ON attachment (case_id) WHERE case_id IS NOT NULL;
    CREATE INDEX attachment_draft ON attachment (draft_id) WHERE draft_id IS NOT NULL;
  `,
};
