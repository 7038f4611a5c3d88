import type { DuplicateCaseView } from '@domain/api/views.ts';
import { ElMessageBox } from 'element-plus';
import { h, nextTick, ref } from 'vue';
import { bundleAcceptPreview, noticePreview, type DecisionPreview } from '../confirm.ts';
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

/** Asks the clerk; false when they step back (Esc, 取消, the close button). */
async function confirmPreview(preview: DecisionPreview): Promise<boolean> {
  const message = h('div', { class: 'decision-preview', 'data-testid': 'decision-preview' }, [
    h('p', preview.lead),
    preview.items.length > 0 ? h('ul', preview.items.map((item) => h('li', item))) : null,
  ]);
  try {
    await ElMessageBox.confirm(message, preview.title, { confirmButtonText: preview.confirmText, cancelButtonText: '返回修改', type: 'info' });
    return true;
  } catch {
    return false; // the clerk went back to the form; nothing was sent
  }
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

  /** What needs saying before this decision, once the form is complete (else the fields speak first). */
  function previewOf(kind: DecisionKind): DecisionPreview | null {
    if (kind === 'refuse' || store.check(kind).length > 0) return null;
    return kind === 'accept' ? bundleAcceptPreview(store.selected) : noticePreview(store.checklist, store.model.materials);
  }

  /** `confirmed`: the clerk already said yes (going on after the duplicate warning). */
  async function decide(kind: DecisionKind, confirmed = false): Promise<void> {
    if (store.busy) return;
    const preview = confirmed ? null : previewOf(kind);
    if (preview && !(await confirmPreview(preview))) return;
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
    if (kind) await decide(kind, true);
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
