import '../../zod-setup.ts';
import { guardedInput } from '@domain/api/input-guard.ts';
import { z } from 'zod';
import { useFormErrors, type FormErrors, type FormErrorsOptions } from './form-errors.ts';

/**
 * Form checks from one operation's input schema, handed in by the form. Apart from the API table
 * (validation.ts) so that a screen can bring only its own operation's schemas: the login screen
 * takes session/login's from its slice and does not build the whole table before it can be used.
 */
export function inputFieldSchema(input: z.ZodType, field: string, operation = 'the operation'): z.ZodType {
  if (!(input instanceof z.ZodObject)) throw new Error(`${operation} has no object input`);
  const schema: unknown = input.shape[field];
  if (!(schema instanceof z.ZodType)) throw new Error(`${operation} has no field ${field}`);
  return schema;
}

export function firstIssue(schema: z.ZodType, value: unknown): string | null {
  // The check main runs on every input first (control characters), so the field says it too.
  const guarded = guardedInput.safeParse(value);
  if (!guarded.success) return guarded.error.issues[0]?.message ?? '输入无效';
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? '输入无效');
}

export interface ApiForm<F extends string> extends FormErrors<F> {
  /** Checks one field (on blur); true when it is fine. */
  check(field: F, value: unknown): boolean;
  /** Checks every field (on submit); true when all are fine. */
  checkAll(values: Record<F, unknown>): boolean;
}

/**
 * Client-side checks and main's answers both land in `errors` (useFormErrors), shown through
 * el-form-item's `error` prop: one way to show a message at a field. (Element Plus's own rule
 * engine is not used: its messages would be a second, differently worded set.)
 */
export function useInputForm<F extends string>(input: z.ZodType, fields: readonly F[], operation?: string, options: FormErrorsOptions<F> = {}): ApiForm<F> {
  const schemas = new Map(fields.map((field) => [field, inputFieldSchema(input, field, operation)] as const));
  const form = useFormErrors(fields, options);

  function check(field: F, value: unknown): boolean {
    const schema = schemas.get(field);
    const issue = schema ? firstIssue(schema, value) : null;
    form.errors[field] = issue ?? '';
    return issue === null;
  }

  return Object.assign(form, {
    check,
    checkAll: (values: Record<F, unknown>) => fields.map((field) => check(field, values[field])).every(Boolean),
  });
}
