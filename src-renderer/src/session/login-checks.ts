import { sessionOperations } from '@domain/api/operations/session.ts';
import { firstIssue, inputFieldSchema } from '../shared/forms/input-form.ts';

/**
 * The login form's field checks, from session/login's own input schema (the messages main would
 * answer with). Loaded by LoginForm once the form is shown: the schema library is not needed to
 * type a user name, so the first screen does not wait for it.
 */
const input = sessionOperations['session/login'].input;
const schemas = {
  username: inputFieldSchema(input, 'username', 'session/login'),
  password: inputFieldSchema(input, 'password', 'session/login'),
};

export type LoginField = keyof typeof schemas;

/** The first problem with a field's value, or null. */
export function loginIssue(field: LoginField, value: unknown): string | null {
  return firstIssue(schemas[field], value);
}
