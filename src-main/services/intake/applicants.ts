import type { ApplicantProfileView } from '../../domain/api/views.ts';
import type { IntakeForm } from '../../domain/intake/form.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

type Applicant = IntakeForm['applicant'];

/** How a returning applicant is recognised: the ID document, or the enterprise's credit code. */
export function applicantKey(applicant: Applicant): string {
  return applicant.type === 'individual' ? `id:${applicant.idNumber}` : `credit:${applicant.creditCode}`;
}

export function rememberApplicant(tx: WriteTx, applicant: Applicant): void {
  const individual = applicant.type === 'individual' ? applicant : null;
  const enterprise = applicant.type === 'enterprise' ? applicant : null;
  tx.run(
    `INSERT INTO applicant (key, type, name, id_type, id_number, credit_code, legal_representative, contact_name, phone, address, case_count, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, legal_representative = excluded.legal_representative,
       contact_name = excluded.contact_name, phone = excluded.phone, address = excluded.address,
       case_count = case_count + 1, last_seen_at = excluded.last_seen_at`,
    applicantKey(applicant),
    applicant.type,
    applicant.name,
    individual?.idType ?? null,
    individual?.idNumber ?? null,
    enterprise?.creditCode ?? null,
    enterprise?.legalRepresentative ?? null,
    enterprise?.contactName ?? null,
    applicant.phone,
    applicant.address ?? null,
    tx.now,
  );
}

interface ApplicantRow {
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

export function findApplicant(tx: ReadTx, lookup: { idNumber?: string | undefined; creditCode?: string | undefined }): ApplicantProfileView | null {
  const key = lookup.idNumber ? `id:${lookup.idNumber.replace(/\s+/g, '').toUpperCase()}` : `credit:${(lookup.creditCode ?? '').toUpperCase()}`;
  const row = tx.get<ApplicantRow>('SELECT * FROM applicant WHERE key = ?', key);
  if (!row) return null;
  return {
    type: row.type,
    name: row.name,
    idType: row.id_type,
    idNumber: row.id_number,
    creditCode: row.credit_code,
    legalRepresentative: row.legal_representative,
    contactName: row.contact_name,
    phone: row.phone,
    address: row.address,
    lastSeenAt: row.last_seen_at,
    caseCount: row.case_count,
  };
}
