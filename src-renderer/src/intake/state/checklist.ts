import type { ChecklistView } from '@domain/api/views.ts';
import type { IntakeTarget, MaterialStatus } from '@domain/intake/form.ts';
import { ref } from 'vue';
import { messageOf } from '../../shared/api/errors.ts';
import { request, wasHandled } from '../../shared/api/request.ts';
import { alignMaterials } from '../model.ts';
import type { FormState } from './form.ts';

/** The chosen matter's material list and the clerk's verdict on each row. */
export function createChecklistState(form: FormState) {
  const { model, serverErrors, edited } = form;
  const checklist = ref<ChecklistView | null>(null);
  const checklistLoading = ref(false);
  const checklistError = ref<string | null>(null);

  // Only the answer for the latest choice is kept: the clerk may change the matter mid-request.
  let checklistSeq = 0;
  async function loadChecklist(target: IntakeTarget | null): Promise<void> {
    const seq = ++checklistSeq;
    checklistError.value = null;
    if (!target) {
      checklist.value = null;
      model.materials = {};
      return;
    }
    checklistLoading.value = true;
    try {
      const found = await request('catalogue/checklist', { target });
      if (seq !== checklistSeq) return;
      checklist.value = found;
      model.materials = alignMaterials(model.materials, found);
      edited('target');
      delete serverErrors.materials;
    } catch (error) {
      if (seq !== checklistSeq) return;
      checklist.value = null;
      checklistError.value = wasHandled(error) ? null : messageOf(error);
    } finally {
      if (seq === checklistSeq) checklistLoading.value = false;
    }
  }

  async function chooseTarget(target: IntakeTarget | null): Promise<void> {
    model.target = target;
    edited('target');
    await loadChecklist(target);
  }

  function setMaterial(key: string, status: MaterialStatus | null): void {
    model.materials[key] = status;
    edited(`materials.${key}`);
  }

  /** 全部已收取: every row received; the clerk then marks what is missing. */
  function markAllReceived(): void {
    for (const row of checklist.value?.materials ?? []) setMaterial(row.key, 'received');
  }

  function reset(): void {
    checklist.value = null;
    checklistError.value = null;
  }

  return { checklist, checklistLoading, checklistError, loadChecklist, chooseTarget, setMaterial, markAllReceived, reset };
}

export type ChecklistState = ReturnType<typeof createChecklistState>;
