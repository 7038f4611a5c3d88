import type { SyncItemView, SyncRunView, SyncStatusView } from '@domain/api/sync-views.ts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { messageOf } from '../shared/api/errors.ts';
import { request } from '../shared/api/request.ts';

/** The link to the central platform as the status bar, the 同步 page and the admin see it. */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatusView | null>(null);
  const statusError = ref<string | null>(null);
  const items = ref<SyncItemView[]>([]);
  const itemsError = ref<string | null>(null);
  const running = ref(false);

  // Polled: a failure is kept for inline display rather than a message box every few seconds.
  async function loadStatus(): Promise<void> {
    try {
      status.value = await request('sync/status', {});
      statusError.value = null;
    } catch (error) {
      statusError.value = messageOf(error);
    }
  }

  async function loadItems(): Promise<void> {
    try {
      items.value = await request('sync/items', {});
      itemsError.value = null;
    } catch (error) {
      itemsError.value = messageOf(error);
    }
  }

  /** 立即同步; throws main's Chinese message for the caller to show. */
  async function syncNow(): Promise<SyncRunView> {
    running.value = true;
    try {
      const run = await request('sync/now', {});
      status.value = run.status;
      return run;
    } finally {
      running.value = false;
      await Promise.all([loadStatus(), loadItems()]);
    }
  }

  async function register(input: { gatewayUrl: string; code: string; deviceName: string }): Promise<SyncStatusView> {
    status.value = await request('sync/register', input);
    return status.value;
  }

  return { status, statusError, items, itemsError, running, loadStatus, loadItems, syncNow, register };
});
