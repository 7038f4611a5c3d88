import type { DuplicateCaseView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import { screenField } from './model.ts';

export interface FieldMessage {
  field: string;
  message: string;
}

function isFieldMessage(value: unknown): value is FieldMessage {
  return typeof value === 'object' && value !== null && typeof (value as FieldMessage).field === 'string' && typeof (value as FieldMessage).message === 'string';
}

/**
 * Every field-level problem in a refusal from main, on the screen's field paths. A schema refusal
 * lists each issue in `details` (its own message, without the “输入有误” preamble); a material
 * rule lists each row. An error that names no field gives an empty list: show it as a message.
 */
export function fieldErrorsOf(error: unknown, lineKeys: readonly string[]): FieldMessage[] {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION') return [];
  const listed = Array.isArray(error.details) ? error.details.filter(isFieldMessage).filter((d) => d.field !== '') : [];
  const raw = listed.length > 0 ? listed : error.field ? [{ field: error.field, message: error.message }] : [];
  const seen = new Set<string>();
  const out: FieldMessage[] = [];
  for (const item of raw) {
    const field = screenField(item.field, lineKeys);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: item.message });
  }
  return out;
}

/** Main refused because the same applicant had the same matter recently: the earlier cases. */
export function duplicatesOf(error: unknown): DuplicateCaseView[] | null {
  if (!(error instanceof AppError) || error.code !== 'CONFLICT') return null;
  const details = error.details as { duplicates?: unknown } | null | undefined;
  const list = details?.duplicates;
  return Array.isArray(list) ? (list as DuplicateCaseView[]) : null;
}
