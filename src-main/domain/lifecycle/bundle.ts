/**
 * A 一件事 bundle's parent case is a container: its matters are reviewed, decided, handed over
 * and closed as its child cases, and the parent has no log of its own after acceptance. What the
 * parent shows is derived from its children, so an applicant asking about "the bundle" hears
 * where the slowest of its matters stands:
 *
 *   all children in one status          → that status (all 已受理 → 已受理, all 办结 → 办结 …)
 *   any child still with the back office → 审查中 (in_review)  — 已受理/审查中/补正/特别程序
 *   else any child waiting for hand-over → 待出件 (decided)
 *   else any child handed over, not closed → 已出件 (delivered)
 *   else (every child ended) any closed  → 办结 (closed)
 *   else (every child withdrawn/voided/refused/noticed) → 撤件 (withdrawn), or 作废 when all voided
 *
 * The parent never counts as a case of its own in status lists or overdue counts (its children
 * do); see src-main/services/cases/queries.ts.
 */
import type { CaseStatus } from '../cases/status.ts';

/** Statuses in which a matter is still with the back office (its clock runs or is paused). */
export const openStatuses = ['accepted', 'in_review', 'supplement', 'special'] as const satisfies readonly CaseStatus[];

const isOpen = (status: CaseStatus) => (openStatuses as readonly CaseStatus[]).includes(status);

/** The status a bundle's parent shows for its children's statuses; null for a bundle with none. */
export function bundleStatus(children: readonly CaseStatus[]): CaseStatus | null {
  const first = children[0];
  if (first === undefined) return null;
  if (children.every((s) => s === first)) return first;
  if (children.some(isOpen)) return 'in_review';
  for (const status of ['decided', 'delivered', 'closed'] as const) {
    if (children.includes(status)) return status;
  }
  return 'withdrawn';
}
