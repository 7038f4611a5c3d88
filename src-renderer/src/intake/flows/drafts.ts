import { ElMessage, ElMessageBox } from 'element-plus';
import { ref } from 'vue';
import { reportError } from '../../shared/api/report-error.ts';
import { request } from '../../shared/api/request.ts';
import { isBlank } from '../model.ts';
import type { useIntakeStore } from '../store.ts';

interface DraftsFlowDeps {
  store: ReturnType<typeof useIntakeStore>;
  /** After a draft is opened: back to the first field. */
  focusStart: () => void;
}

export async function confirmDiscard(message: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, '放弃当前登记', { type: 'warning', confirmButtonText: '放弃', cancelButtonText: '取消' });
    return true;
  } catch {
    return false; // the clerk chose to keep the form
  }
}

/** 暂存 and 暂存件: saving, the count on the button, opening a draft over unsaved work. */
export function useDraftsFlow({ store, focusStart }: DraftsFlowDeps) {
  const draftsOpen = ref(false);
  const draftCount = ref(0);

  async function refreshDraftCount(): Promise<void> {
    try {
      draftCount.value = (await request('intake/drafts', {})).length;
    } catch (error) {
      reportError(error);
    }
  }

  async function save(): Promise<void> {
    // Ctrl+S on an empty form is a slip of the hand, not a draft worth keeping.
    if (isBlank(store.model)) {
      ElMessage({ type: 'info', message: '当前登记还没有填写任何内容，无需暂存。', grouping: true });
      return;
    }
    if (await store.saveDraft()) {
      ElMessage({ type: 'success', message: '已暂存。可在“暂存件”中继续办理。', grouping: true });
      void refreshDraftCount();
    }
  }

  async function resume(draftId: string): Promise<void> {
    if (store.dirty && !(await confirmDiscard('当前登记有未暂存的内容，打开暂存件将替换它。确定继续？'))) return;
    if (await store.resumeDraft(draftId)) {
      draftsOpen.value = false;
      ElMessage({ type: 'success', message: '已打开暂存件，请继续办理。', grouping: true });
      focusStart();
    }
  }

  /** A draft discarded from the drawer: if it is the one on screen, the screen no longer has one. */
  function onDiscarded(draftId: string): void {
    if (store.draftId === draftId) {
      store.draftId = null;
      store.draftSavedAt = null;
      store.attachments = [];
    }
  }

  return { draftsOpen, draftCount, refreshDraftCount, save, resume, onDiscarded };
}
