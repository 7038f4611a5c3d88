import type { Role } from './roles.ts';

/**
 * What a session may see of the centre's cases: THE rule, written once. Lists, search, detail,
 * the audited reveal, scans, prints, queues and exports all ask it (through
 * src-main/services/access/case-scope.ts, which turns it into SQL and checks).
 *
 * - clerk, supervisor: every case of their centre (一窗受理: any window takes any matter, and the
 *   supervisor answers for the whole hall).
 * - reviewer: the cases of their own department only (受审分离), wherever they were taken: a
 *   跨区通办 case taken at another centre for their department's matter is theirs to decide (the
 *   gateway brings a PC only its centre's cases and those its departments decide). A 一件事
 *   parent belongs to no department; a reviewer sees it only through a child case of their own
 *   department, and of its children only those.
 * - admin, or a reviewer with no department: no cases at all.
 *
 * Drafts and the scans attached to them are not cases: only the clerk who made them sees them,
 * whatever the role (services/intake/drafts.ts, and `draftOwner` below for scans).
 */
export type CaseScope =
  | { kind: 'centre'; centreId: string }
  | { kind: 'department'; departmentCode: string }
  | { kind: 'none' };

export interface ScopeSubject {
  role: Role;
  centreId: string | null;
  departmentCode: string | null;
}

export function caseScopeOf(subject: ScopeSubject): CaseScope {
  if (subject.centreId === null) return { kind: 'none' };
  switch (subject.role) {
    case 'clerk':
    case 'supervisor':
      return { kind: 'centre', centreId: subject.centreId };
    case 'reviewer':
      return subject.departmentCode ? { kind: 'department', departmentCode: subject.departmentCode } : { kind: 'none' };
    case 'admin':
      return { kind: 'none' };
  }
}

/** The facts about one case the rule needs. */
export interface ScopedCase {
  centreId: string;
  departmentCode: string;
  isBundle: boolean;
  /** For a 一件事 parent: the departments of its child cases. */
  childDepartments: readonly string[];
}

export function scopeAdmits(scope: CaseScope, found: ScopedCase): boolean {
  switch (scope.kind) {
    case 'none':
      return false;
    case 'centre':
      return found.centreId === scope.centreId;
    case 'department':
      return found.isBundle ? found.childDepartments.includes(scope.departmentCode) : found.departmentCode === scope.departmentCode;
  }
}

/** The message a refused look at a case answers with: says what the rule is and what to do. */
export function outOfScopeMessage(scope: CaseScope): string {
  if (scope.kind === 'department') {
    return `该办件不属于本部门（${scope.departmentCode}）。后台审批人员只能查看本部门的办件；如需协办，请联系窗口负责人改派。`;
  }
  return '您的账号无权查看办件。如需查看，请联系管理员调整角色或所属部门。';
}
