import { AppError } from '@domain/errors.ts';
import { ElMessage } from 'element-plus';
import { wasHandled } from './request.ts';

/** The Chinese text to show for any failure, API or not. */
export function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return `界面出错：${error.message}。请重试；如反复出现请联系管理员。`;
  return `界面出错：${String(error)}`;
}

/**
 * Shows an error as a message box unless it was already handled (an expired session is shown
 * once, on the way back to the login screen). Nothing is swallowed silently.
 */
export function reportError(error: unknown): void {
  if (wasHandled(error)) return;
  ElMessage({ type: 'error', message: messageOf(error), duration: 8000, showClose: true, grouping: true });
}

/**
 * The form field an API error belongs to, if it is one of `fields`: the message is then shown at
 * that field instead of in a box.
 */
export function fieldErrorOf<F extends string>(error: unknown, fields: readonly F[]): { field: F; message: string } | null {
  if (!(error instanceof AppError) || error.field === undefined) return null;
  const field = fields.find((f) => f === error.field);
  return field === undefined ? null : { field, message: error.message };
}
