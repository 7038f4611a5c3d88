import '../zod-setup.ts';
import { operations, type OperationName } from '@domain/api/contract.ts';
import type { FormItemRule } from 'element-plus';
import { z } from 'zod';

/**
 * Form rules taken from the API table's own input schemas, so the window shows exactly the
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
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? '输入无效');
}

/**
 * 'submit' is no event Element Plus fires: such a rule runs only on form.validate(), for fields
 * that should not complain while the clerk is still typing or after they were cleared.
 */
export type RuleTrigger = 'blur' | 'change' | 'submit';

export function apiRule(name: OperationName, field: string, trigger: RuleTrigger = 'blur'): FormItemRule {
  const schema = fieldSchema(name, field);
  return {
    trigger,
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const issue = firstIssue(schema, value);
      if (issue === null) callback();
      else callback(new Error(issue));
    },
  };
}

/** The keys main accepts for settings/set, read from the table rather than repeated here. */
export function editableSettingKeys(): readonly string[] {
  const key = fieldSchema('settings/set', 'key');
  return key instanceof z.ZodEnum ? (key.options as readonly string[]) : [];
}
