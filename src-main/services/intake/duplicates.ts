import type { DuplicateCaseView } from '../../domain/api/views.ts';
import type { IntakeTarget } from '../../domain/intake/form.ts';
import type { ReadTx } from '../../store/store.ts';
import { resolveTarget } from '../catalogue/store.ts';
import { tokenCases } from '../cases/token-cases.ts';
import { readSetting } from '../settings/settings.ts';

const defaultWindowDays = 30;

/** Settings are text; a bad value falls back to the default rather than hiding every warning. */
export function duplicateWindowDays(tx: ReadTx): number {
  const value = Number(readSetting(tx, 'duplicate.windowDays'));
  return Number.isInteger(value) && value > 0 ? value : defaultWindowDays;
}

/**
 * Earlier cases of the same applicant for any of these matters within the configured number of
 * days, so the clerk sees them before taking the same application twice. Refused, withdrawn and
 * voided cases do not count: applying again after those is expected.
 */
export function findDuplicates(
  tx: ReadTx,
  applicant: { idNumber?: string | undefined; creditCode?: string | undefined },
  matterCodes: readonly string[],
  now: Date,
): DuplicateCaseView[] {
  const since = new Date(now.getTime() - duplicateWindowDays(tx) * 86_400_000).toISOString();
  const value = (applicant.idNumber ?? applicant.creditCode ?? '').replace(/\s+/g, '').toUpperCase();
  if (!value || matterCodes.length === 0) return [];
  // An ID number is found through its blind-index token (newest first off the token's key), on a
  // case or a 一件事 parent and so its children; a credit code is public business data and keeps
  // its plain column.
  const source = applicant.idNumber
    ? { from: `search_token t JOIN ${tokenCases}`, where: "t.kind = 'id' AND t.token = ? AND t.created_at >= ?", key: tx.cipher.token('id', value) }
    : { from: 'case_record c', where: 'c.applicant_credit_code = ? AND c.created_at >= ?', key: value };
  const rows = tx.all<{
    id: string;
    case_number: string | null;
    matter_code: string;
    matter_name: string;
    status: string;
    created_at: string;
    clerk_name: string;
    window_number: string | null;
  }>(
    `SELECT c.id, c.case_number, c.matter_code, c.matter_name, c.status, c.created_at,
            u.display_name AS clerk_name, w.number AS window_number
       FROM ${source.from} JOIN app_user u ON u.id = c.clerk_id LEFT JOIN service_window w ON w.id = c.window_id
      WHERE ${source.where} AND c.is_bundle = 0
        AND c.status NOT IN ('refused', 'withdrawn', 'voided')
      ORDER BY c.created_at DESC LIMIT 50`,
    source.key,
    since,
  );
  const wanted = new Set(matterCodes);
  return rows
    .filter((row) => wanted.has(row.matter_code))
    .map((row) => ({
      id: row.id,
      caseNumber: row.case_number,
      matterCode: row.matter_code,
      matterName: row.matter_name,
      status: row.status,
      createdAt: row.created_at,
      clerkName: row.clerk_name,
      windowNumber: row.window_number,
    }));
}

/** The warning before an intake: earlier cases of this applicant for the target's matters. */
export function duplicatesOf(tx: ReadTx, target: IntakeTarget, who: { idNumber?: string | undefined; creditCode?: string | undefined }, now: Date): DuplicateCaseView[] {
  if (!who.idNumber && !who.creditCode) return [];
  const { matters } = resolveTarget(tx, target);
  return findDuplicates(tx, { idNumber: who.idNumber, creditCode: who.creditCode }, matters.map((m) => m.matter.code), now);
}
