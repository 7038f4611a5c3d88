import '../../zod-setup.ts';
import { operations, type OperationInput, type OperationName } from '@domain/api/contract.ts';
import type { z } from 'zod';
import type { FormErrorsOptions } from './form-errors.ts';
import { inputFieldSchema, useInputForm, type ApiForm } from './input-form.ts';

/**
 * Form checks taken from the API table's own input schemas, so the window shows exactly the
 * Chinese message main would return, before the round trip (input-form.ts does the checking).
 */
export function fieldSchema(name: OperationName, field: string): z.ZodType {
  return inputFieldSchema(operations[name].input, field, name);
}

export { firstIssue, type ApiForm } from './input-form.ts';

export function useApiForm<F extends string>(name: OperationName, fields: readonly F[], options: FormErrorsOptions<F> = {}): ApiForm<F> {
  return useInputForm(operations[name].input, fields, name, options);
}

export type SettingKey = OperationInput<'settings/set'>['key'];

/** The keys main accepts for settings/set, read from the table rather than repeated here. */
export function editableSettingKeys(): readonly SettingKey[] {
  return operations['settings/set'].input.shape.key.options;
}

export function isSettingKey(key: string): key is SettingKey {
  return (editableSettingKeys() as readonly string[]).includes(key);
}
