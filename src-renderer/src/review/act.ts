import '../zod-setup.ts';
import { operations, type OperationInput } from '@domain/api/contract.ts';
import type { CaseDetailView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import type { ActionType } from '@domain/lifecycle/machine.ts';
import { request } from '../shared/api/request.ts';

/** One lifecycle action as `cases/act` takes it. */
export type Act = OperationInput<'cases/act'>['act'];

/**
 * Sends one action for the case as the screen shows it: the version goes along, so a case that
 * moved on meanwhile is refused ("办件已被他人更新，请刷新后再操作") rather than acted on blindly.
 */
export function actOn(detail: CaseDetailView, act: Act): Promise<CaseDetailView> {
  return request('cases/act', { caseId: detail.id, expectedVersion: detail.lifecycle?.version, act });
}

export type FieldErrors = Record<string, string>;

/** Checks an action with the API table's own schema: the same Chinese messages main would give. */
export function parseAct(raw: Record<string, unknown>): { ok: true; act: Act } | { ok: false; errors: FieldErrors } {
  const result = operations['cases/act'].input.shape.act.safeParse(raw);
  if (result.success) return { ok: true, act: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * The form field an API error names, in the form's own terms: main reports input fields as
 * `act.opinion` and payload problems as `payload.reason`; both are `opinion`/`reason` here.
 */
export function apiFieldOf(error: unknown): string | null {
  if (!(error instanceof AppError) || !error.field) return null;
  return error.field.replace(/^(act|payload)\./, '');
}

/** Actions other parts of the drawer take (notes, prints) or that only happen at intake. */
const elsewhere: ReadonlySet<ActionType> = new Set(['note', 'document.printed', 'intake.accepted', 'intake.notice', 'intake.refused']);

/** The buttons of the action panel: exactly the allowed actions, minus those handled elsewhere. */
export function panelActions(allowed: readonly ActionType[]): ActionType[] {
  return allowed.filter((action) => !elsewhere.has(action));
}

/** Taken at once, without a form: nothing to fill in, nothing lost if it was a slip. */
export const immediateActions: ReadonlySet<ActionType> = new Set(['case.transferred', 'review.claimed']);
