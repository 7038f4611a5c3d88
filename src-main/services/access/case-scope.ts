/**
 * Department scoping in SQL and checks: the one place the rule of domain/auth/case-scope.ts
 * meets the database. Every read of cases (lists, search, queues, detail, reveal, scans, prints,
 * exports) takes its scope from `scopeOf` and either filters with `scopeCondition` or checks one
 * case with `assertCaseInScope`; a refused look throws `ScopeRefusal`, which the dispatcher
 * writes to the audit trail.
 */
import { caseScopeOf, outOfScopeMessage, scopeAdmits, type CaseScope } from '../../domain/auth/case-scope.ts';
import { AppError } from '../../domain/errors.ts';
import type { ReadTx } from '../../store/store.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

export type { CaseScope } from '../../domain/auth/case-scope.ts';

/** A look at a case outside the session's scope; carries the case so the audit row can name it. */
export class ScopeRefusal extends AppError {
  readonly caseId: string;

  constructor(scope: CaseScope, caseId: string) {
    super('FORBIDDEN', outOfScopeMessage(scope), { details: { reason: 'scope' } });
    this.caseId = caseId;
  }
}

/** Read from the account on every call, so a moved or disabled reviewer's scope follows at once. */
export function scopeOf(tx: ReadTx, session: StaffActor): CaseScope {
  const user = tx.get<{ centre_id: string | null; department_code: string | null }>(
    'SELECT centre_id, department_code FROM app_user WHERE id = ?',
    session.userId,
  );
  if (!user) return { kind: 'none' };
  return caseScopeOf({ role: session.role, centreId: user.centre_id, departmentCode: user.department_code });
}

export interface ScopeCondition {
  /** A WHERE condition over `alias`, or null when the scope admits every case of the store. */
  sql: string | null;
  params: string[];
}

/**
 * The scope as a condition on `case_record <alias>`. A store holds one centre's cases (the usual
 * install), so the centre condition is left out when there is only one: the token-driven
 * searches then need not visit the cases to count them. A department's scope has none (the
 * domain rule: its 跨区通办 cases were taken at other centres).
 */
export function scopeCondition(tx: ReadTx, scope: CaseScope, alias = 'c'): ScopeCondition {
  if (scope.kind === 'none') return { sql: '0', params: [] };
  const conditions: string[] = [];
  const params: string[] = [];
  if (scope.kind === 'centre' && (tx.get<{ n: number }>('SELECT count(*) AS n FROM centre')?.n ?? 0) > 1) {
    conditions.push(`${alias}.centre_id = ?`);
    params.push(scope.centreId);
  }
  if (scope.kind === 'department') {
    conditions.push(
      `(${alias}.department_code = ? OR (${alias}.is_bundle = 1 AND EXISTS (SELECT 1 FROM case_record scope_child WHERE scope_child.parent_case_id = ${alias}.id AND scope_child.department_code = ?)))`,
    );
    params.push(scope.departmentCode, scope.departmentCode);
  }
  return { sql: conditions.length ? conditions.join(' AND ') : null, params };
}

/**
 * The case must exist (NOT_FOUND, saying so) and be in scope (ScopeRefusal). Used by every
 * operation that names one case.
 */
export function assertCaseInScope(tx: ReadTx, scope: CaseScope, caseId: string, field = 'caseId'): void {
  const found = tx.get<{ centre_id: string; department_code: string; is_bundle: number }>(
    'SELECT centre_id, department_code, is_bundle FROM case_record WHERE id = ?',
    caseId,
  );
  if (!found) throw new AppError('NOT_FOUND', `找不到编号为 ${caseId} 的办件，请核对后重试。`, { field });
  const childDepartments =
    found.is_bundle === 1 ? tx.column<string>('SELECT department_code FROM case_record WHERE parent_case_id = ?', caseId) : [];
  const admitted = scopeAdmits(scope, {
    centreId: found.centre_id,
    departmentCode: found.department_code,
    isBundle: found.is_bundle === 1,
    childDepartments,
  });
  if (!admitted) throw new ScopeRefusal(scope, caseId);
}

/**
 * A scan is seen by whoever may see its case; a scan still on a draft only by the clerk who
 * made the draft (drafts are nobody else's).
 */
export function assertAttachmentVisible(tx: ReadTx, session: StaffActor, attachmentId: string): void {
  const row = tx.get<{ case_id: string | null; draft_id: string | null; draft_clerk: string | null }>(
    `SELECT a.case_id, a.draft_id, d.clerk_id AS draft_clerk
       FROM attachment a LEFT JOIN intake_draft d ON d.id = a.draft_id
      WHERE a.id = ?`,
    attachmentId,
  );
  if (!row) throw new AppError('NOT_FOUND', '找不到该扫描件。', { field: 'attachmentId' });
  if (row.case_id !== null) {
    assertCaseInScope(tx, scopeOf(tx, session), row.case_id, 'attachmentId');
    return;
  }
  // Answered as if it did not exist: another clerk's draft is not even acknowledged.
  if (row.draft_clerk !== session.userId) throw new AppError('NOT_FOUND', '找不到该扫描件。', { field: 'attachmentId' });
}

/**
 * The daily log and its exports count the whole hall (by window, clerk, department): only a
 * scope of the whole centre may read them.
 */
export function assertCentreScope(scope: CaseScope): void {
  if (scope.kind !== 'centre') {
    throw new AppError('FORBIDDEN', '工作日志与导出涵盖整个中心的办件，您的账号只能查看本部门的办件，无权导出。');
  }
}
