import type { CaseRowView } from '@domain/api/views.ts';

// el-table types its slot rows loosely (Record<PropertyKey, any>); case tables only ever hold CaseRowView.
export function caseOf(row: unknown): CaseRowView {
  return row as CaseRowView;
}
