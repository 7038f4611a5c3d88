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

/** The blind-index tokens that make a case findable by ID number, phone and name prefix (`memo`: see FieldCipher.nameTokens). */
export function caseTokens(tx: ReadTx, personal: Pick<CasePersonal, 'name' | 'idNumber' | 'phone'>, memo?: Map<string, Buffer>): CaseToken[] {
  const tokens: CaseToken[] = [];
  if (personal.idNumber) tokens.push(['id', tx.cipher.token('id', personal.idNumber)]);
  if (personal.phone) tokens.push(['phone', tx.cipher.token('phone', personal.phone)]);
  for (const token of tx.cipher.nameTokens(personal.name, memo)) tokens.push(['name', token]);
  return tokens;
}

const tokenColumns = ['kind', 'token', 'created_at', 'case_id', 'cases'] as const;

/**
 * OR IGNORE: two prefixes of a name can normalise to one token. A 一件事 bundle's tokens go on its
 * parent only, with `cases` = the parent and its children (migration 0009): searches join the
 * children through the parent.
 */
export function writeCaseTokens(tx: WriteTx, caseId: string, createdAt: string, tokens: readonly CaseToken[], cases = 1, options: { singleRows?: boolean } = {}): void {
  tx.insertRows(
    'search_token',
    tokenColumns,
    tokens.map(([kind, token]) => [kind, token, createdAt, caseId, cases]),
    { orIgnore: true, singleRows: options.singleRows },
  );
}
