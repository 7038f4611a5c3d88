import type { PersonalDataView } from '../../domain/api/views.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

/**
 * A case's personal data, sealed as one value in case_record.personal: one encryption and one
 * MAC per case instead of one per field, and a list page opens one value per row.
 */
export type CasePersonal = Omit<PersonalDataView, 'caseId'>;

export function sealCasePersonal(tx: ReadTx, personal: CasePersonal): Buffer {
  return tx.cipher.seal(personal);
}

export function openCasePersonal(tx: ReadTx, sealed: Uint8Array): CasePersonal {
  return tx.cipher.open<CasePersonal>(sealed);
}

export type CaseToken = readonly [kind: 'id' | 'phone' | 'name', token: Buffer];

/** The blind-index tokens that make a case findable by ID number, phone and name prefix. */
export function caseTokens(tx: ReadTx, personal: Pick<CasePersonal, 'name' | 'idNumber' | 'phone'>): CaseToken[] {
  const tokens: CaseToken[] = [];
  if (personal.idNumber) tokens.push(['id', tx.cipher.token('id', personal.idNumber)]);
  if (personal.phone) tokens.push(['phone', tx.cipher.token('phone', personal.phone)]);
  for (const token of tx.cipher.nameTokens(personal.name)) tokens.push(['name', token]);
  return tokens;
}

/** OR IGNORE: two prefixes of a name can normalise to one token. */
export function writeCaseTokens(tx: WriteTx, caseId: string, createdAt: string, tokens: readonly CaseToken[]): void {
  tx.insertRows(
    'search_token',
    ['kind', 'token', 'created_at', 'case_id'],
    tokens.map(([kind, token]) => [kind, token, createdAt, caseId]),
    { orIgnore: true },
  );
}
