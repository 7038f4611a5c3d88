import { reactive, ref } from 'vue';
import { emptyModel, normalizeId, type IntakeModel } from '../model.ts';

/** Which rules the messages show: none until a decision is tried, then all (or a refusal's). */
export type SubmitMode = null | 'full' | 'refuse';

/**
 * The form being filled in and the messages at its fields: the schema's, shown once a field was
 * left (or on submit); main's, until the clerk edits the field.
 */
export function createFormState() {
  const model = reactive<IntakeModel>(emptyModel());
  const touched = reactive(new Set<string>());
  const submitMode = ref<SubmitMode>(null);
  const serverErrors = reactive<Record<string, string>>({});

  /** Complete numbers show their check result as they are typed; anything else waits for the field to be left. */
  function isLive(path: string): boolean {
    if (path === 'applicant.idNumber') return model.applicantType === 'individual' && normalizeId(model.individual.idNumber).length >= 18;
    if (path === 'agent.idNumber') return normalizeId(model.agent.idNumber).length >= 18;
    if (path === 'applicant.creditCode') return normalizeId(model.enterprise.creditCode).length >= 18;
    return false;
  }

  function touch(path: string): void {
    touched.add(path);
  }

  /** The clerk changed the field: main's old verdict on it no longer applies. */
  function edited(path: string): void {
    delete serverErrors[path];
    if (path.startsWith('materials.')) delete serverErrors.materials;
  }

  function clearServerErrors(): void {
    for (const key of Object.keys(serverErrors)) delete serverErrors[key];
  }

  function clearMessages(): void {
    touched.clear();
    submitMode.value = null;
    clearServerErrors();
  }

  function reset(): void {
    Object.assign(model, emptyModel());
    clearMessages();
  }

  return { model, touched, submitMode, serverErrors, isLive, touch, edited, clearServerErrors, clearMessages, reset };
}

export type FormState = ReturnType<typeof createFormState>;
