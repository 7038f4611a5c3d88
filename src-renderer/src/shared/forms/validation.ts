import '../../zod-setup.ts';
import { operations, type OperationInput, type OperationName } from '@domain/api/contract.ts';
import { guardedInput } from '@domain/api/input-guard.ts';
import { reactive } from 'vue';
import { z } from 'zod';
import { fieldErrorOf } from '../api/errors.ts';

/**
 * Form checks taken from the API table's own input schemas, so the window shows exactly the
 * Chinese message main would return, before the round trip.
 */
export function fieldSchema(name: OperationName, field: string): z.ZodType {
  const input: z.ZodType = operations[name].input;
  if (!(input instanceof z.ZodObject)) throw new Error(`${name} has no object input`);
  const schema: unknown = input.shape[field];
  if (!(schema instanceof z.ZodType)) throw new Error(`${name} has no field ${field}`);
  return schema;
}

export function firstIssue(schema: z.ZodType, value: unknown): string | null {
  // The check main runs on every input first (control characters), so the field says it too.
  const guarded = guardedInput.safeParse(value);
  if (!guarded.success) return guarded.error.issues[0]?.message ?? '输入无效';
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? '输入无效');
}

export interface ApiForm<F extends string> {
  /** The message at each field ('' for none); bind to el-form-item's `error`. */
  errors: Record<F, string>;
  /** Checks one field (on blur); true when it is fine. */
  check(field: F, value: unknown): boolean;
  /** Checks every field (on submit); true when all are fine. */
  checkAll(values: Record<F, unknown>): boolean;
  /** Shows an API error at its field if it names one of ours; false if it does not. */
  showAtField(error: unknown): boolean;
  clear(): void;
}

/**
 * Client-side checks and main's answers both land in `errors`, shown through el-form-item's
 * `error` prop: one way to show a message at a field. (Element Plus's own rule engine is not
 * used: its messages would be a second, differently worded set.)
 */
export function useApiForm<F extends string>(name: OperationName, fields: readonly F[]): ApiForm<F> {
  const schemas = new Map(fields.map((field) => [field, fieldSchema(name, field)] as const));
  const errors = reactive(Object.fromEntries(fields.map((field) => [field, '']))) as Record<F, string>;

  function check(field: F, value: unknown): boolean {
    const schema = schemas.get(field);
    const issue = schema ? firstIssue(schema, value) : null;
    errors[field] = issue ?? '';
    return issue === null;
  }

  return {
    errors,
    check,
    checkAll: (values) => fields.map((field) => check(field, values[field])).every(Boolean),
    showAtField(error) {
      const atField = fieldErrorOf(error, fields);
      if (!atField) return false;
      errors[atField.field] = atField.message;
      return true;
    },
    clear() {
      for (const field of fields) errors[field] = '';
    },
  };
}

export type SettingKey = OperationInput<'settings/set'>['key'];

/** The keys main accepts for settings/set, read from the table rather than repeated here. */
export function editableSettingKeys(): readonly SettingKey[] {
  return operations['settings/set'].input.shape.key.options;
}

export function isSettingKey(key: string): key is SettingKey {
  return (editableSettingKeys() as readonly string[]).includes(key);
}
