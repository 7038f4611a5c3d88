import { AppError } from '@domain/errors.ts';

/** The Chinese text to show for any failure, API or not. */
export function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return `界面出错：${error.message}。请重试；如反复出现请联系管理员。`;
  return `界面出错：${String(error)}`;
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
