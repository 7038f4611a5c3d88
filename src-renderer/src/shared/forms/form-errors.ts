import { reactive, watch } from 'vue';
import { fieldErrorOf, messageOf } from '../api/errors.ts';
import { wasHandled } from '../api/request.ts';

export interface FormErrors<F extends string> {
  /** The message at each field ('' for none); bind to el-form-item's `error`. */
  errors: Record<F, string>;
  /** A failure that belongs to no field of this form ('' for none), for the form's own alert. */
  general: string;
  /** Shows a failure at the field main named (one of ours, by name or by path); false if it names none. */
  showAtField(error: unknown): boolean;
  /** Shows a failure at its field, or else as the general message; one already handled shows nothing. */
  show(error: unknown): void;
  /** Clears every message, the fields' and the general one. */
  clear(): void;
}

export interface FormErrorsOptions<F extends string> {
  /**
   * The form's values: a field's message is cleared as soon as its value changes, so a message
   * never stays beside a value it no longer describes.
   */
  values?: () => Partial<Record<F, unknown>>;
  /**
   * Main's field paths that belong to a field under another name, e.g. `admin.username` →
   * `username` (a field's own name always maps to itself).
   */
  paths?: Readonly<Record<string, F>>;
}

/**
 * The one way a form shows failures: main's answer (AppError.field, a path into the input) at the
 * field it names, in main's Chinese words; anything else as the form's general message; each
 * field's message cleared when its value changes.
 */
export function useFormErrors<F extends string>(fields: readonly F[], options: FormErrorsOptions<F> = {}): FormErrors<F> {
  const paths = options.paths ?? {};
  const form: FormErrors<F> = reactive({
    errors: Object.fromEntries(fields.map((field) => [field, ''])) as Record<F, string>,
    general: '',
    showAtField(error: unknown): boolean {
      const atField = fieldErrorOf(error, [...fields, ...Object.keys(paths)]);
      if (!atField) return false;
      const field = (fields as readonly string[]).includes(atField.field) ? (atField.field as F) : paths[atField.field];
      if (field === undefined) return false;
      form.errors[field] = atField.message;
      return true;
    },
    show(error: unknown): void {
      if (wasHandled(error) || form.showAtField(error)) return;
      form.general = messageOf(error);
    },
    clear(): void {
      for (const field of fields) form.errors[field] = '';
      form.general = '';
    },
  }) as FormErrors<F>;

  const values = options.values;
  if (values) {
    for (const field of fields) {
      watch(
        () => values()[field],
        () => {
          form.errors[field] = '';
        },
      );
    }
  }
  return form;
}
