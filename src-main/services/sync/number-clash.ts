/**
 * A case pulled from the centre whose number this store already gives to another case. The
 * central case always keeps its number: it is printed on the applicant's notice and every PC of
 * its centre holds it under that number.
 *
 * - Held by a demo case (a store seeded before demo numbers had codes of their own, docs/sync.md
 *   "Demo data"): the demo case never leaves this PC, so it gives the number up, in the page's
 *   transaction, for one under the code kept for renumbered demo cases.
 * - Held by a real case of this PC: that case is the one the gateway refuses (CASE_MISMATCH), so
 *   neither may be changed here. The page is not stored; the sync page says which number and
 *   what to do, and the pull tries again later from the same cursor.
 */
import { parseCaseNumber } from '../../domain/cases/case-number.ts';
import { renumberedDemoDeviceCode } from '../../domain/cases/demo-device-codes.ts';
import { AppError } from '../../domain/errors.ts';
import type { WriteTx } from '../../store/store.ts';
import { nextCaseNumbers } from '../intake/numbering.ts';
import { SyncFailure } from './client.ts';

interface Holder {
  id: string;
  case_number: string;
  is_demo: number;
}

/** Frees the numbers of the cases a page creates: one statement for the page, and work only for a clash. */
export function freeNumbersForPulledCases(tx: WriteTx, caseNumbers: readonly string[]): void {
  if (caseNumbers.length === 0) return;
  const holders = tx.all<Holder>(
    'SELECT c.id, c.case_number, c.is_demo FROM json_each(?) j JOIN case_record c ON c.case_number = j.value',
    JSON.stringify(caseNumbers),
  );
  const real = holders.find((h) => h.is_demo !== 1);
  if (real) throw clashWithRealCase(real.case_number);
  for (const holder of holders) renumberDemoCase(tx, holder);
}

function renumberDemoCase(tx: WriteTx, holder: Holder): void {
  const parts = parseCaseNumber(holder.case_number);
  if (!parts.ok) {
    throw new AppError('INTERNAL', `本机演示办件 ${holder.case_number} 的编号无法识别（${parts.message}），不能为中心平台的同号办件让出编号。请联系信息中心。`);
  }
  const [renumbered] = nextCaseNumbers(tx, parts.regionCode, parts.date, renumberedDemoDeviceCode);
  // A new row version: a screen opened on the demo case before refuses to act on it, as after any change.
  tx.run('UPDATE case_record SET case_number = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ?', renumbered, tx.now, holder.id);
  tx.audit({ action: 'sync.demoCaseRenumbered', target: renumbered, detail: { caseId: holder.id, from: holder.case_number } });
}

function clashWithRealCase(caseNumber: string): SyncFailure {
  return new SyncFailure(
    'CASE_NUMBER_CLASH',
    `接收中心平台的更新已暂停：中心平台的办件 ${caseNumber} 与本机受理的另一个办件编号相同（多半是本机曾与其他电脑使用同一设备编码），中心平台不会接收本机这一件。` +
      '两个办件都完好保存，未作任何改动；本机仍可受理、办理和上传其他办件。请截图此信息，联系信息中心核对本机的设备编码并处理本机这一办件。',
  );
}
