import type { AttachmentView } from '@domain/api/views.ts';
import type { IntakeTarget } from '@domain/intake/form.ts';
import { computed, ref, type Ref } from 'vue';
import { reportError } from '../../shared/api/report-error.ts';
import { request } from '../../shared/api/request.ts';
import { emptyModel, fromDraftForm, toDraftForm } from '../model.ts';
import type { FormState } from './form.ts';

/** What the store is doing: one decision or one save at a time. */
export type IntakeBusy = null | 'accept' | 'notice' | 'refuse' | 'save';

interface DraftsDeps {
  title: Ref<string>;
  busy: Ref<IntakeBusy>;
  /** Clears the whole screen before a draft is opened into it. */
  resetAll: () => void;
  loadChecklist: (target: IntakeTarget | null) => Promise<void>;
}

function snapshotOf(form: FormState): string {
  return JSON.stringify(toDraftForm(form.model, ''));
}

/**
 * 暂存: the clerk's unfinished intake saved under a draft id, with the scans attached to it
 * (a scan belongs to a draft). `dirty` compares the form with what was last saved.
 */
export function createDraftsState(form: FormState, deps: DraftsDeps) {
  const { model } = form;
  const draftId = ref<string | null>(null);
  const draftSavedAt = ref<string | null>(null);
  const savedSnapshot = ref<string>(JSON.stringify(toDraftForm(emptyModel(), '')));
  const attachments = ref<AttachmentView[]>([]);

  const dirty = computed(() => snapshotOf(form) !== savedSnapshot.value);

  function markSaved(saved: { draftId: string; updatedAt: string }): void {
    draftId.value = saved.draftId;
    draftSavedAt.value = saved.updatedAt;
    savedSnapshot.value = snapshotOf(form);
  }

  async function saveDraft(): Promise<boolean> {
    if (deps.busy.value) return false;
    deps.busy.value = 'save';
    try {
      const draftForm = toDraftForm(model, deps.title.value);
      markSaved(await request('intake/saveDraft', { draftId: draftId.value ?? undefined, form: { ...draftForm } }));
      return true;
    } catch (error) {
      reportError(error);
      return false;
    } finally {
      deps.busy.value = null;
    }
  }

  /** A scan belongs to a draft: the first scan saves one. */
  async function ensureDraft(): Promise<string> {
    if (draftId.value) return draftId.value;
    const saved = await request('intake/saveDraft', { form: { ...toDraftForm(model, deps.title.value) } });
    markSaved(saved);
    return saved.draftId;
  }

  async function resumeDraft(id: string): Promise<boolean> {
    try {
      const draft = await request('intake/getDraft', { draftId: id });
      deps.resetAll();
      const restored = fromDraftForm(draft.form);
      Object.assign(model, restored);
      draftId.value = draft.draftId;
      draftSavedAt.value = draft.updatedAt;
      attachments.value = draft.attachments;
      if (restored.target) await deps.loadChecklist(restored.target);
      savedSnapshot.value = snapshotOf(form);
      return true;
    } catch (error) {
      reportError(error);
      return false;
    }
  }

  function reset(): void {
    draftId.value = null;
    draftSavedAt.value = null;
    savedSnapshot.value = JSON.stringify(toDraftForm(emptyModel(), ''));
    attachments.value = [];
  }

  return { draftId, draftSavedAt, attachments, dirty, saveDraft, ensureDraft, resumeDraft, reset };
}

export type DraftsState = ReturnType<typeof createDraftsState>;
