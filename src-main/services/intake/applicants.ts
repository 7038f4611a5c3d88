import type { ApplicantProfileView } from '../../domain/api/views.ts';
import type { IntakeForm } from '../../domain/intake/form.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

type Applicant = IntakeForm['applicant'];

/** What is remembered of a returning applicant (回头客), sealed as one value. */
export type ApplicantProfile = Omit<ApplicantProfileView, 'lastSeenAt' | 'caseCount'>;

/**
 * How a returning applicant is recognised: the blind-index token of the ID number or the
 * enterprise's credit code, so the table can be searched without holding either in clear.
 */
export function applicantLookup(tx: ReadTx, who: { idNumber?: string | null | undefined; creditCode?: string | null | undefined }): Buffer {
  return who.idNumber ? tx.cipher.token('applicant', `id:${who.idNumber}`) : tx.cipher.token('applicant', `credit:${who.creditCode ?? ''}`);
}

export function rememberApplicant(tx: WriteTx, applicant: Applicant): void {
  const individual = applicant.type === 'individual' ? applicant : null;
  const enterprise = applicant.type === 'enterprise' ? applicant : null;
  const profile: ApplicantProfile = {
    type: applicant.type,
    name: applicant.name,
    idType: individual?.idType ?? null,
    idNumber: individual?.idNumber ?? null,
    creditCode: enterprise?.creditCode ?? null,
    legalRepresentative: enterprise?.legalRepresentative ?? null,
    contactName: enterprise?.contactName ?? null,
    phone: applicant.phone,
    address: applicant.address ?? null,
  };
  tx.run(
    `INSERT INTO applicant_profile (lookup, type, sealed, case_count, last_seen_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (lookup) DO UPDATE SET sealed = excluded.sealed, case_count = case_count + 1, last_seen_at = excluded.last_seen_at`,
    applicantLookup(tx, profile),
    applicant.type,
    tx.cipher.seal(profile),
    tx.now,
  );
}

export function findApplicant(tx: ReadTx, lookup: { idNumber?: string | undefined; creditCode?: string | undefined }): ApplicantProfileView | null {
  const row = tx.get<{ sealed: Buffer; case_count: number; last_seen_at: string }>(
    'SELECT sealed, case_count, last_seen_at FROM applicant_profile WHERE lookup = ?',
    applicantLookup(tx, lookup),
  );
  if (!row) return null;
  return { ...tx.cipher.open<ApplicantProfile>(row.sealed), lastSeenAt: row.last_seen_at, caseCount: row.case_count };
}

/** Looking someone up by ID number is a view of personal data: on record, hit or miss. */
export function lookUpApplicant(tx: WriteTx, lookup: { idNumber?: string | undefined; creditCode?: string | undefined }): ApplicantProfileView | null {
  const found = findApplicant(tx, lookup);
  tx.audit({ action: 'applicant.lookup', target: lookup.idNumber ? 'idNumber' : 'creditCode', detail: { found: found !== null } });
  return found;
}
