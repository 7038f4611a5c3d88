import { ElMessage } from 'element-plus';
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { focusNextField, isEnterToNext, shortcutOf, type IntakeShortcut } from '../keyboard.ts';
import type { DecisionKind, useIntakeStore } from '../store.ts';

interface IntakeKeysDeps {
  store: ReturnType<typeof useIntakeStore>;
  root: Ref<HTMLElement | null>;
  formElement: () => HTMLElement | null;
  /** A dialog or drawer of the screen is open and answers its own keys. */
  dialogOpen: () => boolean;
  decide: (kind: DecisionKind) => Promise<void>;
  openRefuse: () => Promise<void>;
  save: () => Promise<void>;
  next: () => Promise<void>;
}

/** The intake screen's keys: the Alt/Ctrl shortcuts anywhere on it, Enter to the next field. */
export function useIntakeKeys(deps: IntakeKeysDeps) {
  const { store } = deps;

  function runShortcut(shortcut: IntakeShortcut): void {
    switch (shortcut) {
      case 'accept':
        void deps.decide('accept');
        break;
      case 'notice':
        void deps.decide('notice');
        break;
      case 'refuse':
        void deps.openRefuse();
        break;
      case 'save':
        void deps.save();
        break;
      case 'prefill':
        if (store.applyProfile()) ElMessage({ type: 'success', message: '已填入以往登记的信息，请与申请人核对。', grouping: true });
        break;
      case 'allReceived':
        store.markAllReceived();
        break;
      case 'next':
        break;
    }
  }

  function onWindowKeydown(event: KeyboardEvent): void {
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    // Open dialogs and boxes answer their own keys (Ctrl+Enter in the refusal reason, Esc…).
    if (deps.dialogOpen() || document.querySelector('.el-message-box')) return;
    event.preventDefault();
    event.stopPropagation();
    if (store.result) {
      if (shortcut === 'next') void deps.next();
      return;
    }
    runShortcut(shortcut);
  }

  /** Enter in a field moves to the next field; after the last one, to 受理. */
  function onKeydownCapture(event: KeyboardEvent): void {
    const form = deps.formElement();
    const target = event.target;
    if (!form || !(target instanceof HTMLElement) || !form.contains(target) || !isEnterToNext(event)) return;
    // An empty 事项 box: Enter opens the list.
    if (target.closest('[data-field="target"]') && !store.model.target) return;
    event.preventDefault();
    event.stopPropagation();
    if (!focusNextField(form, target)) deps.root.value?.querySelector<HTMLElement>('[data-testid="decide-accept"]')?.focus();
  }

  onMounted(() => window.addEventListener('keydown', onWindowKeydown, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onWindowKeydown, true));

  return { onKeydownCapture };
}
