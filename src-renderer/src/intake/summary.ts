import type { ChecklistView } from '@domain/api/views.ts';
import { idTypeLabels, type MaterialStatus } from '@domain/intake/form.ts';
import { normalizeId, todayInChina, type IntakeModel } from './model.ts';

export interface MaterialCounts {
  received: number;
  missing: number;
  deferred: number;
  unset: number;
}

/** The decision bar's tally of the checklist; null while there is no checklist. */
export function materialCounts(checklist: ChecklistView | null, materials: Record<string, MaterialStatus | null>): MaterialCounts | null {
  const rows = checklist?.materials ?? [];
  if (rows.length === 0) return null;
  const counts: MaterialCounts = { received: 0, missing: 0, deferred: 0, unset: 0 };
  for (const row of rows) {
    const status = materials[row.key] ?? null;
    if (status === null) counts.unset++;
    else counts[status]++;
  }
  return counts;
}

/** Fields with a message on screen right now (the refusal reason is the dialog's). */
export function problemCount(serverErrors: Record<string, string>, shownErrors: Iterable<string> | null): number {
  const fields = new Set(Object.keys(serverErrors));
  if (shownErrors) for (const field of shownErrors) fields.add(field);
  fields.delete('refusalReason');
  return fields.size;
}

/** This intake as the duplicate dialog sets it beside the earlier cases. */
export function currentSummary(model: IntakeModel, title: string, applicantName: string) {
  const individual = model.applicantType === 'individual';
  return {
    title,
    applicantName,
    idLabel: individual ? idTypeLabels[model.individual.idType] : '统一社会信用代码',
    idValue: normalizeId(individual ? model.individual.idNumber : model.enterprise.creditCode),
    date: todayInChina(),
  };
}
