import type { SqliteDb } from '../../store/open.ts';
import type { WriteTx } from '../../store/store.ts';
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
  const rows = tx.all<PlainCaseRow>(`SELECT id, created_at, ${droppedCaseColumns.join(', ')} FROM case_record`);
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
    writeCaseTokens(tx, row.id, row.created_at, caseTokens(tx, personal));
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

/** Returns how many cases were sealed, or null when there was nothing in plain text. */
export function sealPlaintext(tx: WriteTx): number | null {
  if (!hasPlaintextColumns(tx)) return null;
  const cases = sealCases(tx);
  sealApplicants(tx);
  sealDrafts(tx);
  tx.audit({ action: 'crypto.sealPlaintext', detail: { cases } });
  return cases;
}

/** After sealing: move every committed page into the database and empty the WAL, where old images of the plaintext rows would linger. */
export function truncateWal(db: SqliteDb): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
