import type { DuplicateCaseView } from '@domain/api/views.ts';
import { nextTick, ref } from 'vue';
import { focusField, focusFirstError } from '../focus.ts';
import type { DecisionKind, useIntakeStore } from '../store.ts';

interface DecideFlowDeps {
  store: ReturnType<typeof useIntakeStore>;
  formElement: () => HTMLElement | null;
  /** After a decision: the result panel takes the focus. */
  focusResult: () => void;
  /** After a decision: the draft it came from is gone. */
  refreshDraftCount: () => void;
}

/**
 * The screen's side of a decision: the refusal reason dialog, the duplicate warning and where
 * the focus goes after each outcome.
 */
export function useDecideFlow({ store, formElement, focusResult, refreshDraftCount }: DecideFlowDeps) {
  const refuseOpen = ref(false);
  const refuseReason = ref('');
  const duplicateOpen = ref(false);
  const duplicateList = ref<DuplicateCaseView[]>([]);
  const pendingKind = ref<DecisionKind | null>(null);

  async function decide(kind: DecisionKind): Promise<void> {
    const outcome = await store.decide(kind, kind === 'refuse' ? refuseReason.value : undefined);
    switch (outcome.kind) {
      case 'done':
        refuseOpen.value = false;
        refuseReason.value = '';
        duplicateOpen.value = false;
        pendingKind.value = null;
        refreshDraftCount();
        await nextTick();
        focusResult();
        break;
      case 'invalid': {
        const onForm = outcome.fields.filter((f) => f !== 'refusalReason');
        if (onForm.length === 0) return; // only the reason: the dialog shows it and keeps the focus
        refuseOpen.value = false;
        await nextTick();
        const form = formElement();
        if (form && focusFirstError(form, onForm) === null) focusField(form, onForm[0] ?? 'target');
        break;
      }
      case 'duplicates':
        duplicateList.value = outcome.duplicates;
        pendingKind.value = kind;
        duplicateOpen.value = true;
        break;
      case 'failed':
        break;
    }
  }

  async function confirmDuplicates(): Promise<void> {
    store.acknowledge(duplicateList.value.map((d) => d.id));
    duplicateOpen.value = false;
    const kind = pendingKind.value;
    if (kind) await decide(kind);
  }

  /** 不予受理 needs a valid applicant too: those fields first, then the reason. */
  async function openRefuse(): Promise<void> {
    const fields = store.check('refuse').filter((f) => f !== 'refusalReason');
    if (fields.length > 0) {
      await nextTick();
      const form = formElement();
      if (form) focusFirstError(form, fields);
      return;
    }
    refuseOpen.value = true;
  }

  return { refuseOpen, refuseReason, duplicateOpen, duplicateList, pendingKind, decide, confirmDuplicates, openRefuse };
}
