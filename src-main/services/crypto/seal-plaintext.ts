import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteDb } from '../../store/open.ts';
import type { WriteTx } from '../../store/store.ts';
import { attachmentsDir, sealFileName, storeSealedFile } from '../attachments/store.ts';
import { applicantLookup, type ApplicantProfile } from '../intake/applicants.ts';
import { caseTokens, sealCasePersonal, writeCaseTokens, type CasePersonal } from './case-personal.ts';

/**
 * The keyed half of migration 0006: seals the personal data a database from before it holds in
 * plain text, in the boot transaction (all or nothing), then drops the plaintext columns, their
 * indexes and tables. Runs once: afterwards the plaintext columns no longer exist. The caller
 * checkpoints the WAL (TRUNCATE) afterwards so no old page image survives there; freed pages
 * in the database are zeroed by secure_delete.
 */
export function hasPlaintextColumns(tx: WriteTx): boolean {
  return tx.get<{ n: number }>("SELECT count(*) AS n FROM pragma_table_info('case_record') WHERE name = 'applicant_name'")!.n > 0;
}

interface PlainCaseRow {
  id: string;
  created_at: string;
  parent_case_id: string | null;
  children: number;
  applicant_name: string;
  applicant_id_number: string | null;
  applicant_phone: string | null;
  applicant_address: string | null;
  legal_representative: string | null;
  contact_name: string | null;
  agent_name: string | null;
  agent_id_number: string | null;
  agent_phone: string | null;
}

const droppedCaseColumns = [
  'applicant_name',
  'applicant_id_number',
  'applicant_phone',
  'applicant_address',
  'legal_representative',
  'contact_name',
  'agent_name',
  'agent_id_number',
  'agent_phone',
];

function sealCases(tx: WriteTx): number {
  const rows = tx.all<PlainCaseRow>(
    `SELECT id, created_at, parent_case_id, (SELECT count(*) FROM case_record k WHERE k.parent_case_id = case_record.id) AS children,
            ${droppedCaseColumns.join(', ')}
       FROM case_record`,
  );
  for (const row of rows) {
    const personal: CasePersonal = {
      name: row.applicant_name,
      idNumber: row.applicant_id_number,
      phone: row.applicant_phone,
      address: row.applicant_address,
      legalRepresentative: row.legal_representative,
      contactName: row.contact_name,
      agentName: row.agent_name,
      agentIdNumber: row.agent_id_number,
      agentPhone: row.agent_phone,
    };
    tx.run('UPDATE case_record SET personal = ? WHERE id = ?', sealCasePersonal(tx, personal), row.id);
    // As at intake: a 一件事 bundle's tokens go on its parent only (migration 0009).
    if (row.parent_case_id === null) writeCaseTokens(tx, row.id, row.created_at, caseTokens(tx, personal), 1 + row.children);
  }
  for (const index of ['case_record_applicant_name', 'case_record_id_number', 'case_record_phone']) tx.run(`DROP INDEX IF EXISTS ${index}`);
  for (const column of droppedCaseColumns) tx.run(`ALTER TABLE case_record DROP COLUMN ${column}`);
  return rows.length;
}

interface PlainApplicantRow {
  type: 'individual' | 'enterprise';
  name: string;
  id_type: string | null;
  id_number: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  contact_name: string | null;
  phone: string | null;
  address: string | null;
  case_count: number;
  last_seen_at: string;
}

function sealApplicants(tx: WriteTx): void {
  for (const row of tx.all<PlainApplicantRow>('SELECT * FROM applicant')) {
    const profile: ApplicantProfile = {
      type: row.type,
      name: row.name,
      idType: row.id_type,
      idNumber: row.id_number,
      creditCode: row.credit_code,
      legalRepresentative: row.legal_representative,
      contactName: row.contact_name,
      phone: row.phone,
      address: row.address,
    };
    tx.run(
      'INSERT OR REPLACE INTO applicant_profile (lookup, type, sealed, case_count, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      applicantLookup(tx, profile), row.type, tx.cipher.seal(profile), row.case_count, row.last_seen_at,
    );
  }
  tx.run('DROP TABLE applicant');
}

/** A draft's form (and the name shown in the draft list) become one sealed value; the table is rebuilt without them. */
function sealDrafts(tx: WriteTx): void {
  const drafts = tx.all<{ id: string; form: string; applicant_name: string | null }>('SELECT id, form, applicant_name FROM intake_draft');
  for (const draft of drafts) {
    tx.run('UPDATE intake_draft SET sealed = ? WHERE id = ?', tx.cipher.seal({ form: JSON.parse(draft.form) as unknown, applicantName: draft.applicant_name }), draft.id);
  }
  tx.run(`CREATE TABLE intake_draft_sealed (
      id TEXT PRIMARY KEY,
      clerk_id TEXT NOT NULL REFERENCES app_user(id),
      title TEXT NOT NULL,
      sealed BLOB NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
  tx.run('INSERT INTO intake_draft_sealed (id, clerk_id, title, sealed, created_at, updated_at) SELECT id, clerk_id, title, sealed, created_at, updated_at FROM intake_draft');
  tx.run('DROP TABLE intake_draft');
  tx.run('ALTER TABLE intake_draft_sealed RENAME TO intake_draft');
  tx.run('CREATE INDEX intake_draft_clerk ON intake_draft (clerk_id, updated_at)');
}

/**
 * Scans stored before 0006 were plain files named by their SHA-256: each is sealed under its
 * keyed name. The plain files are returned, to be deleted only once this transaction commits
 * (deleting them earlier could leave rows pointing at nothing if it rolled back).
 */
function sealAttachments(tx: WriteTx, dataDir: string): string[] {
  const plainFiles = new Set<string>();
  for (const row of tx.all<{ id: string; content_name: string; file_name: string }>('SELECT id, content_name, file_name FROM attachment')) {
    tx.run('UPDATE attachment SET file_name = ? WHERE id = ?', sealFileName(tx, row.file_name), row.id);
    const plainPath = join(attachmentsDir(dataDir), row.content_name.slice(0, 2), row.content_name);
    if (!existsSync(plainPath)) continue; // already missing: reading it reports so, as before
    const contentName = storeSealedFile(dataDir, tx.cipher, readFileSync(plainPath));
    tx.run('UPDATE attachment SET content_name = ? WHERE id = ?', contentName, row.id);
    plainFiles.add(plainPath);
  }
  return [...plainFiles];
}

export interface SealResult {
  cases: number;
  /** Plain scan files to delete now that their sealed copies are committed. */
  plainFiles: string[];
}

/** Seals everything in plain text, or returns null when there was nothing (the usual start). */
export function sealPlaintext(tx: WriteTx, dataDir: string): SealResult | null {
  if (!hasPlaintextColumns(tx)) return null;
  const cases = sealCases(tx);
  sealApplicants(tx);
  sealDrafts(tx);
  const plainFiles = sealAttachments(tx, dataDir);
  tx.audit({ action: 'crypto.sealPlaintext', detail: { cases, attachments: plainFiles.length } });
  return { cases, plainFiles };
}

export function removePlainFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

/** After sealing: move every committed page into the database and empty the WAL, where old images of the plaintext rows would linger. */
export function truncateWal(db: SqliteDb): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
